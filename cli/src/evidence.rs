//! `burao evidence export --state DIR`: messages received after an opt-out.

use std::path::PathBuf;

use burao_core::engine::date_string;
use burao_core::Screener;
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Print one JSON line per message received after the user opted out.
    Export {
        /// The state directory used with `burao screen … --state`.
        #[arg(long, value_name = "DIR")]
        state: PathBuf,
    },
}

pub fn run(cmd: EvidenceCommand) -> Result<(), String> {
    match cmd {
        EvidenceCommand::Export { state } => {
            if !state.join("state.bin").exists() {
                return Err(format!("no state in {}", state.display()));
            }
            let s = Screener::with_default_bundle();
            if let Some(w) = crate::screen::open_state(&s, &state)? {
                eprintln!("burao: warning: {w}");
            }
            for e in s.evidence() {
                let line = json!({
                    "sender": e.sender,
                    "received": date_string(e.received_unix),
                    "received_unix": e.received_unix,
                    "category": e.category,
                    "opted_out": date_string(e.withdrawn_unix),
                    "opted_out_unix": e.withdrawn_unix,
                    "body": e.body,
                });
                println!("{line}");
            }
            Ok(())
        }
    }
}

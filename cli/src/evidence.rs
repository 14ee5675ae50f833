//! `burao evidence export --state DIR`: messages received after an opt-out.

use std::path::PathBuf;

use burao_core::engine::date_string;
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
            // Read only, no lock: works after a full disk, beside a running screener.
            let (s, _) = crate::state::load(&state)?;
            for e in s.consent.evidence() {
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

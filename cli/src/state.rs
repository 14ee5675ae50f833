//! `burao state show --state DIR`: what a state directory holds, as counts.

use std::path::{Path, PathBuf};

use burao_core::engine::consent::ConsentState;
use burao_core::engine::state::UserState;
use burao_core::store;
use clap::Subcommand;
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum StateCommand {
    /// Print a JSON summary of DIR/state.bin: format version and counts of
    /// calls, consent records, evidence, feedback and rules. Never a number
    /// or a message body. Reads only: works on a full or read-only disk.
    Show {
        /// The state directory used with `burao screen … --state`.
        #[arg(long, value_name = "DIR")]
        state: PathBuf,
    },
}

pub fn run(cmd: StateCommand) -> Result<(), String> {
    match cmd {
        StateCommand::Show { state } => {
            let (s, warning) = load(&state)?;
            let withdrawn = s.consent.records().filter(|r| r.state.withdrawn()).count();
            let consented = s
                .consent
                .records()
                .filter(|r| r.state == ConsentState::Consented)
                .count();
            let rules = serde_json::from_str::<Value>(&s.rules_json)
                .ok()
                .and_then(|v| v.get("rules").and_then(Value::as_array).map(Vec::len));
            let spam = s.feedback.records().iter().filter(|f| f.is_spam).count();
            let line = json!({
                "format_version": UserState::VERSION,
                "restored_from_last_good_copy": warning.is_some(),
                "history_calls": s.history.calls().len(),
                "consent_records": s.consent.records().count(),
                "consented": consented,
                "refused_or_opted_out": withdrawn,
                "evidence": s.consent.evidence().len(),
                "feedback": s.feedback.records().len(),
                "feedback_spam": spam,
                "rules": rules,
                "emergency_numbers": s.emergency.len(),
                "keep_evidence_bodies": s.keep_evidence_bodies,
                "utc_offset_minutes": s.utc_offset_minutes,
                "history_cap": s.behaviour.history_cap,
            });
            println!("{line}");
            Ok(())
        }
    }
}

/// Reads DIR/state.bin (or its last good copy) without locking or writing.
pub fn load(dir: &Path) -> Result<(UserState, Option<String>), String> {
    let path = dir.join("state.bin");
    match store::load_verified(&path, UserState::parse_file) {
        Ok(Some(l)) => {
            if let Some(w) = &l.warning {
                eprintln!("burao: warning: {w}");
            }
            Ok((l.value, l.warning))
        }
        Ok(None) => Err(format!("no state in {}", dir.display())),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

//! `burao rules check FILE.json`: validate a rule document the way the SDK would.

use std::path::PathBuf;

use burao_core::engine::rules::RuleSet;
use burao_core::number::Region;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Check a rule document; prints the rule count or the bad rule's index and reason.
    Check {
        /// The JSON rule document.
        file: PathBuf,
        /// Region for national number forms in patterns.
        #[arg(long, default_value = "CN")]
        region: String,
    },
}

pub fn run(cmd: RulesCommand) -> Result<(), String> {
    match cmd {
        RulesCommand::Check { file, region } => {
            let region = Region::parse(&region).map_err(|e| format!("--region: {e}"))?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let set =
                RuleSet::parse(&text, &region).map_err(|e| format!("{}: {e}", file.display()))?;
            println!("{}: {} rules OK", file.display(), set.rules().len());
            Ok(())
        }
    }
}

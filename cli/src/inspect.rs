//! `burao inspect FILE`.

use std::path::Path;

use burao_core::bundle::Bundle;
use burao_core::engine::Content;

use crate::output;

pub fn run(file: &Path) -> Result<(), String> {
    let bundle = load(file)?;
    let text = serde_json::to_string_pretty(&output::bundle_info(&bundle.info()))
        .map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Reads and verifies a bundle file, naming the file in any error.
pub fn load(file: &Path) -> Result<Bundle, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    // The SMS sections are decoded by the engine's reader: refuse what it refuses.
    Bundle::from_vec(bytes)
        .and_then(Content::new)
        .map(Content::into_bundle)
        .map_err(|e| format!("{}: {e}", file.display()))
}

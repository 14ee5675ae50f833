//! `burao diff OLD NEW --out PATCH` and `burao patch OLD PATCH --out NEW`:
//! delta updates between two bundle files (see `burao_core::bundle::delta`).

use std::fs;
use std::path::{Path, PathBuf};

use burao_core::bundle::delta::{self, Patch};
use burao_core::bundle::signature::{self, to_hex};
use burao_core::bundle::Bundle;
use clap::Args;

#[derive(Args)]
pub struct DiffArgs {
    /// The bundle the phones have (exact file, signature included).
    old: PathBuf,
    /// The bundle to ship.
    new: PathBuf,
    /// Where to write the patch.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct PatchArgs {
    /// The bundle the patch was made from.
    old: PathBuf,
    /// The patch written by `burao diff`.
    patch: PathBuf,
    /// Where to write the patched bundle.
    #[arg(long)]
    out: PathBuf,
    /// Also require a signature by this public key (64 hex digits); repeat for several.
    #[arg(long)]
    pubkey: Vec<String>,
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes beside the target and renames, so a crash never leaves half a file.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn diff(args: DiffArgs) -> Result<(), String> {
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    for (path, bytes) in [(&args.old, &old), (&args.new, &new)] {
        Bundle::from_vec(bytes.clone()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let patch = delta::diff(&old, &new).map_err(|e| format!("cannot diff: {e}"))?;
    let bytes = patch.to_bytes();
    write(&args.out, &bytes)?;
    let s = patch.summary();
    eprintln!(
        "wrote {}: {} bytes ({:.2}% of the {}-byte bundle); base {}…, result {}… sequence {}; \
         {} patterns removed, {} added, {} entry indexes remapped, {} bytes copied, {} carried",
        args.out.display(),
        bytes.len(),
        bytes.len() as f64 * 100.0 / new.len().max(1) as f64,
        new.len(),
        &to_hex(&patch.base_hash())[..16],
        &to_hex(&patch.result_hash())[..16],
        patch.result_sequence(),
        s.keys_removed,
        s.keys_added,
        s.values_remapped,
        s.copied_bytes,
        s.literal_bytes,
    );
    if bytes.len() >= new.len() {
        eprintln!("note: the patch is not smaller than the bundle: ship the full bundle");
    }
    Ok(())
}

pub fn patch(args: PatchArgs) -> Result<(), String> {
    let keys = crate::signing::pubkeys(&args.pubkey)?;
    let old = read(&args.old)?;
    Bundle::from_vec(old.clone()).map_err(|e| format!("{}: {e}", args.old.display()))?;
    let patch_bytes = read(&args.patch)?;
    let name = args.patch.display();
    let patch = Patch::from_bytes(&patch_bytes).map_err(|e| format!("{name}: {e}"))?;
    let new = patch.apply(&old).map_err(|e| format!("{name}: {e}"))?;
    if !keys.is_empty() {
        signature::verify(&new, &keys).map_err(|e| format!("patched bundle: {e}"))?;
    }
    let bundle = Bundle::from_vec(new.clone()).map_err(|e| format!("patched bundle: {e}"))?;
    write(&args.out, &new)?;
    let m = bundle.metadata();
    eprintln!(
        "wrote {}: {} {} sequence {}, {} bytes, hash {}…",
        args.out.display(),
        m.name,
        m.version,
        m.sequence,
        new.len(),
        &to_hex(&delta::bundle_hash(&new))[..16],
    );
    Ok(())
}

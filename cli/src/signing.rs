//! `burao keygen`, `burao sign`, `burao verify`: Ed25519 signatures on bundles.
//!
//! A secret key file holds the 32-byte Ed25519 seed as 64 hex digits; the
//! public key is printed (and written next to it as `KEY.pub`) in the same
//! form, ready to be pinned in an app with `Screener::set_trusted_keys`.

use std::fs;
use std::path::{Path, PathBuf};

use burao_core::bundle::signature::{self, key_from_hex, public_key, to_hex};
use burao_core::bundle::Bundle;
use clap::Args;

#[derive(Args)]
pub struct KeygenArgs {
    /// Where to write the secret key (refuses to overwrite). The public key
    /// goes to the same path with `.pub` appended.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct SignArgs {
    /// The secret key file written by `burao keygen`.
    #[arg(long)]
    key: PathBuf,
    /// The bundle to sign.
    bundle: PathBuf,
    /// Where to write the signed bundle (default: replace BUNDLE).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// A trusted public key as 64 hex digits; repeat for several.
    #[arg(long, required = true)]
    pubkey: Vec<String>,
    /// The bundle to check.
    bundle: PathBuf,
}

pub fn keygen(args: KeygenArgs) -> Result<(), String> {
    let secret: [u8; 32] = rand::random();
    let pub_path = with_suffix(&args.out, ".pub");
    for p in [&args.out, &pub_path] {
        if p.exists() {
            return Err(format!("{} exists: not overwriting a key", p.display()));
        }
    }
    write_private(&args.out, format!("{}\n", to_hex(&secret)).as_bytes())?;
    let public = to_hex(&public_key(&secret));
    fs::write(&pub_path, format!("{public}\n"))
        .map_err(|e| format!("cannot write {}: {e}", pub_path.display()))?;
    println!("{public}");
    eprintln!(
        "secret key: {} (keep it off the app and out of version control)\npublic key: {}",
        args.out.display(),
        pub_path.display()
    );
    Ok(())
}

pub fn sign(args: SignArgs) -> Result<(), String> {
    let text = fs::read_to_string(&args.key)
        .map_err(|e| format!("cannot read {}: {e}", args.key.display()))?;
    let secret = key_from_hex(&text).map_err(|e| format!("{}: {e}", args.key.display()))?;
    let bytes = fs::read(&args.bundle)
        .map_err(|e| format!("cannot read {}: {e}", args.bundle.display()))?;
    let signed =
        signature::sign(&bytes, &secret).map_err(|e| format!("{}: {e}", args.bundle.display()))?;
    let out = args.out.unwrap_or(args.bundle);
    // Temp file beside the target, fsync, rename; removed if any step fails
    // (a full disk), so neither half a bundle nor a stray temp file is left.
    crate::build::write_atomically(&out, &signed)?;
    eprintln!(
        "signed {} with key {}",
        out.display(),
        to_hex(&public_key(&secret))
    );
    Ok(())
}

/// The public keys given with `--pubkey` (hex), or an error naming the bad one.
pub fn pubkeys(hex: &[String]) -> Result<Vec<[u8; 32]>, String> {
    hex.iter()
        .map(|k| key_from_hex(k).map_err(|e| format!("--pubkey {k}: {e}")))
        .collect()
}

pub fn verify(args: VerifyArgs) -> Result<(), String> {
    let keys = pubkeys(&args.pubkey)?;
    let bytes = fs::read(&args.bundle)
        .map_err(|e| format!("cannot read {}: {e}", args.bundle.display()))?;
    let name = args.bundle.display();
    signature::verify(&bytes, &keys).map_err(|e| format!("{name}: {e}"))?;
    let bundle = Bundle::from_vec(bytes).map_err(|e| format!("{name}: {e}"))?;
    let m = bundle.metadata();
    println!(
        "{name}: good signature; {} {} sequence {}",
        m.name, m.version, m.sequence
    );
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

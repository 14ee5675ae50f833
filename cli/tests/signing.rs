//! `burao keygen`, `sign`, `verify` end to end, against the library's checks.

mod support;
use support::*;

use std::path::PathBuf;

use burao_core::bundle::signature::key_from_hex;
use burao_core::{Screener, DEFAULT_BUNDLE};

fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("burao-cli-signing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn keygen_sign_verify_round_trip_and_refusals() {
    let dir = temp_dir();
    let key = dir.join("release.key");
    let out = burao(&["keygen", "--out", s(&key)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(public.len(), 64);
    let pub_file = std::fs::read_to_string(dir.join("release.key.pub")).unwrap();
    assert_eq!(pub_file.trim(), public);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the secret key is private");
    }
    assert!(
        !burao(&["keygen", "--out", s(&key)]).status.success(),
        "never overwrites a key"
    );

    let bundle = dir.join("b.bundle");
    std::fs::write(&bundle, DEFAULT_BUNDLE).unwrap();
    let signed = dir.join("b.signed");
    let out = burao(&["sign", "--key", s(&key), s(&bundle), "--out", s(&signed)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = burao(&["verify", "--pubkey", &public, s(&signed)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("good signature"));

    // The library agrees with the CLI.
    let bytes = std::fs::read(&signed).unwrap();
    Screener::from_signed_bytes(bytes.clone(), vec![key_from_hex(&public).unwrap()]).unwrap();

    // Unsigned, tampered and wrong-key bundles fail with a reason.
    let out = burao(&["verify", "--pubkey", &public, s(&bundle)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not signed"));
    let mut bad = bytes;
    bad[30] ^= 1;
    std::fs::write(&bundle, &bad).unwrap();
    let out = burao(&["verify", "--pubkey", &public, s(&bundle)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not verify"));
    let other = dir.join("other.key");
    let other_pub = String::from_utf8(burao(&["keygen", "--out", s(&other)]).stdout).unwrap();
    let out = burao(&["verify", "--pubkey", other_pub.trim(), s(&signed)]);
    assert!(!out.status.success());
    let out = burao(&["verify", "--pubkey", "abc", s(&signed)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("64 hex digits"));
    let _ = std::fs::remove_dir_all(&dir);
}

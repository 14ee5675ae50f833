//! `burao diff` and `burao patch` end to end: a day-by-day chain of bundles.

mod support;
use support::*;

use std::path::{Path, PathBuf};

/// Day `d`'s bundle: 300 numbers, 10 of them replaced every day.
fn build_day(dir: &Path, d: u64) -> PathBuf {
    let mut csv =
        String::from("pattern,category,action,label\n1065*,other_promo,silence,SMS port\n");
    for i in (d * 10)..(300 + d * 10) {
        csv.push_str(&format!("139{:08},harassment,block,reported\n", i * 7919));
    }
    let src = dir.join(format!("day{d}.csv"));
    std::fs::write(&src, csv).unwrap();
    let out = dir.join(format!("day{d}.bundle"));
    let seq = (d + 1).to_string();
    ok(burao(&[
        "build",
        "--blocklist",
        s(&src),
        "--sequence",
        &seq,
        "--created-unix",
        "1700000000",
        "--out",
        s(&out),
    ]));
    out
}

/// `burao patch BASE PATCH --out OUT EXTRA…`.
fn patch(base: &Path, patch: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["patch", s(base), s(patch), "--out", s(out)];
    args.extend_from_slice(extra);
    burao(&args)
}

#[test]
fn diff_and_patch_rebuild_each_day_and_refuse_a_skipped_patch() {
    let dir = scratch("delta-chain");
    let days: Vec<PathBuf> = (0..3).map(|d| build_day(&dir, d)).collect();
    let p01 = dir.join("01.patch");
    let p12 = dir.join("12.patch");
    let o = ok(burao(&["diff", s(&days[0]), s(&days[1]), "--out", s(&p01)]));
    let msg = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(msg.contains("10 patterns removed, 10 added"), "{msg}");
    ok(burao(&["diff", s(&days[1]), s(&days[2]), "--out", s(&p12)]));
    assert!(
        std::fs::metadata(&p01).unwrap().len() * 4 < std::fs::metadata(&days[1]).unwrap().len()
    );

    let out1 = dir.join("out1.bundle");
    let o = ok(patch(&days[0], &p01, &out1, &[]));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sequence 2"));
    assert_eq!(
        std::fs::read(&out1).unwrap(),
        std::fs::read(&days[1]).unwrap()
    );
    let out2 = dir.join("out2.bundle");
    ok(patch(&out1, &p12, &out2, &[]));
    assert_eq!(
        std::fs::read(&out2).unwrap(),
        std::fs::read(&days[2]).unwrap()
    );

    // Day 1 → 2 on day 0: the wrong base, named; nothing written.
    let skipped = dir.join("skipped.bundle");
    let e = err(patch(&days[0], &p12, &skipped, &[]));
    assert!(
        e.contains("base bundle") && e.contains("full bundle"),
        "{e}"
    );
    assert!(!skipped.exists());
    // A damaged patch: the checksum.
    let mut bad = std::fs::read(&p01).unwrap();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x20;
    let badp = dir.join("bad.patch");
    std::fs::write(&badp, bad).unwrap();
    let e = err(patch(&days[0], &badp, &skipped, &[]));
    assert!(e.contains("checksum"), "{e}");
    assert!(!skipped.exists());
    // Not bundles: diff names the file.
    let e = err(burao(&["diff", s(&p01), s(&days[1]), "--out", s(&badp)]));
    assert!(e.contains("01.patch"), "{e}");
}

#[test]
fn a_signed_bundle_comes_out_of_the_patch_signed() {
    let dir = scratch("delta-signed");
    let key = dir.join("k.key");
    let public = String::from_utf8(ok(burao(&["keygen", "--out", s(&key)])).stdout).unwrap();
    let public = public.trim();
    let days: Vec<PathBuf> = (0..2).map(|d| build_day(&dir, d)).collect();
    for d in &days {
        ok(burao(&["sign", "--key", s(&key), s(d)]));
    }
    let p = dir.join("p.patch");
    ok(burao(&["diff", s(&days[0]), s(&days[1]), "--out", s(&p)]));
    let out = dir.join("out.bundle");
    ok(patch(&days[0], &p, &out, &["--pubkey", public]));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&days[1]).unwrap()
    );
    ok(burao(&["verify", "--pubkey", public, s(&out)]));
    // Another key: refused, nothing written.
    let other = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29";
    let out2 = dir.join("out2.bundle");
    let e = err(patch(&days[0], &p, &out2, &["--pubkey", other]));
    assert!(e.contains("signature"), "{e}");
    assert!(!out2.exists());
}

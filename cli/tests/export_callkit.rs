//! `burao export callkit` end to end: build bundles from CSV, export them, read
//! the batches back.

mod support;
use support::*;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// Builds the list rows `csv` into `DIR/NAME.bundle`: its path.
fn build(dir: &Path, name: &str, csv: &str) -> String {
    let (o, out) = build_in(dir, name, "CN", csv);
    ok(o);
    s(&out).to_string()
}

/// `burao build` of the list rows `csv` in `region`: the run and the bundle's path.
fn build_in(dir: &Path, name: &str, region: &str, csv: &str) -> (Output, PathBuf) {
    build_list(
        dir,
        name,
        &format!("{CSV_HEAD}{csv}"),
        &["--region", region],
    )
}

/// `burao export callkit --bundle BUNDLE EXTRA…`.
fn export(bundle: &str, extra: &[&str]) -> Output {
    let mut args = vec!["export", "callkit", "--bundle", bundle];
    args.extend_from_slice(extra);
    burao(&args)
}

fn numbers(v: &Value, key: &str) -> Vec<i64> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_i64().or_else(|| n["number"].as_i64()).unwrap())
        .collect()
}

const OLD: &str = "13800138*,fraud,block,scam\n1380013800*,,allow,\n95588,,identify,ICBC\n";
const NEW: &str = "13800138*,fraud,block,scam\n1380013801*,,allow,\n95588,,identify,ICBC Bank\n";

#[test]
fn full_export_writes_ascending_batches_with_holes() {
    let dir = scratch("export-full");
    let bundle = build(&dir, "old", OLD);
    let o = export(&bundle, &["--batch", "25"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = json_lines(&o);
    assert_eq!(
        all.len(),
        40,
        "990 blocks and one identification, 25 per batch"
    );
    let block: Vec<i64> = all.iter().flat_map(|b| numbers(b, "block")).collect();
    let want: Vec<i64> = (8613800138010..8613800139000).collect();
    assert_eq!(block, want);
    assert_eq!(all[0]["identify"][0]["number"], 8695588);
    assert_eq!(all[0]["identify"][0]["label"], "ICBC");
    assert!(all[..39].iter().all(|b| b["next_cursor"].is_string()));
    assert!(all[39]["next_cursor"].is_null());
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("block 990, identify 1"), "{summary}");
}

#[test]
fn incremental_export_sends_only_the_changes() {
    let dir = scratch("export-incremental");
    let old = build(&dir, "old", OLD);
    let new = build(&dir, "new", NEW);
    let o = export(&new, &["--previous", &old]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = json_lines(&o);
    assert_eq!(all.len(), 1);
    let b = &all[0];
    assert_eq!(
        numbers(b, "block"),
        (8613800138000..8613800138010).collect::<Vec<_>>()
    );
    assert_eq!(
        numbers(b, "remove_block"),
        (8613800138010..8613800138020).collect::<Vec<_>>()
    );
    // The label changed: removed and added again.
    assert_eq!(numbers(b, "remove_identify"), vec![8695588]);
    assert_eq!(b["identify"][0]["label"], "ICBC Bank");
}

#[test]
fn over_budget_patterns_are_named_and_out_dir_gets_one_file_per_batch() {
    let dir = scratch("export-budget");
    let bundle = build(
        &dir,
        "b",
        "170*,harassment,silence,virtual operator\n95588,,identify,ICBC\n",
    );
    let out = dir.join("batches");
    let o = export(&bundle, &["--budget", "10", "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("100000000 numbers left out"), "{summary}");
    assert!(
        summary.contains("+86170* silence \"virtual operator\""),
        "{summary}"
    );
    let text = std::fs::read_to_string(out.join("batch-000001.json")).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(numbers(&b, "identify"), vec![8695588]);
    assert!(!out.join("batch-000002.json").exists());
}

#[test]
fn a_bad_bundle_fails_with_a_clear_message() {
    let dir = scratch("export-bad");
    let path = dir.join("not.bundle");
    std::fs::write(&path, b"not a bundle at all, really not").unwrap();
    let o = export(s(&path), &[]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not.bundle") && err.contains("not a Burao bundle"),
        "{err}"
    );
    let o = export(s(&path), &["--batch", "0"]);
    assert!(!o.status.success());
}

#[test]
fn fixed_length_ranges_build_in_any_region_and_export_exactly() {
    let dir = scratch("export-fixed");
    let (o, bundle) = build_in(
        &dir,
        "it",
        "IT",
        "06 1234 56##,other_promo,block,telemarketing\n+39 312 345 67*,,block,\n",
    );
    ok(o);
    let o = export(s(&bundle), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let block: Vec<i64> = json_lines(&o)
        .iter()
        .flat_map(|b| numbers(b, "block"))
        .collect();
    // The leading 0 of Rome stays; 100 fixed-length numbers and 100 mobiles.
    let mut want: Vec<i64> = (390_612_345_600..390_612_345_700).collect();
    want.extend(393_123_456_700..393_123_456_800);
    assert_eq!(block, want);
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(!summary.contains("unknown length"), "{summary}");
}

#[test]
fn bad_regions_and_impossible_lengths_are_named_without_the_number() {
    let dir = scratch("export-bad-region");
    let (o, _) = build_in(&dir, "x", "QQ", "+33 162 ######\n");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--region") && err.contains("QQ"), "{err}");
    let (o, _) = build_in(&dir, "fr", "FR", "01 62 12 34 56 78 9,,block,\n");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("+33") && err.contains(":2:"), "{err}");
    assert!(!err.contains("621234"), "{err}");
}

//! The `burao` binary end to end, on the `fixtures/lists/test-*.csv` lists.

mod support;
use support::*;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/lists");

fn fixture(name: &str) -> String {
    format!("{LISTS}/{name}")
}

fn burao_stdin(args: &[&str], stdin: &str) -> std::process::Output {
    burao_with_input(args, stdin.as_bytes())
}

/// `burao build` of the test block and allow lists into `out`, with `extra` options.
fn build_lists(out: &str, extra: &[&str]) -> Output {
    let (block, allow) = (fixture("test-blocklist.csv"), fixture("test-allowlist.csv"));
    let mut args = vec![
        "build",
        "--blocklist",
        &block,
        "--allowlist",
        &allow,
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    burao(&args)
}

/// Builds the test bundle into `dir` and returns its path.
fn build_test_bundle(dir: &Path) -> String {
    let out = dir.join("test.bundle").display().to_string();
    let o = build_lists(
        &out,
        &[
            "--name",
            "cli-test",
            "--bundle-version",
            "7.1",
            "--sequence",
            "42",
            "--created-unix",
            "1700000000",
        ],
    );
    assert!(o.status.success(), "build failed: {}", text(&o.stderr));
    out
}

#[test]
fn build_prints_counts_and_leaves_only_the_bundle() {
    let dir = scratch("build");
    let out = build_test_bundle(&dir);
    let o = build_lists(&out, &["--created-unix", "1"]);
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert!(err.contains("8 patterns, 8 entries"), "{err}");
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(err.contains(&format!("{size} bytes")), "{err}");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["test.bundle"], "no temporary file is left behind");
}

#[test]
fn build_without_a_model_warns_and_inspect_says_so() {
    let dir = scratch("build-model");
    let bare = build_test_bundle(&dir);
    let o = burao(&["inspect", &bare]);
    let info: Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(info["has_sms_model"], false);
    let o = burao(&[
        "build",
        "--blocklist",
        &fixture("test-blocklist.csv"),
        "--out",
        &bare,
    ]);
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert!(err.contains("warning: no --model"), "{err}");
    let with = dir.join("with-model.bundle").display().to_string();
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/data/sms.model");
    let o = burao(&[
        "build",
        "--blocklist",
        &fixture("test-blocklist.csv"),
        "--model",
        model,
        "--out",
        &with,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("warning"), "{}", text(&o.stderr));
    let o = burao(&["inspect", &with]);
    let info: Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(info["has_sms_model"], true);
}

#[test]
fn build_is_reproducible_byte_for_byte() {
    let a = build_test_bundle(&scratch("repro-a"));
    let b = build_test_bundle(&scratch("repro-b"));
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn conflict_names_both_files_and_lines_and_keeps_the_old_output() {
    let dir = scratch("conflict");
    let out = dir.join("old.bundle");
    std::fs::write(&out, b"previous output").unwrap();
    let err = build_refusal("test-conflict.csv", &out);
    assert!(err.contains("test-conflict.csv:3:"), "{err}");
    assert!(err.contains("test-blocklist.csv:6"), "{err}");
    assert!(err.contains("conflicts"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous output");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

/// `burao build` of the test blocklist and `extra` into `out`, which must
/// fail: its error.
fn build_refusal(extra: &str, out: &Path) -> String {
    err(burao(&[
        "build",
        "--blocklist",
        &fixture("test-blocklist.csv"),
        &fixture(extra),
        "--out",
        s(out),
    ]))
}

#[test]
fn malformed_line_names_file_and_line_and_writes_nothing() {
    let dir = scratch("malformed");
    let err = build_refusal("test-malformed.csv", &dir.join("never.bundle"));
    assert!(err.contains("test-malformed.csv:3:"), "{err}");
    assert!(err.contains("unknown category `spam`"), "{err}");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn screen_call_reads_every_written_form() {
    let bundle = build_test_bundle(&scratch("forms"));
    let cases: [(&str, &str, Option<&str>, Option<&str>); 10] = [
        (
            "+86 170 0000 0000",
            "silence",
            Some("+86170*"),
            Some("harassment"),
        ),
        (
            "0086-170-0000-0000",
            "silence",
            Some("+86170*"),
            Some("harassment"),
        ),
        (
            "tel:+86-170-0000-0000;ext=12",
            "silence",
            Some("+86170*"),
            Some("harassment"),
        ),
        (
            "１７０ ００００ ００００",
            "silence",
            Some("+86170*"),
            Some("harassment"),
        ),
        ("170 1234 9999", "block", Some("+861701234*"), Some("fraud")),
        ("(170) 1234.5678", "allow", Some("+8617012345678"), None),
        (
            "+86 (0)21 5555 1234",
            "block",
            Some("+8621555512*"),
            Some("real_estate"),
        ),
        ("021 5555 1299", "allow", Some("+862155551299"), None),
        ("400-123-4567", "block", Some("+864001234567"), Some("loan")),
        ("138 0013 8000", "allow", None, None),
    ];
    let mut args = vec!["screen", "call", "--bundle", &bundle];
    args.extend(cases.iter().map(|c| c.0));
    let o = burao(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), cases.len());
    for (v, (input, action, matched, category)) in lines.iter().zip(cases) {
        let obj = v.as_object().unwrap();
        for key in ["input", "action", "category", "matched", "label", "reasons"] {
            assert!(obj.contains_key(key), "{key} missing in {v}");
        }
        assert_eq!(v["input"], input);
        assert_eq!(v["action"], action, "{input}");
        assert_eq!(v["matched"].as_str(), matched, "{input}");
        assert_eq!(v["category"].as_str(), category, "{input}");
        let first = &v["reasons"][0];
        let code = if matched.is_some() {
            "list_entry"
        } else {
            "default"
        };
        assert_eq!(first["code"], code, "{input}");
        assert!(first["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    assert_eq!(lines[5]["label"], "my plumber");
    assert_eq!(lines[9]["label"], Value::Null);
}

#[test]
fn screen_call_region_changes_how_national_numbers_read() {
    let bundle = build_test_bundle(&scratch("region"));
    let o = burao(&[
        "screen",
        "call",
        "--bundle",
        &bundle,
        "--region",
        "US",
        "(415) 555-2671",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v = &json_lines(&o)[0];
    assert_eq!(v["matched"], "+1415555*");
    assert_eq!(v["action"], "block");
    let o = burao(&["screen", "call", "--region", "XX", "110"]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("--region"));
}

#[test]
fn jsonl_answers_every_line_in_order_and_survives_bad_ones() {
    let input = concat!(
        "{\"number\": \"170 0000 0000\"}\n",
        "this is not json\n",
        "{\"phone\": \"110\"}\n",
        "[\"110\"]\n",
        "{\"number\": \"abc\"}\n",
        "{\"number\": \"170 0000 0000\", \"is_contact\": true}\n",
        "{\"number\": \"95588\"}\n",
    );
    let o = burao_stdin(&["screen", "call", "--jsonl"], input);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 7, "one output line per input line");
    // The default bundle names virtual-operator numbers but lets them ring.
    assert_eq!(lines[0]["action"], "allow");
    assert_eq!(lines[0]["matched"], "+86170*");
    for bad in &lines[1..4] {
        let obj = bad.as_object().unwrap();
        assert_eq!(obj.len(), 1, "{bad}");
        assert!(
            bad["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{bad}"
        );
    }
    assert_eq!(lines[4]["input"], "abc");
    assert!(lines[4]["error"]
        .as_str()
        .unwrap()
        .contains("invalid phone number"));
    assert_eq!(lines[5]["action"], "allow");
    assert_eq!(lines[5]["reasons"][0]["code"], "contact");
    assert_eq!(lines[6]["label"], "ICBC (工商银行) customer service");
}

#[test]
fn corrupt_bundles_fail_loudly() {
    let dir = scratch("corrupt");
    let good = std::fs::read(build_test_bundle(&dir)).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    let cases = [
        ("flipped.bundle", flipped, "checksum mismatch"),
        (
            "cut.bundle",
            good[..good.len() - 9].to_vec(),
            "checksum mismatch",
        ),
        (
            "text.bundle",
            b"pattern,category,action,label\n".to_vec(),
            "wrong magic",
        ),
        ("empty.bundle", Vec::new(), "too small"),
    ];
    for (name, bytes, what) in cases {
        let path = dir.join(name).display().to_string();
        std::fs::write(&path, bytes).unwrap();
        for args in [
            vec!["screen", "call", "--bundle", &path, "13800138000"],
            vec!["inspect", &path],
        ] {
            let o = burao(&args);
            assert!(!o.status.success(), "{args:?} succeeded");
            assert!(o.stdout.is_empty(), "{args:?} printed a verdict");
            let err = text(&o.stderr);
            assert!(err.contains(what) && err.contains(name), "{args:?}: {err}");
        }
    }
    let o = burao(&["inspect", &dir.join("missing.bundle").display().to_string()]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("cannot read"));
}

#[test]
fn jsonl_with_a_corrupt_bundle_exits_non_zero() {
    let dir = scratch("corrupt-jsonl");
    let path = dir.join("bad.bundle");
    std::fs::write(&path, b"BURAOBDL\x01\0\0\0garbage-garbage").unwrap();
    let o = burao_stdin(
        &[
            "screen",
            "call",
            "--jsonl",
            "--bundle",
            &path.display().to_string(),
        ],
        "{\"number\": \"110\"}\n",
    );
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
}

#[test]
fn inspect_prints_metadata_and_sections() {
    let bundle = build_test_bundle(&scratch("inspect"));
    let o = burao(&["inspect", &bundle]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["name"], "cli-test");
    assert_eq!(v["version"], "7.1");
    assert_eq!(v["sequence"], 42);
    assert_eq!(v["created_unix"], 1_700_000_000u64);
    assert_eq!(v["region"], "CN");
    assert_eq!(v["patterns"], 8);
    assert_eq!(v["entries"], 8);
    assert_eq!(v["size_bytes"], std::fs::metadata(&bundle).unwrap().len());
    let names: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"lists.fst") && names.contains(&"lists.entries"));
}

#[test]
fn screen_call_without_numbers_is_an_error() {
    let o = burao(&["screen", "call"]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("at least one number"));
}

//! Issue 13's smaller input defects, each end to end through `burao`.

mod support;
use support::*;

use std::path::{Path, PathBuf};
use std::process::Output;

use burao_core::bundle::{Bundle, BundleWriter};
use burao_core::DEFAULT_BUNDLE;

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

fn p(path: &Path) -> &str {
    s(path)
}

fn build(dir: &Path, name: &str, csv: &str) -> (Output, PathBuf) {
    build_list(dir, name, csv, &["--created-unix", "0"])
}

#[test]
fn a_csv_with_cr_only_line_ends_builds_its_patterns() {
    let dir = scratch("inputs-cr");
    let mac = "pattern,category,action,label\r170*,harassment,silence,v\r95588,,allow,bank\r";
    let (o, _) = build(&dir, "mac", mac);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 patterns"), "{}", stderr(&o));
    // A source with no patterns at all is an error, not an empty bundle.
    let (o, out) = build(&dir, "e", "pattern,category,action,label\n");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no patterns"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn a_huge_label_is_refused_with_its_line() {
    let dir = scratch("inputs-label");
    let csv = format!(
        "pattern,category,action,label\n170*,,block,ok\n171*,,block,{}\n",
        "x".repeat(2 << 20)
    );
    let (o, _) = build(&dir, "big", &csv);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains(":3") && e.contains("label of"), "{e}");
    assert!(!e.contains("internal") && !e.contains("xxxx"), "{e}");
}

#[test]
fn a_bundle_of_an_unknown_region_is_refused_everywhere_as_a_bundle_error() {
    let dir = scratch("inputs-region");
    // The default bundle, relabelled with a region no dialling data knows.
    let good = Bundle::from_static(DEFAULT_BUNDLE).unwrap();
    let mut meta = good.metadata().clone();
    meta.region = "XX".into();
    let mut relabelled = BundleWriter::new(meta);
    for (name, _) in good.info().sections {
        relabelled = relabelled.section(&name, good.section(&name).unwrap().to_vec());
    }
    let bytes = relabelled.to_bytes();
    let bundle = dir.join("xx.bundle");
    std::fs::write(&bundle, &bytes).unwrap();
    let key = dir.join("k.key");
    assert!(burao(&["keygen", "--out", p(&key)]).status.success());
    let public = std::fs::read_to_string(dir.join("k.key.pub")).unwrap();
    for args in [
        vec!["inspect", p(&bundle)],
        vec!["sign", "--key", p(&key), p(&bundle)],
        vec!["verify", "--pubkey", public.trim(), p(&bundle)],
        vec!["screen", "call", "--bundle", p(&bundle), "13800138000"],
    ] {
        let o = burao(&args);
        assert!(!o.status.success(), "{args:?} accepted it");
        assert!(stderr(&o).contains("region"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&bundle).unwrap(), bytes, "sign wrote nothing");
    let e = burao_core::Screener::from_bytes(bytes).err().unwrap();
    assert!(matches!(e, burao_core::Error::Bundle(_)), "{e:?}");
}

#[test]
fn rules_check_never_echoes_a_number() {
    let dir = scratch("inputs-rules");
    for (name, doc) in [
        (
            "dup.json",
            r#"{"schema":1,"rules":[{"id":"13800138000","number":"170*","action":"block"},{"id":"13800138000","number":"171*","action":"block"}]}"#,
        ),
        (
            "field.json",
            r#"{"schema":1,"rules":[{"id":"a","number":"170*","action":"block","13912345678":true}]}"#,
        ),
    ] {
        let f = dir.join(name);
        std::fs::write(&f, doc).unwrap();
        let o = burao(&["rules", "check", p(&f)]);
        assert!(!o.status.success());
        let e = stderr(&o);
        assert!(e.contains("rule 1") || e.contains("rule 0"), "{e}");
        assert!(
            !e.contains("13800138000") && !e.contains("13912345678"),
            "{e}"
        );
    }
}

//! Runs every shared verdict case in `fixtures/cases/*.json` against the
//! embedded default bundle. The Kotlin and Swift tests read the same files.

use std::path::PathBuf;

use burao_core::{Error, Screener, Verdict};
use serde_json::Value;

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/cases")
}

fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Number(_) => "number",
        Error::List(_) => "list",
        Error::Bundle(_) => "bundle",
        _ => "other",
    }
}

fn check(name: &str, expect: &Value, got: Result<Verdict, Error>) -> Vec<String> {
    let mut bad = Vec::new();
    let v = match (got, expect.get("error").and_then(Value::as_str)) {
        (Err(e), Some(kind)) => {
            if error_kind(&e) != kind {
                bad.push(format!("{name}: error kind {} != {kind}", error_kind(&e)));
            }
            return bad;
        }
        (Err(e), None) => return vec![format!("{name}: unexpected error {}", e.chain())],
        (Ok(_), Some(kind)) => return vec![format!("{name}: expected a `{kind}` error")],
        (Ok(v), None) => v,
    };
    let opt = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.into()));
    let fields = [
        ("action", Value::String(v.action.as_str().into())),
        ("category", opt(v.category.map(|c| c.as_str()))),
        ("matched", opt(v.matched.as_deref())),
        ("label", opt(v.label.as_deref())),
    ];
    for (key, actual) in fields {
        if let Some(want) = expect.get(key) {
            if *want != actual {
                bad.push(format!("{name}: {key} is {actual}, expected {want}"));
            }
        }
    }
    if let Some(want) = expect.get("reasons").and_then(Value::as_array) {
        let codes: Vec<&str> = v.reasons.iter().map(|r| r.code.as_str()).collect();
        let mut it = codes.iter();
        for w in want.iter().filter_map(Value::as_str) {
            if !it.any(|c| *c == w) {
                bad.push(format!("{name}: reasons {codes:?} lack {want:?} in order"));
                break;
            }
        }
    }
    bad
}

#[test]
fn every_shared_case_holds() {
    let screener = Screener::with_default_bundle();
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("fixtures/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files found");
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let cases = doc["cases"].as_array().expect("a `cases` array");
        for case in cases {
            let name = format!(
                "{}: {}",
                file.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().unwrap_or("?")
            );
            let contact = case["is_contact"].as_bool().unwrap_or(false);
            let got = match case["kind"].as_str() {
                Some("call") => {
                    screener.screen_call(case["number"].as_str().unwrap_or(""), contact)
                }
                Some("sms") => screener.screen_sms(
                    case["from"].as_str().unwrap_or(""),
                    case["body"].as_str().expect("sms cases have a body"),
                    contact,
                ),
                other => panic!("{name}: unknown kind {other:?}"),
            };
            failures.extend(check(&name, &case["expect"], got));
            ran += 1;
        }
    }
    assert!(ran > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Runs every shared verdict case in `fixtures/cases/*.json` against the
//! embedded default bundle; the Kotlin and Swift tests read the same files.
//!
//! Each `expect` key present is checked: `action`, `category`, `matched`,
//! `label` (JSON `null` = must be absent); `reasons` = codes that must appear
//! in this order (a subsequence); `reason_args` = `{"code": {"name": "value"}}`, the
//! first reason with that code carries each argument with that (first) value;
//! `error` = the call must fail with that kind.
//! Unknown keys and kinds fail, so a typo cannot turn a case into a no-op.

use std::path::{Path, PathBuf};

use burao_core::{Error, Screener, Verdict};
use serde_json::{Map, Value};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/cases");

const CASE_KEYS: [&str; 7] = [
    "name",
    "kind",
    "number",
    "is_contact",
    "from",
    "body",
    "expect",
];
const EXPECT_KEYS: [&str; 7] = [
    "action",
    "category",
    "matched",
    "label",
    "reasons",
    "reason_args",
    "error",
];

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CASES)
        .unwrap_or_else(|e| panic!("{CASES}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Number(_) => "number",
        Error::List(_) => "list",
        Error::Bundle(_) => "bundle",
        _ => "unknown",
    }
}

fn str_field<'a>(case: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    match case.get(key) {
        Some(Value::String(s)) => Ok(s),
        None => Ok(""),
        Some(v) => Err(format!("`{key}` must be a string, got {v}")),
    }
}

/// Runs one case; `Err` says what was wrong.
/// Each case gets a fresh screener: the engine remembers calls (a number calling
/// again within minutes is let through), so cases must not see each other.
fn run(case: &Map<String, Value>) -> Result<(), String> {
    let screener = &Screener::with_default_bundle();
    if let Some(k) = case.keys().find(|k| !CASE_KEYS.contains(&k.as_str())) {
        return Err(format!("unknown case key `{k}`"));
    }
    let expect = case
        .get("expect")
        .and_then(Value::as_object)
        .ok_or("`expect` must be an object")?;
    if let Some(k) = expect.keys().find(|k| !EXPECT_KEYS.contains(&k.as_str())) {
        return Err(format!("unknown expect key `{k}`"));
    }
    if expect.is_empty() {
        return Err("`expect` checks nothing".into());
    }
    let is_contact = match case.get("is_contact") {
        None => false,
        Some(v) => v.as_bool().ok_or("`is_contact` must be a boolean")?,
    };
    let result = match case.get("kind").and_then(Value::as_str) {
        Some("call") => screener.screen_call(str_field(case, "number")?, is_contact),
        Some("sms") => {
            let from = match case.get("from") {
                None => "",
                Some(v) => v.as_str().ok_or("`from` must be a string")?,
            };
            screener.screen_sms(from, str_field(case, "body")?, is_contact)
        }
        other => return Err(format!("unsupported case kind {other:?}")),
    };
    match (result, expect.get("error")) {
        (Err(e), Some(want)) => {
            let want = want.as_str().ok_or("`error` must be a string")?;
            if expect.len() > 1 {
                return Err("`error` cannot be combined with other expectations".into());
            }
            if error_kind(&e) != want {
                return Err(format!("expected a {want} error, got: {}", e.chain()));
            }
            Ok(())
        }
        (Err(e), None) => Err(format!("unexpected error: {}", e.chain())),
        (Ok(v), Some(want)) => Err(format!("expected a {want} error, got verdict {v:?}")),
        (Ok(v), None) => check_verdict(&v, expect),
    }
}

fn check_verdict(v: &Verdict, expect: &Map<String, Value>) -> Result<(), String> {
    let mut wrong = Vec::new();
    let mut compare = |key: &str, got: Option<&str>| {
        if let Some(want) = expect.get(key) {
            let ok = match want {
                Value::Null => got.is_none(),
                Value::String(s) => got == Some(s.as_str()),
                _ => false,
            };
            if !ok {
                wrong.push(format!("{key}: expected {want}, got {got:?}"));
            }
        }
    };
    compare("action", Some(v.action.as_str()));
    compare("category", v.category.map(|c| c.as_str()));
    compare("matched", v.matched.as_deref());
    compare("label", v.label.as_deref());
    if let Some(want) = expect.get("reasons") {
        let want: Vec<&str> = want
            .as_array()
            .and_then(|a| a.iter().map(Value::as_str).collect())
            .ok_or("`reasons` must be an array of strings")?;
        let got: Vec<&str> = v.reasons.iter().map(|r| r.code.as_str()).collect();
        let mut rest = got.iter();
        if !want.iter().all(|w| rest.any(|g| g == w)) {
            wrong.push(format!(
                "reasons: expected {want:?} in this order, got {got:?}"
            ));
        }
    }
    if let Some(want) = expect.get("reason_args") {
        let bad = "`reason_args` must be an object of non-empty objects of strings";
        let want = want.as_object().filter(|w| !w.is_empty()).ok_or(bad)?;
        for (code, args) in want {
            let args = args.as_object().filter(|a| !a.is_empty()).ok_or(bad)?;
            let reason = v.reasons.iter().find(|r| r.code.as_str() == code);
            for (name, value) in args {
                let value = value.as_str().ok_or(bad)?;
                let got = reason.and_then(|r| r.arg_value(name));
                if got != Some(value) {
                    wrong.push(format!(
                        "reason_args: {code}.{name}: expected {value:?}, got {got:?}"
                    ));
                }
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

fn run_file(path: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let doc: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = path.file_name().unwrap().to_string_lossy();
    assert!(
        doc.get("description").and_then(Value::as_str).is_some(),
        "{file}: needs a `description`"
    );
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{file}: needs a `cases` array"));
    assert!(!cases.is_empty(), "{file}: no cases");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case.get("name").and_then(Value::as_str).unwrap_or("");
        let outcome = case
            .as_object()
            .ok_or_else(|| "a case must be an object".to_string())
            .and_then(run);
        if let Err(why) = outcome {
            failures.push(format!("{file} case {i} `{name}`: {why}"));
        }
    }
    (cases.len(), failures)
}

#[test]
fn every_shared_case_holds() {
    let files = case_files();
    assert!(!files.is_empty(), "no case files in {CASES}");
    let mut total = 0;
    let mut failures = Vec::new();
    for path in &files {
        let (n, f) = run_file(path);
        total += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_checker_itself_catches_wrong_expectations() {
    // A checker that accepts everything would make every case file pass.
    let bad = [
        r#"{"kind":"call","number":"13800138000","expect":{"action":"block"}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"category":null}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"matched":"+86171*"}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reasons":["list_entry","default"]}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"action":"silence"}}"#,
        r#"{"kind":"call","number":"abc","expect":{"action":"allow"}}"#,
        r#"{"kind":"call","number":"abc","expect":{"error":"bundle"}}"#,
        r#"{"kind":"call","number":"110","expect":{"error":"number"}}"#,
        r#"{"kind":"call","number":"110","expect":{"acton":"allow"}}"#,
        r#"{"kind":"call","number":"110","expect":{}}"#,
        r#"{"kind":"fax","number":"110","expect":{"action":"allow"}}"#,
        r#"{"kind":"call","number":"110","is_contact":"yes","expect":{"action":"allow"}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reason_args":{"list_entry":{"pattern":"+86171*"}}}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reason_args":{"phishing":{"domain":"x"}}}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reason_args":{"list_entry":{}}}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reason_args":{}}}"#,
        r#"{"kind":"call","number":"17000000000","expect":{"reason_args":{"list_entry":{"pattern":1}}}}"#,
    ];
    for text in bad {
        let case: Value = serde_json::from_str(text).unwrap();
        assert!(run(case.as_object().unwrap()).is_err(), "accepted: {text}");
    }
    let good = r#"{"kind":"call","number":"17000000000","expect":{"action":"allow","reasons":["default","list_entry"],"reason_args":{"list_entry":{"pattern":"+86170*","category":"harassment"}}}}"#;
    let case: Value = serde_json::from_str(good).unwrap();
    assert_eq!(run(case.as_object().unwrap()), Ok(()));
}

//! Replays `fixtures/replay/*.jsonl` through the library. Lines are read as
//! strictly as `burao screen call --jsonl` reads them: an unknown key, outcome
//! or feedback is an error, never a guess.

use burao_core::engine::history::Outcome;
use burao_core::Screener;
use serde_json::{Map, Value};

/// One line of a call replay.
#[derive(Debug)]
struct Step {
    number: String,
    at: i64,
    outcome: Option<Outcome>,
    /// `Some(true)`: reported as spam, `Some(false)`: as not spam.
    feedback: Option<bool>,
    action: String,
    reason: String,
    note: String,
}

fn keys_known(obj: &Map<String, Value>, known: &[&str], what: &str) -> Result<(), String> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "unknown {what} key `{k}` (known: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn string<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

/// The names `burao screen call --jsonl` takes for `outcome` and `feedback`.
fn outcome(name: &str) -> Result<Outcome, String> {
    [Outcome::Answered, Outcome::Declined, Outcome::MarkedSpam]
        .into_iter()
        .find(|o| o.as_str() == name)
        .ok_or_else(|| format!("unknown outcome `{name}` (answered, declined, marked_spam)"))
}

fn feedback(name: &str) -> Result<bool, String> {
    match name {
        "spam" => Ok(true),
        "not_spam" => Ok(false),
        _ => Err(format!("unknown feedback `{name}` (spam, not_spam)")),
    }
}

fn parse_step(line: &str) -> Result<Step, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = v.as_object().ok_or("a line must be a JSON object")?;
    keys_known(
        obj,
        &["number", "at", "outcome", "feedback", "expect", "note"],
        "line",
    )?;
    let expect = obj
        .get("expect")
        .and_then(Value::as_object)
        .ok_or("each line needs an object `expect`")?;
    keys_known(expect, &["action", "reason"], "`expect`")?;
    let need = |o: &Map<String, Value>, k: &str| -> Result<String, String> {
        string(o, k)?
            .map(str::to_string)
            .ok_or(format!("each line needs a string `{k}`"))
    };
    Ok(Step {
        number: need(obj, "number")?,
        at: obj
            .get("at")
            .and_then(Value::as_i64)
            .ok_or("each line needs an integer `at`")?,
        outcome: string(obj, "outcome")?.map(outcome).transpose()?,
        feedback: string(obj, "feedback")?.map(feedback).transpose()?,
        action: need(expect, "action")?,
        reason: need(expect, "reason")?,
        note: string(obj, "note")?.unwrap_or_default().to_string(),
    })
}

fn replay(name: &str) {
    let path = format!("{}/../fixtures/replay/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let s = Screener::with_default_bundle();
    for (i, line) in text.lines().enumerate() {
        let ev = parse_step(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1));
        let v = s.screen_call_at(&ev.number, false, ev.at).unwrap();
        assert_eq!(
            v.action.as_str(),
            ev.action,
            "{name}:{}: {}",
            i + 1,
            ev.note
        );
        assert_eq!(
            v.reasons[0].code.as_str(),
            ev.reason,
            "{name}:{}: {:?}",
            i + 1,
            v.reasons
        );
        if let Some(outcome) = ev.outcome {
            assert!(s.report_call_outcome(&ev.number, outcome).unwrap());
        }
        if let Some(spam) = ev.feedback {
            s.report_feedback(&ev.number, None, spam, ev.at).unwrap();
        }
    }
}

#[test]
fn gym_week() {
    replay("gym-week.jsonl");
}

#[test]
fn a_line_with_an_unknown_outcome_key_or_feedback_is_refused() {
    let good = r#"{"at": 1, "number": "13900001201", "outcome": "marked_spam", "feedback": "not_spam", "expect": {"action": "allow", "reason": "default"}}"#;
    let step = parse_step(good).unwrap();
    assert_eq!(step.outcome, Some(Outcome::MarkedSpam));
    assert_eq!(step.feedback, Some(false));
    for (bad, what) in [
        (good.replace("marked_spam", "spam"), "unknown outcome"),
        (good.replace("marked_spam", "hung_up"), "unknown outcome"),
        (good.replace("not_spam", "ham"), "unknown feedback"),
        (
            good.replace("\"feedback\"", "\"feedbak\""),
            "unknown line key",
        ),
        (
            good.replace("\"reason\"", "\"why\""),
            "unknown `expect` key",
        ),
        (good.replace("\"at\": 1", "\"at\": \"1\""), "`at`"),
        (good.replace("\"13900001201\"", "13900001201"), "`number`"),
    ] {
        let e = parse_step(&bad).unwrap_err();
        assert!(e.contains(what), "{bad}: {e}");
    }
}

//! Replays `fixtures/replay/*.jsonl` through the library.

use burao_core::engine::history::Outcome;
use burao_core::Screener;
use serde_json::Value;

fn replay(name: &str) {
    let path = format!("{}/../fixtures/replay/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let s = Screener::with_default_bundle();
    for (i, line) in text.lines().enumerate() {
        let ev: Value = serde_json::from_str(line).unwrap();
        let number = ev["number"].as_str().unwrap();
        let at = ev["at"].as_i64().unwrap();
        let v = s.screen_call_at(number, false, at).unwrap();
        let want = &ev["expect"];
        assert_eq!(
            v.action.as_str(),
            want["action"],
            "{name}:{}: {}",
            i + 1,
            ev["note"]
        );
        assert_eq!(
            v.reasons[0].code.as_str(),
            want["reason"],
            "{name}:{}: {:?}",
            i + 1,
            v.reasons
        );
        if let Some(o) = ev.get("outcome").and_then(Value::as_str) {
            let outcome = match o {
                "declined" => Outcome::Declined,
                "answered" => Outcome::Answered,
                _ => Outcome::MarkedSpam,
            };
            assert!(s.report_call_outcome(number, outcome).unwrap());
        }
        if let Some(f) = ev.get("feedback").and_then(Value::as_str) {
            s.report_feedback(number, None, f == "spam", at).unwrap();
        }
    }
}

#[test]
fn gym_week() {
    replay("gym-week.jsonl");
}

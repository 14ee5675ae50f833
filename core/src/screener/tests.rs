//! Tests of the screener as a handle (the layers are tested through it in
//! `core/tests/`).

use super::*;
use crate::engine::consent::ConsentState;
use crate::verdict::Action;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn a_saved_state_whose_rules_this_version_refuses_still_opens() {
    let dir = std::env::temp_dir().join(format!("burao-stale-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.bin");
    let path = path.to_str().unwrap();
    let old = Screener::with_default_bundle();
    old.open_state(path).unwrap();
    old.record_consent(
        "10690123456",
        ConsentState::OptedOut,
        "reply T",
        1_795_824_000,
    )
    .unwrap();
    // A rule document an older version accepted: `(?i)` is refused now.
    let stale = r#"{"schema":1,"rules":[{"id":"r","body_regex":"(?i)loan","action":"junk"}]}"#;
    let mut state = UserState::from_bytes(&old.export_state()).unwrap();
    state.rules_json = stale.to_string();
    crate::store::save_atomic(std::path::Path::new(path), &state.to_bytes()).unwrap();

    let s = Screener::with_default_bundle();
    let warning = s.open_state(path).unwrap().expect("a warning");
    assert!(warning.contains("rules are not applied"), "{warning}");
    assert_eq!(s.consent_records().len(), 1, "the opt-out survives");
    assert!(s.rules.get().rules().is_empty(), "no rules in force");
    let saved = UserState::from_bytes(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(saved.rules_json, stale, "the stored document is kept");
    // New rules replace it as usual.
    s.set_rules(r#"{"schema":1,"rules":[{"id":"k","keywords":["loan"],"action":"junk"}]}"#)
        .unwrap();
    assert!(!s.rules.get().rules().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn screener_is_send_and_sync() {
    assert_send_sync::<Screener>();
}

#[test]
fn embedded_bundle_loads() {
    let s = Screener::with_default_bundle();
    assert!(s.bundle_info().patterns > 0);
}

#[test]
fn bad_replacement_keeps_the_old_bundle() {
    let s = Screener::with_default_bundle();
    let before = s.bundle_info();
    let mut broken = DEFAULT_BUNDLE.to_vec();
    broken.truncate(broken.len() / 2);
    assert!(s.replace_bundle(broken).is_err());
    assert_eq!(s.bundle_info(), before);
    assert!(s.replace_bundle(DEFAULT_BUNDLE.to_vec()).is_ok());
}

#[test]
fn contacts_ring_even_when_their_number_does_not_parse() {
    let s = Screener::with_default_bundle();
    assert_eq!(
        s.screen_call("138 0013 8000 ext 12", true).unwrap().action,
        Action::Allow
    );
    assert!(s.screen_call("138 0013 8000 ext 12", false).is_err());
}

#[test]
fn bad_rules_keep_the_old_rules() {
    let s = Screener::with_default_bundle();
    let good = r#"{"schema":1,"rules":[{"id":"a","number":"138*","action":"block"}]}"#;
    assert_eq!(s.set_rules(good).unwrap(), 1);
    let bad = r#"{"schema":1,"rules":[{"id":"b","number":"139*","action":"nope"}]}"#;
    let e = s.set_rules(bad).unwrap_err();
    assert!(e.chain().contains("rule 0"), "{}", e.chain());
    assert_eq!(s.rules_json(), good);
    assert_eq!(
        s.screen_call("13800000000", false).unwrap().action,
        Action::Block
    );
}

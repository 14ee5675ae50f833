//! `Debug` of every exported type that can hold a number or a message body
//! shows neither: the core's rule, kept for the copies made here and checked
//! for the core's own types exported as they are.

use crate::*;

/// A number and a body written for this test; neither may appear in `{:?}`.
const NUMBER: &str = "13912345678";
const BODY: &str = "Zorblax quarterly voucher: reply at once to claim it";
/// When the records are made: fixed, because "now" (1796139129 on 2026-12-01)
/// can itself hold a run of the number's digits.
const AT: i64 = 1_700_000_000;

/// No run of the number's digits longer than three, and no word of the body.
fn assert_hidden(what: &str, debug: String) {
    for window in NUMBER.as_bytes().windows(4) {
        let digits = std::str::from_utf8(window).unwrap();
        assert!(
            !debug.contains(digits),
            "{what} shows digits {digits}: {debug}"
        );
    }
    for word in ["Zorblax", "quarterly", "voucher"] {
        assert!(!debug.contains(word), "{what} shows the body: {debug}");
    }
}

fn screener_with_history() -> Screener {
    let s = Screener::new();
    s.set_keep_evidence_bodies(true).unwrap();
    s.set_rules(format!(
        r#"{{"schema": 1, "rules": [{{"id": "r1", "number": "{NUMBER}", "action": "block"}}]}}"#
    ))
    .unwrap();
    s.record_consent(NUMBER.into(), ConsentState::OptedOut, "TD".into(), Some(AT))
        .unwrap();
    s.report_feedback(NUMBER.into(), Some(BODY.into()), true, Some(AT))
        .unwrap();
    s
}

#[test]
fn verdicts_and_reasons_hide_the_number_and_the_body() {
    let s = screener_with_history();
    let call = s.screen_call(NUMBER.into(), false).unwrap();
    assert!(call.matched.is_some() || !call.reasons.is_empty());
    assert_hidden("a call verdict", format!("{call:?}"));
    let sms = s.screen_sms(NUMBER.into(), BODY.into(), false).unwrap();
    assert_hidden("a message verdict", format!("{sms:?}"));
    for r in call.reasons.iter().chain(&sms.reasons) {
        assert_hidden("a reason", format!("{r:?}"));
    }
    // A reason that quotes the message body, and a list pattern holding the number.
    let quoting = Reason {
        code: ReasonCode::Classifier,
        source: format!("+86{NUMBER}"),
        detail: format!("matched \"{BODY}\""),
        spans: vec![Span { start: 0, end: 7 }],
        args: vec![
            ReasonArg {
                name: "evidence".into(),
                value: BODY.into(),
            },
            ReasonArg {
                name: "label".into(),
                value: format!("reported {NUMBER}"),
            },
        ],
    };
    let v = Verdict {
        action: Action::Junk,
        category: Some(Category::Fraud),
        matched: Some(format!("+86{NUMBER}")),
        label: Some(format!("reported {NUMBER}")),
        score: Some(0.9),
        reasons: vec![quoting],
        bundle_sequence: 7,
    };
    assert_hidden("a built verdict", format!("{v:?}"));
    assert!(format!("{v:?}").contains("Junk"), "{v:?}");
}

#[test]
fn user_state_records_hide_the_sender_and_the_body() {
    let s = screener_with_history();
    // Evidence needs a commercial message after the opt-out.
    s.screen_sms_at(NUMBER.into(), BODY.into(), false, AT + 60)
        .unwrap();
    let consent = s.consent_records();
    assert_eq!(consent.len(), 1);
    assert_hidden("ConsentRecord", format!("{consent:?}"));
    assert_hidden("EvidenceRecord", format!("{:?}", s.evidence()));
    let evidence = EvidenceRecord {
        sender: NUMBER.into(),
        received_unix: 1,
        category: None,
        withdrawn_unix: 0,
        body: Some(BODY.into()),
    };
    assert_hidden("EvidenceRecord", format!("{evidence:?}"));
    let feedback = s.feedback();
    assert_eq!(feedback.len(), 1);
    assert_hidden("FeedbackRecord", format!("{feedback:?}"));
}

#[test]
fn callkit_batches_hide_their_numbers() {
    let batch = CallKitBatch {
        block: vec![NUMBER.parse().unwrap()],
        identify: vec![CallKitLabel {
            number: 8613912345678,
            label: "loan".into(),
        }],
        remove_block: vec![],
        remove_identify: vec![],
        next_cursor: None,
    };
    assert_hidden("CallKitBatch", format!("{batch:?}"));
    assert_hidden("CallKitLabel", format!("{:?}", batch.identify[0]));
}

#[test]
fn errors_name_no_number() {
    let s = Screener::new();
    let e = s.screen_call(format!("{NUMBER}x"), false).unwrap_err();
    assert_hidden("BuraoError", format!("{e:?}"));
}

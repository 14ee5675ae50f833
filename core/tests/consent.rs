//! The MIIT rule end to end: consent, opt-out replies, evidence.

use burao_core::engine::consent::ConsentState;
use burao_core::{Action, ReasonCode, Screener};

const SHOP: &str = "1069 0012 3456";
const T0: i64 = 1_796_000_000;
const DAY: i64 = 86_400;
// Written by us: a 2024-style marketing message with a signature and an opt-out suffix.
const PROMO: &str =
    "【优选商城】双十一会员专享，全场满300减50，今晚24点截止，速抢 t.cn/A1b2 回T退订";
const CODE: &str = "【优选商城】您的登录验证码为 482913，5分钟内有效，请勿泄露给他人。";

#[test]
fn a_reply_of_t_is_an_opt_out_and_later_marketing_is_junked_with_evidence() {
    let s = Screener::with_default_bundle();
    let before = s.screen_sms_at(SHOP, PROMO, false, T0).unwrap();
    assert_ne!(before.reasons[0].code, ReasonCode::Consent);
    assert_eq!(
        s.record_outgoing_sms(SHOP, " t ", T0 + 60)
            .unwrap()
            .as_deref(),
        Some("T")
    );
    assert_eq!(
        s.record_outgoing_sms(SHOP, "好的谢谢", T0 + 70).unwrap(),
        None
    );

    let after = s.screen_sms_at(SHOP, PROMO, false, T0 + 2 * DAY).unwrap();
    assert_eq!(after.action, Action::Junk);
    assert_eq!(after.reasons[0].code, ReasonCode::Consent);
    assert!(
        after.reasons[0].detail.contains("sent after opt-out"),
        "{:?}",
        after.reasons[0]
    );
    let ev = s.evidence();
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].received_unix, ev[0].withdrawn_unix),
        (T0 + 2 * DAY, T0 + 60)
    );
    assert_eq!(ev[0].body, None, "bodies are kept only when the app asks");

    s.set_keep_evidence_bodies(true).unwrap();
    s.screen_sms_at(SHOP, PROMO, false, T0 + 3 * DAY).unwrap();
    assert_eq!(s.evidence()[1].body.as_deref(), Some(PROMO));
}

#[test]
fn an_opt_out_does_not_junk_the_senders_verification_codes() {
    let s = Screener::with_default_bundle();
    s.record_outgoing_sms(SHOP, "TD", T0).unwrap();
    let v = s.screen_sms_at(SHOP, CODE, false, T0 + DAY).unwrap();
    assert_ne!(v.action, Action::Junk, "{v:?}");
    assert!(s.evidence().is_empty());
}

#[test]
fn consent_lets_marketing_through_and_user_rules_still_come_first() {
    let s = Screener::with_default_bundle();
    s.record_consent(SHOP, ConsentState::Consented, "app", T0)
        .unwrap();
    let v = s.screen_sms_at(SHOP, PROMO, false, T0 + DAY).unwrap();
    assert_eq!(
        (v.action, v.reasons[0].code),
        (Action::Allow, ReasonCode::Consent)
    );
    s.set_rules(
        r#"{"schema":1,"rules":[{"id":"no-sales","keywords":["满300减50"],"action":"junk"}]}"#,
    )
    .unwrap();
    let v = s.screen_sms_at(SHOP, PROMO, false, T0 + DAY).unwrap();
    assert_eq!(
        (v.action, v.reasons[0].code),
        (Action::Junk, ReasonCode::UserRule)
    );
}

#[test]
fn refusal_and_forgetting() {
    let s = Screener::with_default_bundle();
    s.record_consent(SHOP, ConsentState::Refused, "app", T0)
        .unwrap();
    assert_eq!(s.consent_records().len(), 1);
    let v = s.screen_sms_at(SHOP, PROMO, false, T0 + DAY).unwrap();
    assert!(v.reasons[0].detail.contains("sent after refusal"));
    assert!(s.forget_consent(SHOP).unwrap());
    let v = s.screen_sms_at(SHOP, PROMO, false, T0 + DAY).unwrap();
    assert_ne!(v.reasons[0].code, ReasonCode::Consent);
}

#[test]
fn spam_feedback_on_a_message_nudges_similar_messages() {
    let s = Screener::with_default_bundle();
    let body = "周末去爬山吗？老地方见，顺便带上相机";
    let before = s.screen_sms_at("13800138000", body, false, T0).unwrap();
    let id = s.report_feedback("", Some(body), true, T0).unwrap();
    let after = s.screen_sms_at("13900139000", body, false, T0).unwrap();
    assert!(
        after
            .reasons
            .iter()
            .any(|r| r.source == "personal-adjustment"),
        "{after:?}"
    );
    assert!(s.undo_feedback(id).unwrap());
    let undone = s.screen_sms_at("13900139000", body, false, T0).unwrap();
    assert_eq!(undone.action, before.action);
}

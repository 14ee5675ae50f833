//! No phone number or message body in any error message or `Debug` output:
//! bad and ordinary inputs go through the public API (and the fuzzers' seed
//! corpora), and every error text and `Debug` rendering is searched for runs
//! of five or more of the input's digits and for fragments of its body.

use std::path::Path;

use burao_core::engine::consent::ConsentState;
use burao_core::engine::rules::{RuleSet, Subject};
use burao_core::engine::state::UserState;
use burao_core::lists::{ListAction, ListBuilder, Pattern};
use burao_core::number::{normalize, Region};
use burao_core::{Error, Screener};

/// Runs of at least `min_run` digits in `text` that also occur in `input`'s digits.
fn digit_leaks(input: &str, text: &str, min_run: usize) -> Vec<String> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= min_run && digits.contains(run))
        .map(str::to_string)
        .collect()
}

/// Six-character windows of `body` with four letters or digits found in `text`.
fn body_leaks(body: &str, text: &str) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(6)
        .map(|w| w.iter().collect::<String>())
        .filter(|f| f.chars().filter(|c| c.is_alphanumeric()).count() >= 4 && text.contains(f))
        .collect()
}

#[track_caller]
fn assert_clean(input: &str, text: &str) {
    let d = digit_leaks(input, text, 5);
    assert!(d.is_empty(), "digits {d:?} of the input in: {text}");
    let b = body_leaks(input, text);
    assert!(b.is_empty(), "body {b:?} in: {text}");
}

fn error_text(e: &Error) -> String {
    format!("{e} | {} | {e:?}", e.chain())
}

const BAD_NUMBERS: &[&str] = &[
    "13800138000abc",
    "1380013800O",
    "+999 13800138000",
    "++8613800138000",
    "138+00138000",
    "+86 1380013800012345",
    "+86 13800138000 ext 99",
    "tel:+86-138-0013-8000x;phone-context=y",
    "１３８００１３８０００ｘ",
];

#[test]
fn number_errors_never_repeat_the_number() {
    let s = Screener::with_default_bundle();
    let long = "13800138000".repeat(50);
    for n in BAD_NUMBERS.iter().copied().chain([long.as_str()]) {
        let e = s.screen_call_at(n, false, 0).unwrap_err();
        assert_clean(n, &error_text(&e));
        assert_clean(n, &error_text(&s.canonical(n).unwrap_err()));
        assert_clean(
            n,
            &error_text(
                &s.report_call_outcome(n, burao_core::engine::history::Outcome::Declined)
                    .unwrap_err(),
            ),
        );
        assert_clean(
            n,
            &error_text(&s.set_emergency_numbers(&[n.to_string()]).unwrap_err()),
        );
        let e = normalize(n, &Region::cn()).unwrap_err();
        assert_clean(n, &format!("{e} {e:?}"));
        let e = Pattern::parse(n, &Region::cn()).unwrap_err();
        assert_clean(n, &e);
    }
}

#[test]
fn list_and_rule_errors_never_repeat_a_number() {
    let number = "13800138000";
    let mut b = ListBuilder::new(Region::cn());
    let head = "pattern,category,action,label\n";
    b.add_csv(
        "a.csv",
        &format!("{head}{number},,allow,friend\n"),
        ListAction::Block,
    )
    .unwrap();
    let conflict = b
        .add_csv(
            "b.csv",
            &format!("{head}{number},harassment,block,x\n"),
            ListAction::Block,
        )
        .unwrap_err();
    assert_clean(number, &format!("{conflict} {conflict:?}"));
    for bad in [
        format!("{head}{number}x,,block,\n"),
        format!("{head}{number},nonsense,block,\n"),
        format!("{head}{number},,explode,\n"),
        format!("{number}\n"),
    ] {
        let e = ListBuilder::new(Region::cn())
            .add_csv("c.csv", &bad, ListAction::Block)
            .unwrap_err();
        assert_clean(number, &format!("{e} {e:?}"));
    }
    let s = Screener::with_default_bundle();
    for doc in [
        format!(r#"{{"schema":1,"rules":[{{"id":"a","number":"{number}x","action":"block"}}]}}"#),
        format!(
            r#"{{"schema":1,"rules":[{{"id":"a","number":"{number}{number}","action":"block"}}]}}"#
        ),
        format!(r#"{{"schema":1,"rules":[{{"id":"a","number":"{number}","action":"explode"}}]}}"#),
        format!(
            r#"{{"schema":1,"rules":[{{"id":"a","number_regex":"({number}","action":"block"}}]}}"#
        ),
        format!(r#"{{"schema":1,"rules":[{{"id":"a","number":"{number}"}}"#),
    ] {
        let e = s.set_rules(&doc).unwrap_err();
        assert_clean(number, &error_text(&e));
    }
    // A rule set that names a number does not show it in `Debug`.
    let doc =
        format!(r#"{{"schema":1,"rules":[{{"id":"a","number":"{number}","action":"block"}}]}}"#);
    let set = RuleSet::parse(&doc, &Region::cn()).unwrap();
    assert_clean(number, &format!("{set:?} {:?}", set.rules()));
}

#[test]
fn records_and_state_hide_senders_and_bodies_in_debug() {
    let s = Screener::with_default_bundle();
    let sender = "10690000123456";
    let body = "【某贷】尊敬的王先生您的额度已提升，验证码774422，回T退订";
    s.set_keep_evidence_bodies(true).unwrap();
    s.record_consent(sender, ConsentState::Refused, "app", 100)
        .unwrap();
    let v = s.screen_sms_at(sender, body, false, 200).unwrap();
    assert!(
        !s.evidence().is_empty(),
        "the test reaches the evidence path"
    );
    assert_clean(body, &format!("{v:?}"));
    s.report_feedback(sender, Some(body), true, 300).unwrap();
    s.report_feedback("13800138000", None, false, 300).unwrap();
    s.screen_call_at("13900001201", false, 400).unwrap();
    s.set_emergency_numbers(&["13700137000".to_string()])
        .unwrap();
    let dump = format!(
        "{:?} {:?} {:?}",
        s.evidence(),
        s.consent_records(),
        s.feedback()
    );
    for secret in [sender, body, "13800138000"] {
        assert_clean(secret, &dump);
    }
    let state = UserState::from_bytes(&s.export_state()).unwrap();
    let dump = format!("{state:?}");
    for secret in [sender, body, "13800138000", "13900001201", "13700137000"] {
        assert_clean(secret, &dump);
    }
    let subject = Subject {
        digits: Some("8613800138000"),
        body: Some(body),
        minute_of_week: 0,
    };
    assert_clean(body, &format!("{subject:?}"));
    assert_clean("8613800138000", &format!("{subject:?}"));
    let key = normalize("13800138000", &Region::cn()).unwrap();
    let pattern = Pattern::parse("13800138000", &Region::cn()).unwrap();
    assert_clean("13800138000", &format!("{key:?} {pattern:?}"));
}

#[test]
fn garbage_state_and_bundles_get_clean_errors() {
    let s = Screener::with_default_bundle();
    let payload = "13800138000 我的秘密消息内容在这里".repeat(10);
    let e = s.import_state(payload.as_bytes()).unwrap_err();
    assert_clean(&payload, &error_text(&e));
    let e = s.replace_bundle(payload.clone().into_bytes()).unwrap_err();
    assert_clean(&payload, &error_text(&e));
    let mut b = burao_core::DEFAULT_BUNDLE.to_vec();
    b.splice(40..40, payload.bytes());
    let e = s.replace_bundle(b).unwrap_err();
    assert_clean(&payload, &error_text(&e));
}

/// The fuzzers' seed corpora, replayed through the API (see fuzz/README.md).
#[test]
fn fuzz_seed_corpora_produce_clean_texts() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds");
    let read = |dir: &str| -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(seeds.join(dir))
            .unwrap_or_else(|e| panic!("fuzz/seeds/{dir}: {e}"))
            .map(|f| std::fs::read(f.unwrap().path()).unwrap())
            .collect();
        files.sort();
        files
    };
    let s = Screener::with_default_bundle();
    let numbers = read("number");
    assert!(numbers.len() > 10);
    for raw in numbers {
        let text = String::from_utf8_lossy(&raw[1..]).into_owned();
        for variant in [text.clone(), format!("{text}x"), format!("+{text}{text}")] {
            if let Err(e) = s.screen_call_at(&variant, false, 0) {
                assert_clean(&variant, &error_text(&e));
            }
        }
    }
    let messages = read("sms");
    assert!(messages.len() >= 5);
    for raw in messages {
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (sender, body) = text.split_once('\n').unwrap();
        let v = s.screen_sms_at(sender, body, false, 0).unwrap();
        // Verdicts name list patterns of up to 8 digits (`+8695588`); longer
        // runs, or any body fragment, would have come from the input.
        let dump = format!("{v:?}");
        assert!(digit_leaks(body, &dump, 9).is_empty(), "{dump}");
        assert!(body_leaks(body, &dump).is_empty(), "{dump}");
        for bad in [format!("{sender}??"), format!("+{sender}{sender}{sender}")] {
            if let Err(e) = s.canonical(&bad) {
                assert_clean(&bad, &error_text(&e));
            }
        }
    }
}

/// The phishing and classifier reasons quote the message (for the user's own
/// app), but a verdict's `Debug` never shows those quotes, in either language.
#[test]
fn quoting_reasons_stay_out_of_debug() {
    let s = Screener::with_default_bundle();
    let body = "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包";
    for lang in ["en", "zh"] {
        s.set_reason_language(lang).unwrap();
        let v = s.screen_sms_at("13812345678", body, false, 0).unwrap();
        assert!(
            v.reasons.iter().any(|r| r.detail.contains("icbc-jf.vip")),
            "the verdict itself names the link"
        );
        let dump = format!("{v:?}");
        assert!(!dump.contains("icbc-jf"), "{dump}");
        assert_clean(body, &dump);
        assert_clean("13812345678", &dump);
    }
    assert!(s.set_reason_language("klingon").is_err());
}

//! The documented input limits (`burao_core::limits`): huge, odd and hostile
//! inputs are refused with a clear error or cut deterministically, and never
//! crash or stall. Timings only guard against a hang; they are not benchmarks.

use std::time::{Duration, Instant};

use burao_core::bundle::{Bundle, BundleError, BundleWriter, Metadata};
use burao_core::limits::*;
use burao_core::number::{normalize, NumberError, Region};
use burao_core::{Error, ReasonCode, Screener, Verdict};

/// Generous: a debug build on a busy two-core machine, far from a stall.
const GUARD: Duration = Duration::from_secs(10);

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < GUARD, "took {:?}", start.elapsed());
    out
}

fn truncated(v: &Verdict) -> bool {
    v.reasons
        .iter()
        .any(|r| r.code == ReasonCode::Note && r.source == "truncated")
}

#[test]
fn a_one_megabyte_body_is_screened_on_its_first_64_kb() {
    let s = Screener::with_default_bundle();
    let small = "您的快递已到驿站，取件码 5512。".repeat(10);
    let big = small.repeat((1 << 20) / small.len() + 1);
    assert!(big.len() > 1 << 20);
    let v_small = timed(|| s.screen_sms_at("95588", &small, false, 0).unwrap());
    let v_big = timed(|| s.screen_sms_at("95588", &big, false, 0).unwrap());
    assert!(!truncated(&v_small));
    assert!(truncated(&v_big), "the reasons say the body was cut");
    assert_eq!(v_small.action, v_big.action, "same text, same decision");
    // Exactly at the limit nothing is cut.
    let exact = "a".repeat(MAX_BODY_BYTES);
    assert!(!truncated(&s.screen_sms_at("", &exact, false, 0).unwrap()));
    assert!(truncated(
        &s.screen_sms_at("", &format!("{exact}a"), false, 0).unwrap()
    ));
}

#[test]
fn a_hundred_thousand_emoji_are_cut_on_a_character_boundary() {
    let s = Screener::with_default_bundle();
    // Four bytes each: 64 KB is not a multiple of most mixes, so mix widths.
    let body: String = "😀é".repeat(50_000);
    assert_eq!(body.chars().count(), 100_000);
    let v = timed(|| s.screen_sms_at("10690000", &body, false, 0).unwrap());
    assert!(truncated(&v));
    // A rule on a phrase past the cut does not fire: only the start is read.
    s.set_rules(r#"{"schema":1,"rules":[{"id":"tail","keywords":["尾巴"],"action":"junk"}]}"#)
        .unwrap();
    let tail = format!("{body}尾巴");
    let v = s.screen_sms_at("10690000", &tail, false, 0).unwrap();
    assert!(v.reasons.iter().all(|r| r.source != "tail"));
    let v = s.screen_sms_at("10690000", "尾巴", false, 0).unwrap();
    assert_eq!(v.reasons[0].source, "tail");
}

#[test]
fn invalid_surrogates_arrive_as_replacement_characters_and_screen() {
    let s = Screener::with_default_bundle();
    // CESU-8 / WTF-8 surrogates (what a UTF-16 string with an unpaired
    // surrogate becomes), stray continuation bytes and a cut sequence.
    let raw: Vec<u8> = [
        "回T退订".as_bytes(),
        &[0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf, 0x80, 0xbf, 0xe4, 0xbd],
    ]
    .concat();
    let body = String::from_utf8_lossy(&raw);
    assert!(body.contains('\u{fffd}'));
    let sender = String::from_utf8_lossy(&[0x31, 0xed, 0xa0, 0x80, 0x30, 0x36, 0x39]);
    timed(|| s.screen_sms_at(&sender, &body, false, 0).unwrap());
    assert!(matches!(
        s.screen_call_at(&sender, false, 0),
        Err(Error::Number(NumberError::InvalidCharacter))
    ));
    let many = body.repeat(20_000);
    assert!(truncated(&timed(|| s
        .screen_sms_at("", &many, false, 0)
        .unwrap())));
}

#[test]
fn number_text_is_capped_before_any_work() {
    let cn = Region::cn();
    let at_limit = "1".repeat(MAX_NUMBER_INPUT_CHARS + 1);
    assert_eq!(normalize(&at_limit, &cn), Err(NumberError::TooLong));
    let huge = "1".repeat(1 << 20);
    assert_eq!(timed(|| normalize(&huge, &cn)), Err(NumberError::TooLong));
    let spaced = format!("+86 {}", " ".repeat(MAX_NUMBER_INPUT_CHARS));
    assert_eq!(normalize(&spaced, &cn), Err(NumberError::TooLong));
    assert_eq!(
        normalize(&format!("+{}", "1".repeat(MAX_E164_DIGITS + 1)), &cn),
        Err(NumberError::TooLong)
    );
    let s = Screener::with_default_bundle();
    assert!(matches!(
        timed(|| s.screen_call_at(&huge, false, 0)),
        Err(Error::Number(NumberError::TooLong))
    ));
}

fn rules_err(s: &Screener, json: &str) -> String {
    match timed(|| s.set_rules(json)) {
        Err(Error::Rules(e)) => e.to_string(),
        other => panic!("expected a rules error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_regex_that_would_explode_is_refused_quickly_and_the_old_rules_stay() {
    let s = Screener::with_default_bundle();
    s.set_rules(r#"{"schema":1,"rules":[{"id":"ok","keywords":["贷款"],"action":"junk"}]}"#)
        .unwrap();
    // Nested counted repetition: billions of states if compiled naively.
    let e = rules_err(
        &s,
        r#"{"schema":1,"rules":[{"id":"boom","body_regex":"(?:\\w{200}){200}","action":"junk"}]}"#,
    );
    assert!(e.contains("regex does not compile"), "{e}");
    let e = rules_err(
        &s,
        r#"{"schema":1,"rules":[{"id":"boom","number_regex":"[0-9]{1000}{1000}","action":"block"}]}"#,
    );
    assert!(e.starts_with("rule 0:"), "{e}");
    assert_eq!(
        s.screen_sms_at("", "贷款", false, 0).unwrap().reasons[0].source,
        "ok"
    );
    // A classic catastrophic-backtracking pattern runs in linear time here.
    s.set_rules(
        r#"{"schema":1,"rules":[{"id":"bt","body_regex":"^(a+)+$","action":"junk"},
            {"id":"bt2","body_regex":"(a|aa)*c","action":"junk"}]}"#,
    )
    .unwrap();
    let evil = format!("{}b", "a".repeat(MAX_BODY_BYTES - 1));
    let v = timed(|| s.screen_sms_at("", &evil, false, 0).unwrap());
    assert!(v
        .reasons
        .iter()
        .all(|r| r.source != "bt" && r.source != "bt2"));
}

#[test]
fn rule_counts_and_sizes_are_capped() {
    let s = Screener::with_default_bundle();
    let rule = |i: usize| format!(r#"{{"id":"r{i}","number":"+86170{i:05}","action":"block"}}"#);
    let too_many: Vec<String> = (0..=MAX_RULES).map(rule).collect();
    let e = rules_err(
        &s,
        &format!(r#"{{"schema":1,"rules":[{}]}}"#, too_many.join(",")),
    );
    assert!(e.contains(&format!("at most {MAX_RULES}")), "{e}");
    let kws: Vec<String> = (0..=MAX_KEYWORDS).map(|i| format!("\"k{i}\"")).collect();
    let e = rules_err(
        &s,
        &format!(
            r#"{{"schema":1,"rules":[{{"id":"k","keywords":[{}],"action":"junk"}}]}}"#,
            kws.join(",")
        ),
    );
    assert!(e.contains("keywords"), "{e}");
    let long = "x".repeat(MAX_PATTERN_CHARS + 1);
    let e = rules_err(
        &s,
        &format!(r#"{{"schema":1,"rules":[{{"id":"l","body_regex":"{long}","action":"junk"}}]}}"#),
    );
    assert!(e.contains("longer than"), "{e}");
}

#[test]
fn bundle_size_and_section_count_are_capped() {
    // Zeroed pages are not touched until written, so this costs no real memory.
    let huge = vec![0u8; MAX_BUNDLE_BYTES + 1];
    assert_eq!(
        Bundle::from_vec(huge).unwrap_err(),
        BundleError::TooLarge {
            len: MAX_BUNDLE_BYTES + 1
        }
    );
    let mut w = BundleWriter::new(Metadata::new("t", "1", "CN"));
    for i in 0..=MAX_SECTIONS {
        w = w.section(&format!("s{i}"), vec![0; 8]);
    }
    let e = Bundle::from_vec(w.to_bytes()).unwrap_err();
    assert!(
        e.to_string().contains(&format!("at most {MAX_SECTIONS}")),
        "{e}"
    );
    let s = Screener::with_default_bundle();
    let before = s.bundle_info();
    assert!(s.replace_bundle(vec![0u8; 19]).is_err());
    assert_eq!(s.bundle_info(), before, "the old bundle keeps serving");
}

#[test]
fn patch_size_is_capped_before_parsing() {
    use burao_core::bundle::delta::PatchError;
    let s = Screener::with_default_bundle();
    let before = s.bundle_info();
    let e = s.apply_update(&vec![0u8; MAX_PATCH_BYTES + 1]).unwrap_err();
    assert_eq!(
        e,
        burao_core::Error::Bundle(BundleError::Patch(PatchError::TooLarge {
            len: MAX_PATCH_BYTES + 1
        }))
    );
    assert!(e.chain().contains("ship the full bundle"), "{}", e.chain());
    assert_eq!(s.bundle_info(), before, "the old bundle keeps serving");
}

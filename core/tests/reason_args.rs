//! Every reason the engine emits carries named arguments from the documented
//! table (`REASON_ARG_NAMES`, mirrored in `bindings/README.md`), its `detail`
//! in Chinese and English is built from them, and neither `Debug` nor an
//! argument carries the screened number or the message body.

use std::collections::BTreeSet;

use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::engine::consent::ConsentState;
use burao_core::engine::history::Outcome;
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::{Action, Category, Reason, ReasonCode, Screener, Verdict, REASON_ARG_NAMES};
use serde_json::Value;

const T0: i64 = 1_796_000_000;
const LOCALES: [&str; 2] = ["en", "zh"];

/// Arguments whose value `detail` shows verbatim (in every locale).
const SHOWN: &[&str] = &[
    "rule_id",
    "rule_note",
    "date",
    "reply",
    "count",
    "days",
    "evidence",
    "institution",
    "official_sender",
    "domain",
    "lookalike_of",
    "tld",
    "bytes",
    "error",
];
/// Arguments whose value is written in the reason's locale (the others are
/// the same in every locale).
const LOCALISED: &[&str] = &["evidence", "institution", "lookalike_of"];

/// A bundle with a silenced range, an exact block entry and a labelled entry.
fn call_screener(tag: &str) -> Screener {
    let mut lists = ListBuilder::new(Region::cn());
    let csv = "pattern,category,action,label\n\
               +86171*,harassment,silence,virtual-operator number\n\
               13900009999,fraud,block,known scam line\n\
               +86177*,loan,silence,贷款推销号段\n";
    lists.add_csv("t.csv", csv, ListAction::Block).unwrap();
    let bytes = BundleWriter::new(Metadata::new("t", "1", "CN"))
        .lists(&lists.build().unwrap())
        .to_bytes();
    let s = Screener::from_bytes(bytes).unwrap();
    s.set_reason_language(tag).unwrap();
    s
}

fn sms_screener(tag: &str) -> Screener {
    let s = Screener::with_default_bundle();
    s.set_reason_language(tag).unwrap();
    s
}

/// (what was screened: number, body), verdict — for one locale.
fn scenarios(tag: &str) -> Vec<(String, String, Verdict)> {
    let mut out = Vec::new();
    let mut call = |s: &Screener, n: &str, contact: bool, at: i64| {
        let v = s.screen_call_at(n, contact, at).unwrap();
        out.push((n.to_string(), String::new(), v));
    };
    let s = call_screener(tag);
    s.set_emergency_numbers(&["13900000120".to_string()])
        .unwrap();
    call(&s, "13900000120", false, T0);
    call(&s, "13900001111", true, T0);
    s.set_rules(
        r#"{"schema":1,"rules":[
            {"id":"gym","number":"13900002*","action":"silence","note":"the gym"},
            {"id":"boss","number":"13900003333","action":"allow"}]}"#,
    )
    .unwrap();
    call(&s, "13900002222", false, T0);
    call(&s, "13900003333", false, T0);
    s.report_feedback("13900004444", None, true, T0 - 86_400)
        .unwrap();
    call(&s, "13900004444", false, T0);
    s.report_feedback("13900005555", None, false, T0 - 86_400)
        .unwrap();
    call(&s, "13900005555", false, T0);
    call(&s, "13900009999", false, T0);
    call(&s, "17100001234", false, T0);
    call(&s, "17100001234", false, T0 + 180);
    call(&s, "17712345678", false, T0);
    s.record_consent("13900006666", ConsentState::Refused, "app", T0 - 100)
        .unwrap();
    call(&s, "13900006666", false, T0);
    for (i, n) in ["13900007201", "13900007202", "13900007203"]
        .iter()
        .enumerate()
    {
        s.screen_call_at(n, false, T0 - 3600 * (i as i64 + 1))
            .unwrap();
        s.report_call_outcome(n, Outcome::Declined).unwrap();
    }
    call(&s, "13900007288", false, T0);
    call(&s, "13800138000", false, T0);

    let s = sms_screener(tag);
    let mut sms = |s: &Screener, from: &str, body: &str| {
        let v = s.screen_sms_at(from, body, false, T0).unwrap();
        out.push((from.to_string(), body.to_string(), v));
    };
    sms(
        &s,
        "1069055501234",
        "【快借宝】您有20万借款额度待领取，无抵押秒到账，点击 t.cn/Zz9 立即领取，回T退订",
    );
    sms(
        &s,
        "13800138000",
        "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。",
    );
    sms(
        &s,
        "13912345678",
        "【建设银行】您的账户存在异常交易已被冻结，请立即点击 http://ccb-jd.top/k 解冻，逾期将注销。",
    );
    sms(&s, "", "Your verification code is 120934. Do not share it.");
    sms(
        &s,
        "17012345678",
        "儿子，周六回家吃饭吗？我炖了排骨汤，路上注意安全。",
    );
    let long = "今晚一起吃饭吗？".repeat(3000);
    sms(&s, "13900001111", &long);
    s.record_consent("1069012345678", ConsentState::OptedOut, "TD", T0 - 86_400)
        .unwrap();
    sms(&s, "1069012345678", "新品上市，全场五折，回T退订");
    s.record_consent("1069087654321", ConsentState::Consented, "app", T0 - 86_400)
        .unwrap();
    sms(&s, "1069087654321", "会员日全场五折，回T退订");
    s.report_feedback("13900008888", Some("周末优惠大促，进店有礼"), true, T0 - 60)
        .unwrap();
    sms(&s, "13700001234", "周末优惠大促，进店有礼，欢迎光临");

    // And every input of the shared cases.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/cases");
    for file in ["calls.json", "sms.json"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let s = sms_screener(tag);
            let contact = case["is_contact"].as_bool().unwrap_or(false);
            let got = match case["kind"].as_str() {
                Some("call") => {
                    let n = case["number"].as_str().unwrap_or("");
                    s.screen_call_at(n, contact, T0)
                        .map(|v| (n.to_string(), String::new(), v))
                }
                _ => {
                    let (from, body) = (
                        case["from"].as_str().unwrap_or(""),
                        case["body"].as_str().unwrap_or(""),
                    );
                    s.screen_sms_at(from, body, contact, T0)
                        .map(|v| (from.to_string(), body.to_string(), v))
                }
            };
            out.extend(got.ok());
        }
    }
    out
}

fn documented(name: &str) -> bool {
    REASON_ARG_NAMES.iter().any(|(n, _)| *n == name)
}

/// Checks one reason's arguments against its detail; `Err` says what is wrong.
fn check(r: &Reason, number: &str, body: &str, tag: &str) -> Result<(), String> {
    for a in &r.args {
        if !documented(a.name) {
            return Err(format!("undocumented argument {}", a.name));
        }
        let v = a.value.as_str();
        let ok = match a.name {
            n if SHOWN.contains(&n) => r.detail.contains(v),
            "action" => Action::parse(v).is_some(),
            "category" => Category::parse(v).is_some(),
            "spam" | "named_range" | "towards_spam" => v == "true" || v == "false",
            "consent_state" => ["consented", "refused", "opted_out"].contains(&v),
            "request" => [
                "transfer",
                "add_contact",
                "download",
                "verify_deadline",
                "share_code",
                "new_number",
                "fake_documents",
            ]
            .contains(&v),
            "basis" => ["hidden_link", "asks_who", "nothing_to_sell"].contains(&v),
            "probability" => v.len() == 4 && v.as_bytes()[1] == b'.',
            "pattern" => v.starts_with('+') && v.ends_with('*'),
            "feedback_id" => v.parse::<u64>().is_ok(),
            "minutes" => v
                .parse::<i64>()
                .is_ok_and(|m| m < 1 || r.detail.contains(v)),
            "label" => tag == "zh" || r.detail.contains(v),
            _ => false,
        };
        if !ok {
            return Err(format!("{}={v:?} does not fit {:?}", a.name, r.detail));
        }
        // The screened number and the body stay out of every argument.
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 5 && v.chars().filter(char::is_ascii_digit).collect::<String>() == digits
        {
            return Err(format!("{} carries the number", a.name));
        }
        if body.chars().count() > 16 && v.contains(body) {
            return Err(format!("{} carries the body", a.name));
        }
    }
    let dump = format!("{r:?}");
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 5 && dump.contains(&digits) {
        return Err(format!("Debug shows the number: {dump}"));
    }
    for a in r
        .args
        .iter()
        .filter(|a| burao_core::QUOTING_ARGS.contains(&a.name))
    {
        if a.value.chars().count() >= 5 && dump.contains(&a.value) {
            return Err(format!("Debug quotes the message: {dump}"));
        }
    }
    if !body.is_empty() && dump.contains(body) {
        return Err(format!("Debug shows the body: {dump}"));
    }
    Ok(())
}

#[test]
fn every_emitted_reason_has_documented_args_its_detail_is_built_from() {
    let mut seen = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut failures = Vec::new();
    for tag in LOCALES {
        for (number, body, v) in scenarios(tag) {
            for r in &v.reasons {
                seen.insert(r.code);
                names.extend(r.args.iter().map(|a| a.name));
                if let Err(why) = check(r, &number, &body, tag) {
                    failures.push(format!("{tag} {} ({}): {why}", r.code.as_str(), r.source));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let all = [
        ReasonCode::Emergency,
        ReasonCode::Contact,
        ReasonCode::UserRule,
        ReasonCode::Feedback,
        ReasonCode::ListEntry,
        ReasonCode::Consent,
        ReasonCode::Phishing,
        ReasonCode::Behaviour,
        ReasonCode::Classifier,
        ReasonCode::Default,
        ReasonCode::Note,
    ];
    for code in all {
        assert!(
            seen.contains(&code),
            "no {} reason was exercised",
            code.as_str()
        );
    }
    for must in [
        "rule_id",
        "rule_note",
        "date",
        "spam",
        "pattern",
        "label",
        "minutes",
        "count",
        "days",
        "consent_state",
        "reply",
        "probability",
        "evidence",
        "institution",
        "domain",
        "bytes",
        "basis",
    ] {
        assert!(
            names.contains(must),
            "no reason carried `{must}`: {names:?}"
        );
    }
}

#[test]
fn args_are_the_same_in_both_locales_but_for_the_localised_texts() {
    let (en, zh) = (scenarios("en"), scenarios("zh"));
    assert_eq!(en.len(), zh.len());
    let neutral = |r: &Reason| -> Vec<(String, String)> {
        r.args
            .iter()
            .map(|a| {
                let v = if LOCALISED.contains(&a.name) {
                    String::new()
                } else {
                    a.value.clone()
                };
                (a.name.to_string(), v)
            })
            .collect()
    };
    let mut differing_details = 0;
    for ((_, _, e), (_, _, z)) in en.iter().zip(&zh) {
        assert_eq!(e.reasons.len(), z.reasons.len());
        for (a, b) in e.reasons.iter().zip(&z.reasons) {
            assert_eq!(a.code, b.code);
            assert_eq!(neutral(a), neutral(b), "{} ({})", a.code.as_str(), a.source);
            differing_details += usize::from(a.detail != b.detail);
        }
    }
    assert!(
        differing_details > 20,
        "only {differing_details} texts differ"
    );
}

#[test]
fn one_rule_reason_reads_its_args_in_both_languages() {
    for (tag, want) in [
        ("en", "your rule “gym” (the gym): silence"),
        ("zh", "你的规则“gym”（the gym）：静音"),
    ] {
        let s = call_screener(tag);
        s.set_rules(r#"{"schema":1,"rules":[{"id":"gym","number":"13900002*","action":"silence","note":"the gym"}]}"#)
            .unwrap();
        let r = &s.screen_call_at("13900002222", false, T0).unwrap().reasons[0];
        assert_eq!(r.detail, want);
        assert_eq!(r.arg_value("rule_id"), Some("gym"));
        assert_eq!(r.arg_value("rule_note"), Some("the gym"));
        assert_eq!(r.arg_value("action"), Some("silence"));
        assert_eq!(r.arg_value("pattern"), None);
    }
}

#[test]
fn an_exact_list_entry_keeps_the_number_out_of_the_args() {
    let s = call_screener("en");
    let v = s.screen_call_at("13900009999", false, T0).unwrap();
    let r = &v.reasons[0];
    assert_eq!(r.code, ReasonCode::ListEntry);
    assert_eq!(
        r.source, "+8613900009999",
        "developers still see it in source"
    );
    assert_eq!(r.arg_value("pattern"), None);
    assert_eq!(r.arg_value("label"), Some("known scam line"));
    assert_eq!(r.arg_value("category"), Some("fraud"));
    assert_eq!(r.arg_value("action"), Some("block"));
    assert!(!format!("{v:?}").contains("13900009999"));
}

#[test]
fn the_readme_table_lists_exactly_the_documented_names() {
    let readme = include_str!("../../bindings/README.md");
    let start = readme
        .find("<!-- reason-args -->")
        .expect("bindings/README.md has no reason-args table");
    let end = readme[start..]
        .find("<!-- /reason-args -->")
        .expect("unterminated reason-args table")
        + start;
    let listed: Vec<&str> = readme[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let ours: Vec<&str> = REASON_ARG_NAMES.iter().map(|(n, _)| *n).collect();
    assert_eq!(listed, ours);
}

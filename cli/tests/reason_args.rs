//! `burao screen … --locale` prints each reason's named arguments next to its
//! rendered `detail`, the same in both languages but for the quoted texts.

mod support;
use support::*;

use serde_json::Value;

const PHISH: &str =
    "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。";

fn first_line(args: &[&str]) -> Value {
    let o = ok(burao(args));
    serde_json::from_str(text(&o.stdout).lines().next().unwrap()).unwrap()
}

fn arg<'a>(reason: &'a Value, name: &str) -> Vec<&'a str> {
    reason["args"]
        .as_array()
        .unwrap_or_else(|| panic!("no args in {reason}"))
        .iter()
        .filter(|a| a["name"] == name)
        .map(|a| a["value"].as_str().unwrap())
        .collect()
}

#[test]
fn screen_sms_prints_args_in_both_locales() {
    let screen = |locale| {
        first_line(&[
            "screen",
            "sms",
            "--locale",
            locale,
            "--from",
            "13800138000",
            PHISH,
        ])
    };
    let (en, zh) = (screen("en"), screen("zh"));
    let (e, z) = (&en["reasons"][0], &zh["reasons"][0]);
    assert_eq!(
        (e["code"].as_str(), z["code"].as_str()),
        (Some("phishing"), Some("phishing"))
    );
    assert_eq!(arg(e, "domain"), ["icbc-jf.vip"]);
    assert_eq!(arg(z, "domain"), ["icbc-jf.vip"]);
    assert_eq!(arg(e, "official_sender"), ["95588"]);
    assert_eq!(arg(z, "official_sender"), ["95588"]);
    assert_eq!(arg(z, "institution"), ["工商银行"]);
    assert_eq!(arg(e, "institution").len(), 1);
    for (r, l) in [(e, "en"), (z, "zh")] {
        let detail = r["detail"].as_str().unwrap();
        for a in r["args"].as_array().unwrap() {
            assert!(
                detail.contains(a["value"].as_str().unwrap()),
                "{l}: {a} not in {detail}"
            );
        }
        assert!(!r.to_string().contains("13800138000"), "{r}");
    }
    assert_ne!(e["detail"], z["detail"]);
}

#[test]
fn screen_call_prints_args_without_the_number() {
    let v = first_line(&["screen", "call", "--locale", "zh", "+86 170 0000 0000"]);
    let list = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "list_entry")
        .expect("a list reason");
    assert_eq!(arg(list, "pattern"), ["+86170*"]);
    assert_eq!(arg(list, "category"), ["harassment"]);
    for r in v["reasons"].as_array().unwrap() {
        assert!(r["args"].is_array(), "{r}");
        assert!(!r["args"].to_string().contains("17000000000"), "{r}");
    }
}

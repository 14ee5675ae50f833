//! Golden checks of the embedded default bundle's SMS verdicts on the messages
//! we wrote (`fixtures/sms/`): no legitimate message junked, spam caught, and
//! disguised copies of the spam caught nearly as well.

use std::path::PathBuf;

use burao_core::{Action, Category, Screener};

struct Msg {
    id: String,
    category: Category,
    sender: String,
    text: String,
}

fn fixtures() -> Vec<Msg> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sms");
    let mut out = Vec::new();
    for file in ["train.tsv", "holdout.tsv"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("fixture file");
        for line in text.lines().filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{file}: five columns");
            out.push(Msg {
                id: f[0].into(),
                category: Category::parse(f[2]).expect("known category"),
                sender: f[3].into(),
                text: f[4].into(),
            });
        }
    }
    assert!(out.len() > 250, "the fixtures are all there");
    out
}

fn flagged(a: Action) -> bool {
    matches!(a, Action::Junk | Action::Promotion)
}

#[test]
fn no_legitimate_fixture_is_junked() {
    let s = Screener::with_default_bundle();
    let mut junked = Vec::new();
    let mut promoted = 0;
    let mut legit = 0;
    for m in fixtures().iter().filter(|m| !m.category.is_unwanted()) {
        legit += 1;
        let v = s.screen_sms(&m.sender, &m.text, false).unwrap();
        if v.action == Action::Junk {
            junked.push(m.id.clone());
        }
        promoted += (v.action == Action::Promotion) as usize;
    }
    assert!(junked.is_empty(), "junked legitimate messages: {junked:?}");
    assert!(
        promoted * 50 <= legit,
        "{promoted} of {legit} legitimate messages filed as promotions"
    );
}

#[test]
fn transactions_are_transactions() {
    let s = Screener::with_default_bundle();
    let tx: Vec<&Msg> = Vec::leak(fixtures())
        .iter()
        .filter(|m| m.category == Category::Transaction)
        .collect();
    let right = tx
        .iter()
        .filter(|m| s.screen_sms(&m.sender, &m.text, false).unwrap().action == Action::Transaction)
        .count();
    assert!(
        right * 10 >= tx.len() * 8,
        "only {right} of {} transactions filed as transactions",
        tx.len()
    );
}

/// Simplified → Traditional for characters common in spam.
const TRADITIONAL: &[(char, char)] = &[
    ('贷', '貸'),
    ('险', '險'),
    ('额', '額'),
    ('点', '點'),
    ('击', '擊'),
    ('领', '領'),
    ('费', '費'),
    ('优', '優'),
    ('现', '現'),
    ('钱', '錢'),
    ('银', '銀'),
    ('账', '賬'),
    ('户', '戶'),
    ('礼', '禮'),
    ('开', '開'),
    ('发', '發'),
    ('单', '單'),
    ('号', '號'),
    ('证', '證'),
    ('认', '認'),
    ('奖', '獎'),
    ('价', '價'),
    ('买', '買'),
    ('卖', '賣'),
    ('楼', '樓'),
    ('盘', '盤'),
    ('会', '會'),
    ('员', '員'),
    ('车', '車'),
    ('线', '線'),
    ('网', '網'),
    ('码', '碼'),
    ('医', '醫'),
    ('财', '財'),
    ('资', '資'),
    ('门', '門'),
    ('务', '務'),
    ('惠', '惠'),
    ('订', '訂'),
    ('无', '無'),
    ('担', '擔'),
    ('审', '審'),
    ('批', '批'),
    ('专', '專'),
    ('属', '屬'),
    ('请', '請'),
    ('详', '詳'),
    ('询', '詢'),
];

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn spaced(s: &str) -> String {
    join_cjk(s, &[" "])
}

fn symbols(s: &str) -> String {
    join_cjk(s, &["#", ".", "*", "-", "_"])
}

/// Puts a separator between every second pair of adjacent CJK characters.
fn join_cjk(s: &str, seps: &[&str]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if is_cjk(c) && chars.get(i + 1).is_some_and(|&n| is_cjk(n)) && i % 2 == 0 {
            out.push_str(seps[k % seps.len()]);
            k += 1;
        }
    }
    out
}

fn traditional(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(a, _)| *a == c)
                .map_or(c, |&(_, t)| t)
        })
        .collect()
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn homoglyphs(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a' => 'а',
            'e' => 'е',
            'o' => 'о',
            'p' => 'р',
            'c' => 'с',
            'x' => 'х',
            'y' => 'у',
            'i' => 'і',
            _ => c,
        })
        .collect()
}

fn zero_width(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if is_cjk(c) {
            out.push('\u{200B}');
        }
    }
    out
}

type Disguise = dyn Fn(&str) -> String;

#[test]
fn disguised_spam_is_caught_nearly_as_well() {
    let s = Screener::with_default_bundle();
    let spam: Vec<Msg> = fixtures()
        .into_iter()
        .filter(|m| m.category.is_unwanted())
        .collect();
    let recall = |f: &Disguise| {
        let hit = spam
            .iter()
            .filter(|m| flagged(s.screen_sms(&m.sender, &f(&m.text), false).unwrap().action))
            .count();
        hit as f64 / spam.len() as f64
    };
    let base = recall(&|t: &str| t.to_string());
    assert!(base >= 0.8, "plain spam recall {base:.3}");
    let disguises: [(&str, &Disguise); 7] = [
        ("spaces", &spaced),
        ("symbols", &symbols),
        ("traditional", &traditional),
        ("full-width", &full_width),
        ("homoglyphs", &homoglyphs),
        ("zero-width", &zero_width),
        ("all at once", &|t: &str| {
            homoglyphs(&full_width(&symbols(&traditional(t))))
        }),
    ];
    for (name, f) in disguises {
        let r = recall(f);
        // The figures for the report: `cargo test --test sms_golden -- --nocapture`.
        eprintln!("{name}: recall {r:.3} (plain {base:.3})");
        assert!(
            r >= base - 0.02,
            "{name}: recall {r:.3} against {base:.3} on plain text"
        );
    }
}

#[test]
fn explanations_point_into_the_original_text() {
    let s = Screener::with_default_bundle();
    let body =
        "【速借】您有一笔50000元贷 款额度待领取，无抵押当天到账，点击 t.cn/Ab12 申请，回T退订";
    let v = s.screen_sms("1069012345678", body, false).unwrap();
    let n = body.chars().count() as u32;
    let spans: Vec<_> = v.reasons.iter().flat_map(|r| r.spans.clone()).collect();
    assert!(!spans.is_empty(), "the classifier says where it looked");
    for sp in spans {
        assert!(sp.start < sp.end && sp.end <= n);
    }
}

#[test]
fn long_bodies_are_cut_and_say_so() {
    let s = Screener::with_default_bundle();
    let body = "明天见".repeat(30_000);
    let v = s.screen_sms("", &body, false).unwrap();
    assert!(v.reasons.iter().any(|r| r.source == "truncated"));
}

/// `zh_fbs_spam` (all spam) had its punctuation stripped by its authors: the
/// model must not learn "no punctuation means spam". Legitimate messages
/// without their punctuation are flagged no more often than with it.
#[test]
fn legitimate_messages_without_punctuation_are_not_flagged_for_it() {
    let s = Screener::with_default_bundle();
    let strip = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect()
    };
    let (mut with, mut without, mut legit) = (0usize, 0usize, 0usize);
    for m in fixtures().iter().filter(|m| !m.category.is_unwanted()) {
        legit += 1;
        with += flagged(s.screen_sms(&m.sender, &m.text, false).unwrap().action) as usize;
        let bare = strip(&m.text);
        without += flagged(s.screen_sms(&m.sender, &bare, false).unwrap().action) as usize;
    }
    assert!(
        without <= with + legit / 50,
        "{without} of {legit} legitimate messages flagged without punctuation, {with} with it"
    );
}

/// Fraud is never filed as a transaction: not the written fraud fixtures,
/// and not their disguised copies.
#[test]
fn fraud_is_never_a_transaction() {
    let s = Screener::with_default_bundle();
    let mut filed = Vec::new();
    for m in fixtures().iter().filter(|m| m.category == Category::Fraud) {
        for body in [m.text.clone(), spaced(&m.text), traditional(&m.text)] {
            if s.screen_sms(&m.sender, &body, false).unwrap().action == Action::Transaction {
                filed.push(m.id.clone());
            }
        }
    }
    assert!(filed.is_empty(), "fraud filed as transaction: {filed:?}");
}

/// Reason texts are for people: no feature families, probabilities or list
/// jargon in them, in either language (internals stay in `source`).
#[test]
fn reason_texts_carry_no_internals() {
    let s = Screener::with_default_bundle();
    for lang in ["en", "zh"] {
        s.set_reason_language(lang).unwrap();
        for m in fixtures().iter().take(120) {
            for sender in [m.sender.as_str(), "17012345678"] {
                let v = s.screen_sms(sender, &m.text, false).unwrap();
                for r in &v.reasons {
                    for bad in [
                        "cjk_ngram",
                        "word_pair",
                        "p=",
                        "list entry",
                        "sms.model",
                        "entity",
                    ] {
                        assert!(
                            !r.detail.contains(bad),
                            "{}: `{bad}` in a reason text",
                            m.id
                        );
                    }
                }
            }
        }
    }
}

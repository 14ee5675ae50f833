//! `burao eval` end to end on the small files in `fixtures/eval/`: every
//! figure it prints is recomputed here from `burao screen sms --jsonl`
//! verdicts on the same rows, so the test holds whatever the model says.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use support::{burao, burao_with_input, json_lines, ok, text};

const EVAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/eval");

fn fixture(name: &str) -> String {
    format!("{EVAL}/{name}")
}

/// `(label, category, sender, body)` of a 4- or 5-column file.
fn rows(path: &str) -> Vec<(String, Option<String>, String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            match f.len() {
                4 => (f[1].into(), None, f[2].into(), f[3].into()),
                5 => (f[1].into(), Some(f[2].into()), f[3].into(), f[4].into()),
                n => panic!("{n} fields"),
            }
        })
        .collect()
}

/// `(action, category)` of every row, from `burao screen sms --jsonl`.
fn verdicts(rows: &[(String, Option<String>, String, String)]) -> Vec<(String, Option<String>)> {
    let input: String = rows
        .iter()
        .map(|(_, _, from, body)| format!("{}\n", json!({"from": from, "body": body})))
        .collect();
    let out = ok(burao_with_input(
        &["screen", "sms", "--jsonl"],
        input.as_bytes(),
    ));
    json_lines(&out)
        .iter()
        .map(|v| {
            (
                v["action"].as_str().unwrap().to_string(),
                v["category"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn eval_json(files: &[&str]) -> Value {
    let mut args = vec!["eval", "--json", "--corpus"];
    args.extend_from_slice(files);
    let out = burao(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_str(&text(&out.stdout)).expect("one JSON document")
}

fn share(count: usize, of: usize) -> Value {
    let rate = (of > 0).then(|| ((count as f64 / of as f64) * 10_000.0).round() / 10_000.0);
    json!({"count": count, "of": of, "rate": rate})
}

fn is_unwanted(c: &str) -> bool {
    matches!(
        c,
        "loan" | "insurance" | "real_estate" | "other_promo" | "fraud"
    )
}

/// Recomputes a set's figures from its rows and their verdicts.
fn expected(file: &str) -> (Value, BTreeMap<(String, String), usize>) {
    let rows = rows(file);
    let v = verdicts(&rows);
    let ham_only = rows.iter().any(|r| r.1.as_deref() == Some("ham"));
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let (mut ham, mut junked, mut flagged_ham) = (0, 0, 0);
    let (mut spam, mut spam_tx, mut fraud, mut fraud_tx) = (0, 0, 0, 0);
    let mut confusion = BTreeMap::new();
    for ((label, cat, _, _), (action, vcat)) in rows.iter().zip(&v) {
        // A category decides spam or not (`ham` included); else the label.
        let is_spam = match cat {
            Some(c) => is_unwanted(c),
            None => label == "spam",
        };
        let flagged = action == "junk" || action == "promotion";
        match (is_spam, flagged) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            _ => {}
        }
        if is_spam {
            spam += 1;
            spam_tx += (action == "transaction") as usize;
        } else {
            ham += 1;
            junked += (action == "junk") as usize;
            flagged_ham += flagged as usize;
        }
        if cat.as_deref() == Some("fraud") {
            fraud += 1;
            fraud_tx += (action == "transaction") as usize;
        }
        if let Some(c) = cat {
            let name = |c: Option<&str>| match c {
                Some("transaction" | "personal") | None if ham_only => "ham".to_string(),
                Some(c) => c.to_string(),
                None => "none".to_string(),
            };
            *confusion
                .entry((name(Some(c)), name(vcat.as_deref())))
                .or_default() += 1;
        }
    }
    let fig = json!({
        "rows": rows.len(),
        "spam": spam,
        "legitimate": ham,
        "spam_flagged": {"tp": tp, "fp": fp, "fn": fn_},
        "legitimate_junked": share(junked, ham),
        "legitimate_flagged": share(flagged_ham, ham),
        "spam_as_transaction": share(spam_tx, spam),
        "fraud_as_transaction": share(fraud_tx, fraud),
    });
    (fig, confusion)
}

fn confusion_of(set: &Value) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for (t, row) in set["categories"]["confusion"].as_object().unwrap() {
        for (p, n) in row.as_object().unwrap() {
            out.insert((t.clone(), p.clone()), n.as_u64().unwrap() as usize);
        }
    }
    out
}

fn check_set(set: &Value, file: &str) {
    let (fig, confusion) = expected(file);
    for key in [
        "rows",
        "spam",
        "legitimate",
        "legitimate_junked",
        "legitimate_flagged",
        "spam_as_transaction",
        "fraud_as_transaction",
    ] {
        assert_eq!(set[key], fig[key], "{file}: {key}");
    }
    for k in ["tp", "fp", "fn"] {
        assert_eq!(
            set["spam_flagged"][k], fig["spam_flagged"][k],
            "{file}: {k}"
        );
    }
    let (tp, fp, fn_) = (
        fig["spam_flagged"]["tp"].as_f64().unwrap(),
        fig["spam_flagged"]["fp"].as_f64().unwrap(),
        fig["spam_flagged"]["fn"].as_f64().unwrap(),
    );
    let f1 = if tp > 0.0 {
        2.0 * tp / (2.0 * tp + fp + fn_)
    } else {
        0.0
    };
    let got = set["spam_flagged"]["f1"].as_f64().unwrap();
    assert!((got - f1).abs() < 1e-4, "{file}: F1 {got} vs {f1}");
    if confusion.is_empty() {
        assert!(set["categories"].is_null(), "{file}");
    } else {
        assert_eq!(confusion_of(set), confusion, "{file}");
        // Per-class F1 and macro-F1 from the confusion.
        let classes = set["categories"]["classes"].as_array().unwrap();
        let mut f1s = Vec::new();
        let mut spam_f1s = Vec::new();
        for c in classes {
            let name = c["class"].as_str().unwrap();
            let tp = confusion
                .get(&(name.into(), name.into()))
                .copied()
                .unwrap_or(0) as f64;
            let support: usize = confusion
                .iter()
                .filter(|((t, _), _)| t == name)
                .map(|(_, n)| n)
                .sum();
            let predicted: usize = confusion
                .iter()
                .filter(|((_, p), _)| p == name)
                .map(|(_, n)| n)
                .sum();
            assert_eq!(c["support"], json!(support), "{file}: {name}");
            let f1 = if tp > 0.0 {
                2.0 * tp / (support + predicted) as f64
            } else {
                0.0
            };
            assert!(
                (c["f1"].as_f64().unwrap() - f1).abs() < 1e-4,
                "{file}: {name}"
            );
            if support > 0 {
                f1s.push(f1);
                if is_unwanted(name) {
                    spam_f1s.push(f1);
                }
            }
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let got = set["categories"]["macro_f1"].as_f64().unwrap();
        assert!((got - mean(&f1s)).abs() < 1e-4, "{file}: macro-F1");
        let got = set["categories"]["macro_f1_spam_categories"]
            .as_f64()
            .unwrap();
        assert!(
            (got - mean(&spam_f1s)).abs() < 1e-4,
            "{file}: spam macro-F1"
        );
    }
}

#[test]
fn json_figures_match_the_verdicts_row_by_row() {
    let files = [
        fixture("cat5.tsv"),
        fixture("plain.tsv"),
        fixture("hamonly.tsv"),
    ];
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let doc = eval_json(&refs);
    assert!(doc["thresholds"]["junk"].as_f64().unwrap() > 0.0);
    let sets = doc["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 3);
    for (set, file) in sets.iter().zip(&files) {
        assert_eq!(set["path"], json!(file));
        check_set(set, file);
    }
    // The four-column file has no categories; the others do.
    assert!(sets[1]["categories"].is_null());
    assert_eq!(sets[0]["categories"]["rows"], json!(12));
    // `ham` in the category column makes the legitimate classes one `ham` class.
    let classes: Vec<&str> = sets[2]["categories"]["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["class"].as_str().unwrap())
        .collect();
    assert!(classes.contains(&"ham") && !classes.contains(&"transaction"));
    // A row labelled spam but categorised `ham` counts as legitimate.
    assert_eq!(sets[2]["spam"], json!(1));
    assert_eq!(doc["punctuation_stripped"], json!(false));
}

#[test]
fn strip_punctuation_screens_the_same_rows_without_punctuation() {
    let file = fixture("cat5.tsv");
    let out = burao(&["eval", "--json", "--strip-punctuation", "--corpus", &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(doc["punctuation_stripped"], json!(true));
    assert_eq!(doc["sets"][0]["rows"], json!(12));
    // The same figures as screening the stripped texts by hand.
    let stripped: Vec<_> = rows(&file)
        .into_iter()
        .map(|(l, c, s, b)| {
            let b: String = b
                .chars()
                .filter(|&ch| {
                    !matches!(
                        ch,
                        '，' | '。' | '【' | '】' | '(' | ')' | '！' | '？' | '、'
                    )
                })
                .collect();
            (l, c, s, b)
        })
        .collect();
    let v = verdicts(&stripped);
    let flagged = v
        .iter()
        .zip(&stripped)
        .filter(|((a, _), r)| r.0 == "spam" && (a == "junk" || a == "promotion"))
        .count();
    assert_eq!(doc["sets"][0]["spam_flagged"]["tp"], json!(flagged));
}

#[test]
fn a_corpus_with_categories_tsv_is_categorised_and_propaganda_is_spam_only() {
    let file = fixture("fbs/dev.tsv");
    let doc = eval_json(&[&file]);
    let set = &doc["sets"][0];
    assert_eq!(set["rows"], json!(5));
    assert_eq!(set["spam"], json!(5));
    assert_eq!(set["legitimate"], json!(0));
    assert_eq!(set["legitimate_junked"], share(0, 0));
    let f = &set["spam_flagged"];
    assert_eq!(f["tp"].as_u64().unwrap() + f["fn"].as_u64().unwrap(), 5);
    assert_eq!(f["fp"], json!(0));
    assert_eq!(set["fraud_as_transaction"]["of"], json!(1));
    let c = &set["categories"];
    assert_eq!(c["rows"], json!(4));
    assert_eq!(c["spam_without_category"], json!(1));
    let support: BTreeMap<&str, u64> = c["classes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["support"].as_u64().unwrap() > 0)
        .map(|c| (c["class"].as_str().unwrap(), c["support"].as_u64().unwrap()))
        .collect();
    let want: BTreeMap<&str, u64> = [
        ("fraud", 1),
        ("loan", 1),
        ("other_promo", 1),
        ("real_estate", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(support, want);
    // Every known row sits in the confusion once.
    let total: usize = confusion_of(set).values().sum();
    assert_eq!(total, 4);
}

#[test]
fn table_shows_the_same_figures() {
    let file = fixture("cat5.tsv");
    let doc = eval_json(&[&file]);
    let set = &doc["sets"][0];
    let out = burao(&["eval", "--corpus", &file]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    assert!(
        t.starts_with(&format!("== {file} (12 rows: 6 spam, 6 legitimate)")),
        "{t}"
    );
    let f = &set["spam_flagged"];
    let line = format!(
        "F1 {:.3}  (tp {}, fp {}, fn {})",
        f["f1"].as_f64().unwrap(),
        f["tp"],
        f["fp"],
        f["fn"]
    );
    assert!(t.contains(&line), "{t}");
    let s = &set["fraud_as_transaction"];
    assert!(t.contains(&format!(
        "fraud filed as transaction: {} of {} (",
        s["count"], s["of"]
    )));
    assert!(t.contains("category macro-F1: "));
    assert!(t.contains("confusion (rows = truth, columns = verdict):"));
    let plain = burao(&["eval", "--corpus", &fixture("plain.tsv")]);
    let p = text(&plain.stdout);
    assert!(
        p.contains("fraud filed as transaction: n/a (no such rows)"),
        "{p}"
    );
    assert!(!p.contains("macro-F1"));
}

#[test]
fn bad_files_fail_whole_and_name_the_row_not_the_body() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("eval-bad");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("dev.tsv"),
        "x1\tspam\t\t秘密正文一号 CELLPHONE\nx2\tspam\t\t秘密正文二号\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("categories.tsv"),
        "id\tcategory\tsource_category\nx1\tloan\tAD:Loan\n",
    )
    .unwrap();
    let dev = dir.join("dev.tsv").display().to_string();
    let out = burao(&["eval", "--json", "--corpus", &dev]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing half-printed");
    let e = text(&out.stderr);
    assert!(e.contains("x2") && e.contains("categories.tsv"), "{e}");
    assert!(!e.contains("秘密"), "no body in errors: {e}");
}

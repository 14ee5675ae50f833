//! `burao train`: the options that change the rows or the model's format.

mod support;

use support::{burao, s, scratch, text};

/// A fixture-format corpus of `n` loan ads and `n` codes, every row with a sender.
fn corpus(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut rows = String::new();
    for i in 0..n {
        rows.push_str(&format!(
            "t-loan-{i:03}\tspam\tloan\t1069012345{i:02}\t无抵押贷款{i}万 当天放款 verify now 回T退订\n"
        ));
        rows.push_str(&format!(
            "t-tx-{i:03}\tham\ttransaction\t95588\t您的验证码是{}，5分钟内有效 verification\n",
            1000 + i
        ));
    }
    let path = dir.join("train.tsv");
    std::fs::write(&path, rows).unwrap();
    path
}

/// `burao train` on `data` into `model` with small heads and one run, then `extra`.
fn small_training<'a>(
    data: &'a std::path::Path,
    model: &'a std::path::Path,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "train",
        "--corpus",
        s(data),
        "--spam-bits",
        "10",
        "--category-bits",
        "8",
        "--runs",
        "1",
        "--out",
        s(model),
    ];
    args.extend_from_slice(extra);
    args
}

fn rows_trained(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("training on "))
        .unwrap_or_else(|| panic!("no row count in {stderr}"));
    line["training on ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn dropping_senders_adds_a_sender_less_copy_of_every_second_row() {
    let dir = scratch("train-drop-sender");
    let data = corpus(&dir, 10);
    let model = dir.join("m.model");
    let train = |extra: &[&str]| burao(&small_training(&data, &model, extra));
    let plain = train(&[]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let dropped = train(&["--drop-sender-of", "train.tsv"]);
    assert!(dropped.status.success(), "{}", text(&dropped.stderr));
    let (a, b) = (
        rows_trained(&text(&plain.stderr)),
        rows_trained(&text(&dropped.stderr)),
    );
    assert_eq!((a, b), (20, 30));
    // A file the option does not name keeps its rows as they are.
    let other = train(&["--drop-sender-of", "other.tsv"]);
    assert_eq!(rows_trained(&text(&other.stderr)), 20);
}

#[test]
fn a_model_with_word_pieces_and_length_norm_screens_and_bad_lengths_are_refused() {
    let dir = scratch("train-pieces");
    let data = corpus(&dir, 10);
    let model = dir.join("m.model");
    let train = |pieces: &str| {
        let extra = ["--length-norm", "120", "--word-pieces", pieces];
        burao(&small_training(&data, &model, &extra))
    };
    let o = train("5");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = burao(&[
        "screen",
        "sms",
        "--model",
        s(&model),
        "--from",
        "1069012345",
        "贷款 verify",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("\"action\""));
    for bad in ["2", "7"] {
        let o = train(bad);
        assert!(!o.status.success());
        assert!(
            text(&o.stderr).contains("--word-pieces must be 0 or 3..=6"),
            "{}",
            text(&o.stderr)
        );
    }
}

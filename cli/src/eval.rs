//! `burao eval`: how the SMS verdicts do on labelled files, per file: spam
//! F1 (junk or promotion counts as flagged), legitimate messages junked and
//! flagged, spam and fraud filed as `transaction` (the folder iOS shows as
//! trusted), and where categories are known (five-column files such as our
//! fixtures and `dev_categories.tsv`, or a corpus with a `categories.tsv` such
//! as `zh_fbs_spam`) per-category precision, recall and F1, macro-F1 and the
//! confusion matrix. A table for people, or one JSON document (`--json`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use burao_core::bundle::{Bundle, BundleWriter, SECTION_SMS_MODEL};
use burao_core::sms::model::Model;
use burao_core::{Action, Category, Screener, SmsPolicy, DEFAULT_BUNDLE};
use clap::Args;
use serde_json::{json, Value};

use crate::corpus::{self, Row};

#[derive(Args)]
pub struct EvalArgs {
    /// Bundle file (default: the embedded default bundle).
    #[arg(long, conflicts_with = "model")]
    bundle: Option<PathBuf>,
    /// A model file, screened with the default bundle's lists.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Minimum spam probability to junk (default: the library's policy).
    #[arg(long)]
    junk_threshold: Option<f32>,
    /// Minimum spam probability to file as a promotion.
    #[arg(long)]
    promotion_threshold: Option<f32>,
    /// Labelled TSV files (corpus, dev_categories or fixture format).
    #[arg(long, num_args = 1.., required = true)]
    corpus: Vec<PathBuf>,
    /// Print one JSON document (`{"thresholds": …, "sets": […]}`) instead of tables.
    #[arg(long)]
    json: bool,
    /// Screen every text with its punctuation removed, the way `zh_fbs_spam`
    /// was preprocessed: if legitimate messages are flagged more often then,
    /// the model has learnt "no punctuation means spam".
    #[arg(long)]
    strip_punctuation: bool,
}

/// Removes punctuation, except between two ASCII letters or digits (so
/// `t.cn/a8`, `3,216.40` and `10:21` keep theirs).
pub fn strip_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_punct = |c: char| {
        c.is_ascii_punctuation()
            || matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20
                | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2010..=0x2027 | 0x00B7)
    };
    let alnum = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_alphanumeric());
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            !is_punct(c)
                || c == ' '
                || (i > 0 && alnum(chars.get(i - 1)) && alnum(chars.get(i + 1)))
        })
        .map(|(_, &c)| c)
        .collect()
}

/// The default bundle with its model replaced.
pub fn bundle_with_model(model: &[u8]) -> Result<Bundle, String> {
    Model::from_bytes(model).map_err(|e| format!("model: {e}"))?;
    let base = Bundle::from_static(DEFAULT_BUNDLE).map_err(|e| e.to_string())?;
    let mut w = BundleWriter::new(base.metadata().clone());
    for (name, _) in base.info().sections {
        if let Some(bytes) = base.section(&name) {
            w = w.section(&name, bytes.to_vec());
        }
    }
    let bytes = w.section(SECTION_SMS_MODEL, model.to_vec()).to_bytes();
    Bundle::from_vec(bytes).map_err(|e| e.to_string())
}

/// The bundle `--bundle` names, or the default one with `--model`'s model.
fn load_bundle(bundle: &Option<PathBuf>, model: &Option<PathBuf>) -> Result<Bundle, String> {
    match (bundle, model) {
        (Some(p), _) => crate::inspect::load(p),
        (None, Some(m)) => {
            let bytes =
                std::fs::read(m).map_err(|e| format!("cannot read {}: {e}", m.display()))?;
            bundle_with_model(&bytes)
        }
        (None, None) => Bundle::from_static(DEFAULT_BUNDLE).map_err(|e| e.to_string()),
    }
}

pub fn screener(bundle: &Option<PathBuf>, model: &Option<PathBuf>) -> Result<Screener, String> {
    Screener::from_bundle(load_bundle(bundle, model)?).map_err(|e| e.chain())
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => {}
        }
    }

    fn json(&self) -> Value {
        let (p, r, f) = self.prf();
        json!({"precision": round(p), "recall": round(r), "f1": round(f),
               "tp": self.tp, "fp": self.fp, "fn": self.fn_})
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `count` out of `of`; the rate is undefined when `of` is 0.
#[derive(Default, Clone, Copy)]
struct Share {
    count: usize,
    of: usize,
}

impl Share {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.count += hit as usize;
    }

    fn rate(&self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 / self.of as f64)
    }

    fn text(&self) -> String {
        match self.rate() {
            Some(r) => format!("{} of {} ({:.2}%)", self.count, self.of, 100.0 * r),
            None => "n/a (no such rows)".into(),
        }
    }

    fn json(&self) -> Value {
        json!({"count": self.count, "of": self.of, "rate": self.rate().map(round)})
    }
}

/// Truth and verdict class names: categories, with `ham` for legitimate rows
/// in files that label them only as `ham` (`dev_categories.tsv`), and `none`
/// for a verdict without a category elsewhere.
fn class_name(c: Option<Category>, ham_only: bool) -> &'static str {
    match c {
        Some(Category::Transaction | Category::Personal) if ham_only => "ham",
        Some(c) => c.as_str(),
        None if ham_only => "ham",
        None => "none",
    }
}

/// One class of the category table.
struct ClassRow {
    class: &'static str,
    precision: f64,
    recall: f64,
    f1: f64,
    support: usize,
}

/// What one labelled file measured.
struct Measure {
    path: String,
    rows: usize,
    spam_rows: usize,
    spam: Counts,
    /// The classifier alone at p ≥ 0.5, before the policy's thresholds.
    raw: Counts,
    ham_junked: Share,
    ham_flagged: Share,
    spam_as_transaction: Share,
    fraud_as_transaction: Share,
    /// Rows with a known category (the confusion's rows).
    categorised: usize,
    /// Spam rows of a categorised file with no category (propaganda in `zh_fbs_spam`).
    spam_without_category: usize,
    confusion: BTreeMap<(&'static str, &'static str), usize>,
}

impl Measure {
    fn classes(&self) -> Vec<ClassRow> {
        let mut classes: Vec<&'static str> =
            self.confusion.keys().flat_map(|&(t, p)| [t, p]).collect();
        classes.sort();
        classes.dedup();
        let get = |t: &str, p: &str| self.confusion.get(&(t, p)).copied().unwrap_or(0);
        classes
            .iter()
            .map(|&c| {
                let tp = get(c, c);
                let support: usize = classes.iter().map(|&p| get(c, p)).sum();
                let predicted: usize = classes.iter().map(|&t| get(t, c)).sum();
                let (precision, recall, f1) = Counts {
                    tp,
                    fp: predicted - tp,
                    fn_: support - tp,
                }
                .prf();
                ClassRow {
                    class: c,
                    precision,
                    recall,
                    f1,
                    support,
                }
            })
            .collect()
    }

    /// Macro-F1 over the classes with support, and over the spam categories
    /// (loan, insurance, real estate, other promotion, fraud) with support.
    fn macro_f1(&self) -> (Option<f64>, Option<f64>) {
        let rows = self.classes();
        let mean = |spam_only: bool| {
            let f: Vec<f64> = rows
                .iter()
                .filter(|r| r.support > 0)
                .filter(|r| {
                    !spam_only
                        || Category::parse(r.class)
                            .is_some_and(|c| c.is_unwanted() && c != Category::Harassment)
                })
                .map(|r| r.f1)
                .collect();
            (!f.is_empty()).then(|| f.iter().sum::<f64>() / f.len() as f64)
        };
        (mean(false), mean(true))
    }

    fn json(&self) -> Value {
        let mut set = serde_json::Map::new();
        set.insert("path".into(), json!(self.path));
        set.insert("rows".into(), json!(self.rows));
        set.insert("spam".into(), json!(self.spam_rows));
        set.insert("legitimate".into(), json!(self.rows - self.spam_rows));
        set.insert("spam_flagged".into(), self.spam.json());
        set.insert("classifier_alone".into(), self.raw.json());
        set.insert("legitimate_junked".into(), self.ham_junked.json());
        set.insert("legitimate_flagged".into(), self.ham_flagged.json());
        set.insert(
            "spam_as_transaction".into(),
            self.spam_as_transaction.json(),
        );
        set.insert(
            "fraud_as_transaction".into(),
            self.fraud_as_transaction.json(),
        );
        let categories = if self.confusion.is_empty() {
            Value::Null
        } else {
            let (all, spam) = self.macro_f1();
            let classes: Vec<Value> = self
                .classes()
                .iter()
                .map(|c| {
                    json!({"class": c.class, "precision": round(c.precision),
                           "recall": round(c.recall), "f1": round(c.f1), "support": c.support})
                })
                .collect();
            let mut confusion = serde_json::Map::new();
            for (&(t, p), &n) in &self.confusion {
                let row = confusion
                    .entry(t)
                    .or_insert_with(|| Value::Object(Default::default()));
                row.as_object_mut()
                    .expect("an object")
                    .insert(p.into(), json!(n));
            }
            json!({
                "rows": self.categorised,
                "spam_without_category": self.spam_without_category,
                "classes": classes,
                "macro_f1": all.map(round),
                "macro_f1_spam_categories": spam.map(round),
                "confusion": confusion,
            })
        };
        set.insert("categories".into(), categories);
        Value::Object(set)
    }

    fn table(&self) -> String {
        let mut o = String::new();
        let prf = |c: &Counts| {
            let (p, r, f) = c.prf();
            format!(
                "precision {p:.3}  recall {r:.3}  F1 {f:.3}  (tp {}, fp {}, fn {})",
                c.tp, c.fp, c.fn_
            )
        };
        let _ = writeln!(
            o,
            "== {} ({} rows: {} spam, {} legitimate)",
            self.path,
            self.rows,
            self.spam_rows,
            self.rows - self.spam_rows
        );
        let _ = writeln!(o, "spam flagged (junk or promotion): {}", prf(&self.spam));
        let _ = writeln!(o, "classifier alone at p>=0.5:       {}", prf(&self.raw));
        let _ = writeln!(o, "legitimate junked:          {}", self.ham_junked.text());
        let _ = writeln!(o, "legitimate flagged:         {}", self.ham_flagged.text());
        let _ = writeln!(
            o,
            "spam filed as transaction:  {}",
            self.spam_as_transaction.text()
        );
        let _ = writeln!(
            o,
            "fraud filed as transaction: {}",
            self.fraud_as_transaction.text()
        );
        if self.confusion.is_empty() {
            return o;
        }
        let _ = writeln!(
            o,
            "categories: {} rows with a known category{}",
            self.categorised,
            if self.spam_without_category > 0 {
                format!(
                    ", {} spam rows without one (spam F1 only)",
                    self.spam_without_category
                )
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            o,
            "{:<12} {:>9} {:>9} {:>9} {:>7}",
            "class", "precision", "recall", "F1", "support"
        );
        let classes = self.classes();
        for c in &classes {
            let _ = writeln!(
                o,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>7}",
                c.class, c.precision, c.recall, c.f1, c.support
            );
        }
        let (all, spam) = self.macro_f1();
        let show = |m: Option<f64>| m.map_or("n/a".to_string(), |m| format!("{m:.3}"));
        let n_all = classes.iter().filter(|c| c.support > 0).count();
        let _ = writeln!(
            o,
            "category macro-F1: {} over {n_all} labelled classes, {} over the spam categories",
            show(all),
            show(spam)
        );
        let _ = writeln!(o, "confusion (rows = truth, columns = verdict):");
        let _ = write!(o, "{:<12}", "");
        for c in &classes {
            let _ = write!(o, " {:>11}", c.class);
        }
        let _ = writeln!(o);
        for t in &classes {
            let _ = write!(o, "{:<12}", t.class);
            for p in &classes {
                let n = self.confusion.get(&(t.class, p.class)).copied();
                let _ = write!(o, " {:>11}", n.unwrap_or(0));
            }
            let _ = writeln!(o);
        }
        o
    }
}

pub fn run(args: EvalArgs) -> Result<(), String> {
    // Read (and with `--model`, assembled) once; each set gets a screener of its own.
    let source = load_bundle(&args.bundle, &args.model)?.bytes().to_vec();
    let mut policy = SmsPolicy::default();
    if let Some(t) = args.junk_threshold {
        policy.junk_threshold = t;
    }
    if let Some(t) = args.promotion_threshold {
        policy.promotion_threshold = t;
    }
    let thresholds =
        json!({"junk": policy.junk_threshold, "promotion": policy.promotion_threshold});
    if args.strip_punctuation && !args.json {
        println!("(punctuation removed from every text)");
    }
    let mut sets = Vec::new();
    for path in &args.corpus {
        let mut rows = corpus::read(path)?;
        if args.strip_punctuation {
            for r in &mut rows {
                r.text = strip_punctuation(&r.text);
            }
        }
        // Each set on a screener of its own, as `screen --jsonl` without
        // `--state` sees it: what one set's senders did must not change the
        // next set's verdicts (the figures would depend on the sets' order).
        let bundle = Bundle::from_vec(source.clone()).map_err(|e| e.to_string())?;
        let screener = Screener::from_bundle(bundle).map_err(|e| e.chain())?;
        screener.set_sms_policy(policy.clone());
        crate::screen::as_batch(&screener)?;
        let m = measure(&screener, &path.display().to_string(), &rows)?;
        if args.json {
            sets.push(m.json());
        } else {
            print!("{}", m.table());
        }
    }
    if args.json {
        let doc = json!({
            "thresholds": thresholds,
            "punctuation_stripped": args.strip_punctuation,
            "sets": sets,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
        );
    }
    Ok(())
}

fn measure(screener: &Screener, path: &str, rows: &[Row]) -> Result<Measure, String> {
    let mut m = Measure {
        path: path.to_string(),
        rows: rows.len(),
        spam_rows: 0,
        spam: Counts::default(),
        raw: Counts::default(),
        ham_junked: Share::default(),
        ham_flagged: Share::default(),
        spam_as_transaction: Share::default(),
        fraud_as_transaction: Share::default(),
        categorised: 0,
        spam_without_category: 0,
        confusion: BTreeMap::new(),
    };
    // `dev_categories.tsv` says `ham` for every legitimate row.
    let ham_only = rows
        .iter()
        .any(|r| r.has_category_column && r.category.is_none());
    let any_categorised = rows.iter().any(|r| r.category_known());
    for r in rows {
        let v = screener
            .screen_sms(&r.sender, &r.text, false)
            .map_err(|e| format!("row {}: {}", r.id, e.chain()))?;
        let flagged = matches!(v.action, Action::Junk | Action::Promotion);
        let transaction = v.action == Action::Transaction;
        if let Some(p) = v.score {
            let unwanted = v.category.is_some_and(|c| c.is_unwanted());
            let p_spam = if unwanted { p } else { 1.0 - p };
            m.raw.add(r.spam, p_spam >= 0.5);
        }
        m.spam.add(r.spam, flagged);
        if r.spam {
            m.spam_rows += 1;
            m.spam_as_transaction.add(transaction);
        } else {
            m.ham_junked.add(v.action == Action::Junk);
            m.ham_flagged.add(flagged);
        }
        if r.category == Some(Category::Fraud) {
            m.fraud_as_transaction.add(transaction);
        }
        if r.category_known() {
            m.categorised += 1;
            let truth = class_name(r.category, ham_only);
            let pred = class_name(v.category, ham_only);
            *m.confusion.entry((truth, pred)).or_default() += 1;
        } else if any_categorised && r.spam {
            m.spam_without_category += 1;
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::strip_punctuation;

    #[test]
    fn punctuation_goes_except_inside_links_and_numbers() {
        assert_eq!(
            strip_punctuation("【工商银行】您尾号3307卡支出3,216.40元，详见 t.cn/a8！"),
            "工商银行您尾号3307卡支出3,216.40元详见 t.cn/a8"
        );
        assert_eq!(strip_punctuation("妈，我到了。明天见!"), "妈我到了明天见");
        assert_eq!(strip_punctuation("10:21 ok... 好"), "10:21 ok 好");
        assert_eq!(strip_punctuation(""), "");
    }
}

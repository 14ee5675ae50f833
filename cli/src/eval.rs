//! `burao eval`: precision, recall, F1 and false-positive rate of the SMS
//! verdicts on labelled files, per class, with a confusion matrix.

use std::collections::BTreeMap;
use std::path::PathBuf;

use burao_core::bundle::{Bundle, BundleWriter, SECTION_SMS_MODEL};
use burao_core::sms::model::Model;
use burao_core::{Action, Category, Screener, SmsPolicy, DEFAULT_BUNDLE};
use clap::Args;

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

pub fn screener(bundle: &Option<PathBuf>, model: &Option<PathBuf>) -> Result<Screener, String> {
    let bundle = match (bundle, model) {
        (Some(p), _) => crate::inspect::load(p)?,
        (None, Some(m)) => {
            let bytes =
                std::fs::read(m).map_err(|e| format!("cannot read {}: {e}", m.display()))?;
            bundle_with_model(&bytes)?
        }
        (None, None) => Bundle::from_static(DEFAULT_BUNDLE).map_err(|e| e.to_string())?,
    };
    Screener::from_bundle(bundle).map_err(|e| e.chain())
}

#[derive(Default)]
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
}

fn class_name(c: Option<Category>, ham_only: bool) -> &'static str {
    match c {
        Some(Category::Transaction | Category::Personal) if ham_only => "ham",
        Some(c) => c.as_str(),
        None => "ham",
    }
}

pub fn run(args: EvalArgs) -> Result<(), String> {
    let screener = screener(&args.bundle, &args.model)?;
    let mut policy = SmsPolicy::default();
    if let Some(t) = args.junk_threshold {
        policy.junk_threshold = t;
    }
    if let Some(t) = args.promotion_threshold {
        policy.promotion_threshold = t;
    }
    screener.set_sms_policy(policy);
    for path in &args.corpus {
        let rows = corpus::read(path)?;
        println!("== {} ({} rows)", path.display(), rows.len());
        report(&screener, &rows)?;
    }
    Ok(())
}

fn report(screener: &Screener, rows: &[Row]) -> Result<(), String> {
    let mut spam = Counts::default();
    // The classifier alone at p ≥ 0.5, before the policy's precision-first thresholds.
    let mut raw = Counts::default();
    let (mut ham, mut ham_flagged, mut ham_junked) = (0usize, 0usize, 0usize);
    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    // `dev_categories.tsv` says `ham` for every legitimate row.
    let ham_only = rows
        .iter()
        .any(|r| r.has_category_column && r.category.is_none());
    for r in rows {
        let v = screener
            .screen_sms(&r.sender, &r.text, false)
            .map_err(|e| format!("row {}: {}", r.id, e.chain()))?;
        let flagged = matches!(v.action, Action::Junk | Action::Promotion);
        if let Some(p) = v.score {
            let unwanted = v.category.is_some_and(|c| c.is_unwanted());
            let p_spam = if unwanted { p } else { 1.0 - p };
            match (r.spam, p_spam >= 0.5) {
                (true, true) => raw.tp += 1,
                (true, false) => raw.fn_ += 1,
                (false, true) => raw.fp += 1,
                (false, false) => {}
            }
        }
        match (r.spam, flagged) {
            (true, true) => spam.tp += 1,
            (true, false) => spam.fn_ += 1,
            (false, true) => spam.fp += 1,
            (false, false) => {}
        }
        if !r.spam {
            ham += 1;
            ham_flagged += flagged as usize;
            ham_junked += (v.action == Action::Junk) as usize;
        }
        if r.has_category_column {
            let truth = class_name(r.category, ham_only);
            let pred = class_name(v.category, ham_only);
            *confusion.entry((truth, pred)).or_default() += 1;
        }
    }
    let (p, r, f) = spam.prf();
    println!("spam (junk or promotion): precision {p:.3}  recall {r:.3}  F1 {f:.3}");
    let (rp, rr, rf) = raw.prf();
    println!("classifier alone at p>=0.5: precision {rp:.3}  recall {rr:.3}  F1 {rf:.3}");
    println!(
        "legitimate messages: {ham}, flagged {ham_flagged} (FPR {:.4}), junked {ham_junked} (FPR {:.4})",
        ham_flagged as f64 / ham.max(1) as f64,
        ham_junked as f64 / ham.max(1) as f64
    );
    if confusion.is_empty() {
        return Ok(());
    }
    let mut classes: Vec<&str> = confusion.keys().flat_map(|&(t, p)| [t, p]).collect();
    classes.sort();
    classes.dedup();
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>7}",
        "class", "precision", "recall", "F1", "support"
    );
    let mut f1s = Vec::new();
    for &c in &classes {
        let get = |t: &str, p: &str| confusion.get(&(t, p)).copied().unwrap_or(0);
        let tp = get(c, c);
        let support: usize = classes.iter().map(|&p| get(c, p)).sum();
        let predicted: usize = classes.iter().map(|&t| get(t, c)).sum();
        let k = Counts {
            tp,
            fp: predicted - tp,
            fn_: support - tp,
        };
        let (p, r, f) = k.prf();
        if support > 0 {
            f1s.push(f);
        }
        println!("{c:<12} {p:>9.3} {r:>9.3} {f:>9.3} {support:>7}");
    }
    println!(
        "category macro-F1 over {} labelled classes: {:.3}",
        f1s.len(),
        f1s.iter().sum::<f64>() / f1s.len().max(1) as f64
    );
    println!("confusion (rows = truth, columns = verdict):");
    print!("{:<12}", "");
    for c in &classes {
        print!(" {:>11}", c);
    }
    println!();
    for &t in &classes {
        print!("{t:<12}");
        for &p in &classes {
            print!(" {:>11}", confusion.get(&(t, p)).copied().unwrap_or(0));
        }
        println!();
    }
    Ok(())
}

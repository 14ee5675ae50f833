//! `burao train`: labelled messages in, an SMS model file out.

use std::path::PathBuf;

use burao_core::sms::train::{train, Example, TrainConfig};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::corpus;

#[derive(Args)]
pub struct TrainArgs {
    /// Labelled TSV files: corpus format or category format (fixtures).
    #[arg(long, num_args = 1.., required = true)]
    corpus: Vec<PathBuf>,
    /// `id<TAB>category` files labelling corpus rows by id.
    #[arg(long, num_args = 1..)]
    labels: Vec<PathBuf>,
    /// Shuffle seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Weight of rows we wrote or labelled by hand, against corpus rows.
    #[arg(long, default_value_t = 2.0)]
    labelled_weight: f32,
    /// Passes over the data for the spam head.
    #[arg(long, default_value_t = 6)]
    epochs: usize,
    /// Passes over the category-labelled rows for the category head.
    #[arg(long, default_value_t = 12)]
    category_epochs: usize,
    /// Runs with seeds SEED, SEED+1, … whose weights are averaged.
    #[arg(long, default_value_t = 4)]
    runs: usize,
    /// Adagrad learning rate of the spam head.
    #[arg(long, default_value_t = 0.05)]
    learning_rate: f32,
    /// Adagrad learning rate of the category head.
    #[arg(long, default_value_t = 0.5)]
    category_learning_rate: f32,
    /// L2 penalty.
    #[arg(long, default_value_t = 1e-4)]
    l2: f32,
    /// log2 of the spam head's hash buckets (one byte each).
    #[arg(long, default_value_t = 17)]
    spam_bits: u8,
    /// log2 of the category head's hash buckets (seven bytes each).
    #[arg(long, default_value_t = 13)]
    category_bits: u8,
    /// The institution table (CSV, as for `burao build --institutions`) whose
    /// impersonation signals become features; give the bundle the same table.
    #[arg(long)]
    institutions: Option<PathBuf>,
    /// Also train on a punctuation-stripped copy of every legitimate row of
    /// these corpus files (by file name), so that text without punctuation
    /// (as in `zh_fbs_spam`) is not learnt as a sign of spam.
    #[arg(long, num_args = 1..)]
    strip_punctuation_ham_of: Vec<String>,
    /// Also train on a copy without the sender of every second row that has
    /// one, in these corpus files (by path part), so that an app that cannot
    /// pass the sender (or a data set without one) is not screened by a model
    /// that leans on the sender's number type.
    #[arg(long, num_args = 1..)]
    drop_sender_of: Vec<String>,
    /// Length normalisation N0: each feature of a message with n > N0
    /// features counts sqrt(N0 / n), so long messages do not add up to
    /// certainty (0: off, the model format of version 2).
    #[arg(long, default_value_t = 0.0)]
    length_norm: f32,
    /// Character n-grams of this length from the Latin words of messages
    /// with no CJK in them (3 to 6; 0: none, as before model version 3).
    #[arg(long, default_value_t = 0)]
    word_pieces: u8,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
}

/// The text with punctuation and symbols removed (letters, digits, marks
/// and spaces stay), as the `zh_fbs_spam` authors preprocessed theirs.
pub fn strip_punctuation(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect()
}

/// Held back from the weights to calibrate probabilities: a tenth of the
/// corpus rows, chosen by id so every run holds back the same rows.
fn held_back(id: &str) -> bool {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    h % 10 == 0
}

pub fn run(args: TrainArgs) -> Result<(), String> {
    let mut labels = std::collections::HashMap::new();
    for p in &args.labels {
        labels.extend(corpus::read_labels(p)?);
    }
    let mut rows = Vec::new();
    let mut calibration = Vec::new();
    let mut used_labels = 0;
    let mut augmented = 0usize;
    let mut sender_dropped = 0usize;
    for path in &args.corpus {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let named = |parts: &[String]| {
            let path = path.to_string_lossy();
            parts.iter().any(|p| path.contains(p.as_str()))
        };
        let augment = named(&args.strip_punctuation_ham_of);
        let drop_sender = named(&args.drop_sender_of);
        if name.starts_with("dev") {
            return Err(format!(
                "{}: dev splits are for measuring (`burao eval`), never for training",
                path.display()
            ));
        }
        let file_rows = corpus::read(path)?;
        // A file of one label (`zh_fbs_spam` is spam only) would tilt the
        // calibration towards that label: all of it is trained on instead.
        let one_label = file_rows.iter().all(|r| r.spam) || file_rows.iter().all(|r| !r.spam);
        for r in file_rows {
            let mut ex = Example {
                sender: r.sender,
                body: r.text,
                spam: r.spam,
                category: r.category,
                weight: if r.has_category_column {
                    args.labelled_weight
                } else {
                    1.0
                },
            };
            if let Some(c) = labels.get(&r.id) {
                used_labels += 1;
                ex.weight = args.labelled_weight;
                if let Some(c) = c {
                    ex.spam = c.is_unwanted();
                }
                ex.category = *c;
            }
            if !r.has_category_column && !one_label && held_back(&r.id) {
                calibration.push(ex);
            } else {
                // Every second legitimate row, so the copies cost little time.
                if augment && !ex.spam {
                    let stripped = strip_punctuation(&ex.body);
                    if stripped != ex.body && !stripped.trim().is_empty() {
                        augmented += 1;
                        if augmented.is_multiple_of(2) {
                            let mut copy = ex.clone();
                            copy.body = stripped;
                            rows.push(copy);
                        }
                    }
                }
                if drop_sender && !ex.sender.is_empty() {
                    sender_dropped += 1;
                    if sender_dropped.is_multiple_of(2) {
                        let mut copy = ex.clone();
                        copy.sender.clear();
                        rows.push(copy);
                    }
                }
                rows.push(ex);
            }
        }
    }
    let categorised = rows.iter().filter(|r| r.category.is_some()).count();
    eprintln!(
        "training on {} rows ({} with a category, {} hand labels applied), calibrating on {}",
        rows.len(),
        categorised,
        used_labels,
        calibration.len()
    );
    if !(args.word_pieces == 0 || (3..=6).contains(&args.word_pieces)) {
        return Err("--word-pieces must be 0 or 3..=6".into());
    }
    if !(8..=18).contains(&args.spam_bits) || !(8..=15).contains(&args.category_bits) {
        return Err("--spam-bits must be 8..=18 and --category-bits 8..=15".into());
    }
    let institutions = match &args.institutions {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Some(
                burao_core::sms::institutions::Institutions::parse_csv(&text)
                    .map_err(|e| format!("{}: {e}", p.display()))?,
            )
        }
        None => None,
    };
    let cfg = TrainConfig {
        institutions,
        seed: args.seed,
        spam_epochs: args.epochs,
        cat_epochs: args.category_epochs,
        learning_rate: args.learning_rate,
        cat_learning_rate: args.category_learning_rate,
        l2: args.l2,
        runs: args.runs,
        spam_bits: args.spam_bits,
        cat_bits: args.category_bits,
        length_norm: args.length_norm,
        options: burao_core::sms::features::FeatureOptions {
            word_pieces: args.word_pieces,
        },
    };
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template("training [{bar:40}] {pos}/{len} {eta}")
            .map_err(|e| e.to_string())?,
    );
    let model = train(&rows, &calibration, &cfg, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let bytes = model.to_bytes();
    crate::build::write_atomically(&args.out, &bytes)?;
    eprintln!("wrote {}: {} bytes", args.out.display(), bytes.len());
    Ok(())
}

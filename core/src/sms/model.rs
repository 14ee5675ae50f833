//! The SMS classifier: two linear heads over hashed features, weights in 8
//! bits (the spam head snapped to 16 levels, stored in 4).
//!
//! * The **spam head** (logistic) says whether a message is unwanted. It is
//!   trained on every labelled message, corpus spam/ham labels included.
//! * The **category head** (softmax over [`CLASSES`]) says what kind of
//!   message it is. Corpus labels say nothing about categories, so it is
//!   trained only on messages with an honest category label.
//!
//! The spam probability is calibrated (Platt scaling fitted on held-back
//! training rows); the category is chosen among the unwanted classes when the
//! message is judged unwanted and among the legitimate ones otherwise.

use std::cell::Cell;

use bincode::{Decode, Encode};

use super::features::{extract, Feature, FeatureKind, FeatureOptions};
use super::normalize::{normalize_text, Normalized, Span};
use super::scratch::Reused;
use super::signals::analyse;
use crate::codec;
use crate::verdict::Category;

/// The classes of the category head, in weight order.
pub const CLASSES: [Category; 7] = [
    Category::Loan,
    Category::Insurance,
    Category::RealEstate,
    Category::OtherPromo,
    Category::Fraud,
    Category::Transaction,
    Category::Personal,
];

/// How many of [`CLASSES`] are unwanted (they come first).
pub const UNWANTED_CLASSES: usize = 5;

/// The largest model the bundle accepts.
pub const MAX_MODEL_BYTES: usize = 256 << 10;

/// The newest model format this build reads and writes: 2 stores each head's
/// weights as 4-bit indices into 16 levels (half the bytes of version 1's
/// signed bytes, which it still reads).
/// 3 adds the length normalisation ([`Model::feature_factor`]) and the
/// feature options ([`FeatureOptions`]).
pub const MODEL_VERSION: u32 = 3;

/// Levels per head in versions 2 and 3.
const LEVELS: usize = 16;

/// Serialised form (bincode through [`codec`]). Version 3 appends
/// [`Version3`] after the record.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
struct ModelRecord {
    version: u32,
    spam_bits: u8,
    spam_scale: f32,
    spam_bias: f32,
    spam_weights: Vec<u8>,
    cat_bits: u8,
    cat_scale: f32,
    cat_bias: Vec<f32>,
    cat_weights: Vec<u8>,
    platt_a: f32,
    platt_b: f32,
}

/// What version 3 adds after version 2's record: five bytes, the length
/// normalisation (`f32`, little-endian) and the word pieces' length (`u8`),
/// as bincode lays them out (written by hand: a derived decoder cost 0.5 KB
/// of library for five bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Version3 {
    length_norm: f32,
    word_pieces: u8,
}

/// A model with a length normalisation or feature options is written as
/// version 3; without, as before.
fn needs_version_3(length_norm: f32, options: FeatureOptions) -> bool {
    length_norm > 0.0 || options != FeatureOptions::default()
}

impl Version3 {
    fn to_bytes(self) -> [u8; 5] {
        let mut b = [0u8; 5];
        b[..4].copy_from_slice(&self.length_norm.to_le_bytes());
        b[4] = self.word_pieces;
        b
    }

    fn from_bytes(b: &[u8]) -> Option<Version3> {
        let b: &[u8; 5] = b.try_into().ok()?;
        Some(Version3 {
            length_norm: f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            word_pieces: b[4],
        })
    }
}

/// Why model bytes were refused. The message names sizes and versions,
/// never weights or text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// Larger than [`MAX_MODEL_BYTES`].
    TooLarge {
        /// Bytes given.
        len: usize,
    },
    /// The bytes do not decode.
    Undecodable {
        /// What is wrong with them (a tag, a length).
        reason: String,
    },
    /// A model version this library does not read.
    Version {
        /// What the model says.
        got: u32,
    },
    /// A head's bucket count is out of range.
    BucketCounts,
    /// The spam head's weights do not match its bucket count.
    SpamWeights,
    /// The category head's weights do not match its bucket count.
    CategoryWeights,
    /// A scale, bias or calibration value is NaN or infinite, or the length
    /// normalisation is negative or above a million features.
    NotFinite,
    /// The category biases do not match the classes.
    CategoryBiases,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            ModelError::TooLarge { len } => {
                return write!(f, "{len} bytes, over the {MAX_MODEL_BYTES}-byte limit")
            }
            ModelError::Undecodable { reason } => reason,
            ModelError::Version { got } => {
                return write!(
                    f,
                    "model version {got}, this library reads versions 1 to {MODEL_VERSION}"
                )
            }
            ModelError::BucketCounts => "bucket counts out of range",
            ModelError::SpamWeights => "spam weights do not match the bucket count",
            ModelError::CategoryWeights => "category weights do not match the bucket count",
            ModelError::NotFinite => {
                "a scale, bias, calibration or length normalisation value is out of range"
            }
            ModelError::CategoryBiases => "category biases do not match the classes",
        };
        f.write_str(text)
    }
}

impl std::error::Error for ModelError {}

/// A loaded model. Weights are signed bytes scaled by one float per head.
#[derive(Clone, PartialEq)]
pub struct Model {
    version: u32,
    spam_mask: u64,
    spam_scale: f32,
    spam_bias: f32,
    spam_weights: Vec<i8>,
    cat_mask: u64,
    cat_scale: f32,
    cat_bias: [f32; 7],
    cat_weights: Vec<i8>,
    platt_a: f32,
    platt_b: f32,
    length_norm: f32,
    options: FeatureOptions,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Model(spam 2^{} buckets, category 2^{} buckets)",
            (self.spam_mask + 1).trailing_zeros(),
            (self.cat_mask + 1).trailing_zeros()
        )
    }
}

/// Full-precision weights, as training produces them.
#[derive(Debug, Clone, PartialEq)]
pub struct FloatWeights {
    /// log2 of the spam head's bucket count.
    pub spam_bits: u8,
    /// Spam head weights, one per bucket.
    pub spam: Vec<f32>,
    /// Spam head bias.
    pub spam_bias: f32,
    /// log2 of the category head's bucket count.
    pub cat_bits: u8,
    /// Category weights, `bucket * 7 + class`.
    pub cat: Vec<f32>,
    /// Category biases.
    pub cat_bias: [f32; 7],
    /// Platt scaling of the spam logit: `p = σ(a·z + b)`.
    pub platt: (f32, f32),
    /// Length normalisation `N0` (0: none): see [`feature_factor`].
    pub length_norm: f32,
    /// How the features were made.
    pub options: FeatureOptions,
}

/// What each feature of a message with `n` features is worth:
/// `sqrt(N0 / max(n, N0))`. A message of up to `N0` features counts as it is;
/// a longer one is scaled down to the length of one of `N0` features (cosine
/// normalisation, as tf-idf models do, applied to long messages only). Without
/// it a long message adds up hundreds of weak n-gram weights into a certain
/// verdict (a sales report of names and tonnages junked as a property ad).
/// Short messages are not scaled up: that junked short chats. `N0 = 0` turns
/// it off (models before version 3).
pub fn feature_factor(length_norm: f32, n: usize) -> f32 {
    let n = n as f32;
    if length_norm > 0.0 && n > length_norm {
        (length_norm / n).sqrt()
    } else {
        1.0
    }
}

/// A feature that pushed the verdict, for the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature family.
    pub kind: FeatureKind,
    /// Where it is in the original body (empty for whole-message features).
    pub span: Span,
    /// Its push towards the verdict, in logit units.
    pub weight: f32,
    /// For a signal feature, which one (see [`super::features::SIGNAL_NAMES`]).
    pub note: u8,
}

/// What the model says about one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Calibrated probability that the message is unwanted.
    pub spam: f32,
    /// The most likely unwanted class and its probability among unwanted classes.
    pub unwanted: (Category, f32),
    /// The most likely legitimate class and its probability among legitimate classes.
    pub legitimate: (Category, f32),
    /// Raw spam logit before calibration.
    pub logit: f32,
    /// The features that pushed hardest towards the decision, strongest first.
    pub top: Vec<Contribution>,
}

fn quantise(w: &[f32]) -> (f32, Vec<i8>) {
    let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let q = w
        .iter()
        .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (scale, q)
}

/// Snaps signed-byte weights to at most [`LEVELS`] values (1-D k-means over
/// their histogram, started at quantiles; deterministic), so they pack into
/// 4 bits. Zero stays a level: most buckets of a hashed model are untouched.
fn snap(w: &mut [i8]) {
    let mut hist = [0u64; 256];
    for &x in w.iter() {
        hist[(x as i16 + 128) as usize] += 1;
    }
    let value = |i: usize| i as f64 - 128.0;
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return;
    }
    // Start: zero and 15 quantiles of the non-zero weights.
    let nonzero: u64 = hist
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != 128)
        .map(|(i, &h)| h * (value(i).abs() as u64 + 1))
        .sum();
    let mut levels: Vec<f64> = vec![0.0];
    if nonzero > 0 {
        let mut seen = 0u64;
        let mut next = 1u64;
        for (i, &h) in hist.iter().enumerate() {
            if i == 128 {
                continue;
            }
            seen += h * (value(i).abs() as u64 + 1);
            while next < LEVELS as u64 && seen * (LEVELS as u64) >= next * nonzero {
                levels.push(value(i));
                next += 1;
            }
        }
    }
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    for _ in 0..50 {
        let mut sum = vec![0f64; levels.len()];
        let mut count = vec![0u64; levels.len()];
        for (i, &h) in hist.iter().enumerate() {
            if h > 0 {
                // Weighted by size: a few large weights decide more than
                // many small ones, so they get levels of their own.
                let k = nearest(&levels, value(i));
                let weight = h * (value(i).abs() as u64 + 1);
                sum[k] += value(i) * weight as f64;
                count[k] += weight;
            }
        }
        let moved: Vec<f64> = levels
            .iter()
            .enumerate()
            .map(|(k, &l)| {
                if l == 0.0 || count[k] == 0 {
                    l
                } else {
                    (sum[k] / count[k] as f64).round()
                }
            })
            .collect();
        if moved == levels {
            break;
        }
        levels = moved;
        levels.sort_by(f64::total_cmp);
        levels.dedup();
    }
    for x in w.iter_mut() {
        *x = levels[nearest(&levels, *x as f64)] as i8;
    }
}

fn nearest(levels: &[f64], v: f64) -> usize {
    let mut best = 0;
    for (k, &l) in levels.iter().enumerate() {
        if (l - v).abs() < (levels[best] - v).abs() {
            best = k;
        }
    }
    best
}

/// Version 2 packing of one head: its levels (16 bytes, unused ones repeat
/// the last), then two 4-bit indices a byte, low nibble first. `None` when the
/// weights hold more than [`LEVELS`] values, or are so few (32 or fewer) that
/// the packed length could equal the plain one: a version 2 head is read as
/// bytes when its length is its weight count, as levels otherwise.
fn pack(w: &[i8]) -> Option<Vec<u8>> {
    if w.len() <= 2 * LEVELS {
        return None;
    }
    let mut levels: Vec<i8> = w.to_vec();
    levels.sort_unstable();
    levels.dedup();
    if levels.len() > LEVELS {
        return None;
    }
    let last = *levels.last().unwrap_or(&0);
    levels.resize(LEVELS, last);
    let index = |x: i8| levels.iter().position(|&l| l == x).unwrap_or(0) as u8;
    let mut out: Vec<u8> = levels.iter().map(|&l| l as u8).collect();
    out.extend(
        w.chunks(2)
            .map(|p| index(p[0]) | p.get(1).map_or(0, |&x| index(x)) << 4),
    );
    Some(out)
}

fn unpack(b: &[u8], n: usize) -> Option<Vec<i8>> {
    if b.len() != LEVELS + n.div_ceil(2) {
        return None;
    }
    let (levels, packed) = b.split_at(LEVELS);
    let mut out = Vec::with_capacity(n);
    for &byte in packed {
        out.push(levels[usize::from(byte & 15)] as i8);
        out.push(levels[usize::from(byte >> 4)] as i8);
    }
    out.truncate(n);
    Some(out)
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl Model {
    /// Quantises trained weights.
    pub fn from_float(w: &FloatWeights) -> Model {
        let (spam_scale, mut spam_weights) = quantise(&w.spam);
        let (cat_scale, cat_weights) = quantise(&w.cat);
        // The spam head's 2^16 weights take 4 bits for 32 KB (spam F1 within
        // a point of 8 bits on the DEV splits and holdouts); the smaller
        // category head keeps 8 bits (4 cost it several points of macro-F1).
        snap(&mut spam_weights);
        Model {
            // What `to_bytes` writes (the spam head always packs once snapped).
            version: if needs_version_3(w.length_norm, w.options) {
                3
            } else {
                2
            },
            spam_mask: (1u64 << w.spam_bits) - 1,
            spam_scale,
            spam_bias: w.spam_bias,
            spam_weights,
            cat_mask: (1u64 << w.cat_bits) - 1,
            cat_scale,
            cat_bias: w.cat_bias,
            cat_weights,
            platt_a: w.platt.0,
            platt_b: w.platt.1,
            length_norm: w.length_norm,
            options: w.options,
        }
    }

    /// Replaces the calibration (fitted after quantisation).
    pub fn set_calibration(&mut self, a: f32, b: f32) {
        self.platt_a = a;
        self.platt_b = b;
    }

    /// Serialises the model: version 2 (a head with at most 16 values, as the
    /// trained spam head, in 4-bit levels; the other head in bytes) when a head
    /// packs, else version 1.
    pub fn to_bytes(&self) -> Vec<u8> {
        let bytes = |w: &[i8]| w.iter().map(|&x| x as u8).collect::<Vec<u8>>();
        let spam = pack(&self.spam_weights);
        let cat = pack(&self.cat_weights);
        let version = if needs_version_3(self.length_norm, self.options) {
            3
        } else if spam.is_some() || cat.is_some() {
            2
        } else {
            1
        };
        let spam_weights = spam.unwrap_or_else(|| bytes(&self.spam_weights));
        let cat_weights = cat.unwrap_or_else(|| bytes(&self.cat_weights));
        let base = ModelRecord {
            version,
            spam_bits: (self.spam_mask + 1).trailing_zeros() as u8,
            spam_scale: self.spam_scale,
            spam_bias: self.spam_bias,
            spam_weights,
            cat_bits: (self.cat_mask + 1).trailing_zeros() as u8,
            cat_scale: self.cat_scale,
            cat_bias: self.cat_bias.to_vec(),
            cat_weights,
            platt_a: self.platt_a,
            platt_b: self.platt_b,
        };
        let mut out = codec::encode(&base);
        if version == 3 {
            let tail = Version3 {
                length_norm: self.length_norm,
                word_pieces: self.options.word_pieces,
            };
            out.extend(tail.to_bytes());
        }
        out
    }

    /// The format version the model was read in or will be written in.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Reads and checks a serialised model.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        if b.len() > MAX_MODEL_BYTES {
            return Err(ModelError::TooLarge { len: b.len() });
        }
        let undecodable = |e: codec::DecodeError| ModelError::Undecodable {
            reason: e.to_string(),
        };
        let (r, rest): (ModelRecord, &[u8]) = codec::decode_prefix(b).map_err(undecodable)?;
        if !(1..=MODEL_VERSION).contains(&r.version) {
            return Err(ModelError::Version { got: r.version });
        }
        // Only version 3 carries the normalisation and options, and it must.
        let v3 = if r.version == 3 {
            Version3::from_bytes(rest).ok_or_else(|| ModelError::Undecodable {
                reason: format!("a version 3 tail of {} bytes, not 5", rest.len()),
            })?
        } else if rest.is_empty() {
            Version3 {
                length_norm: 0.0,
                word_pieces: 0,
            }
        } else {
            return Err(ModelError::Undecodable {
                reason: format!("{} trailing bytes", rest.len()),
            });
        };
        let length_norm = v3.length_norm;
        if !(v3.word_pieces == 0 || (3..=6).contains(&v3.word_pieces)) {
            return Err(ModelError::Undecodable {
                reason: format!("word pieces of {} letters", v3.word_pieces),
            });
        }
        if !length_norm.is_finite() || !(0.0..=1e6).contains(&length_norm) {
            return Err(ModelError::NotFinite);
        }
        if !(4..=20).contains(&r.spam_bits) || !(4..=20).contains(&r.cat_bits) {
            return Err(ModelError::BucketCounts);
        }
        let spam_n = 1usize << r.spam_bits;
        let cat_n = (1usize << r.cat_bits) * CLASSES.len();
        let signed = |w: Vec<u8>| w.into_iter().map(|x| x as i8).collect::<Vec<i8>>();
        // Version 1: bytes. Version 2: per head, bytes when the length is the
        // weight count, 4-bit levels otherwise.
        let head = |w: Vec<u8>, n: usize| {
            if w.len() == n {
                Some(signed(w))
            } else if r.version >= 2 {
                unpack(&w, n)
            } else {
                None
            }
        };
        let (spam_weights, cat_weights) =
            (head(r.spam_weights, spam_n), head(r.cat_weights, cat_n));
        let spam_weights = spam_weights.ok_or(ModelError::SpamWeights)?;
        let cat_weights = cat_weights.ok_or(ModelError::CategoryWeights)?;
        let floats = [r.spam_scale, r.spam_bias, r.cat_scale, r.platt_a, r.platt_b];
        if floats.iter().chain(&r.cat_bias).any(|x| !x.is_finite()) {
            return Err(ModelError::NotFinite);
        }
        let cat_bias: [f32; 7] = r
            .cat_bias
            .try_into()
            .map_err(|_| ModelError::CategoryBiases)?;
        Ok(Model {
            version: r.version,
            spam_mask: (1u64 << r.spam_bits) - 1,
            spam_scale: r.spam_scale,
            spam_bias: r.spam_bias,
            spam_weights,
            cat_mask: (1u64 << r.cat_bits) - 1,
            cat_scale: r.cat_scale,
            cat_bias,
            cat_weights,
            platt_a: r.platt_a,
            platt_b: r.platt_b,
            length_norm,
            options: FeatureOptions {
                word_pieces: v3.word_pieces,
            },
        })
    }

    /// How this model's features are made (give them to [`extract`]).
    pub fn feature_options(&self) -> FeatureOptions {
        self.options
    }

    /// What each feature of a message with `n` features is worth
    /// ([`feature_factor`] with this model's normalisation).
    pub fn feature_factor(&self, n: usize) -> f32 {
        feature_factor(self.length_norm, n)
    }

    /// Bucket of a feature in the spam head.
    pub fn spam_bucket(&self, f: &Feature) -> usize {
        (f.hash & self.spam_mask) as usize
    }

    /// Bucket of a feature in the category head.
    pub fn cat_bucket(&self, f: &Feature) -> usize {
        ((f.hash >> 20) & self.cat_mask) as usize
    }

    /// The uncalibrated spam logit of a feature list.
    pub fn spam_logit(&self, feats: &[Feature]) -> f32 {
        let sum: i32 = feats
            .iter()
            .map(|f| self.spam_weights[self.spam_bucket(f)] as i32)
            .sum();
        self.spam_bias + self.spam_scale * self.feature_factor(feats.len()) * sum as f32
    }

    /// Calibrated probability from a logit.
    pub fn calibrate(&self, logit: f32) -> f32 {
        sigmoid(self.platt_a * logit + self.platt_b)
    }

    /// The spam logit ([`Model::spam_logit`]) and the category logits, in
    /// one pass over the features.
    fn logits(&self, feats: &[Feature]) -> (f32, [f32; 7]) {
        let mut spam = 0i32;
        let mut sums = [0i32; 7];
        for f in feats {
            spam += self.spam_weights[self.spam_bucket(f)] as i32;
            let base = self.cat_bucket(f) * 7;
            for (s, &w) in sums.iter_mut().zip(&self.cat_weights[base..base + 7]) {
                *s += w as i32;
            }
        }
        let x = self.feature_factor(feats.len());
        let mut out = self.cat_bias;
        for (o, s) in out.iter_mut().zip(sums) {
            *o += self.cat_scale * x * s as f32;
        }
        (self.spam_bias + self.spam_scale * x * spam as f32, out)
    }

    /// Scores a message body (signals without an institution table).
    pub fn score(&self, sender: &str, body: &str) -> Scores {
        let n = normalize_text(body);
        let signals = analyse(&n, sender, None);
        let mut feats = Vec::with_capacity(body.len() * 2);
        extract(&n, &signals, self.options, &mut feats);
        self.score_features(&n, &feats)
    }

    /// Scores features already extracted from `n`.
    pub fn score_features(&self, n: &Normalized, feats: &[Feature]) -> Scores {
        let (logit, logits) = self.logits(feats);
        let spam = self.calibrate(logit);
        let pick = |range: std::ops::Range<usize>| {
            let max = logits[range.clone()]
                .iter()
                .fold(f32::NEG_INFINITY, |m, &x| m.max(x));
            let total: f32 = logits[range.clone()].iter().map(|x| (x - max).exp()).sum();
            let best = range
                .clone()
                .max_by(|&a, &b| logits[a].total_cmp(&logits[b]))
                .unwrap_or(range.start);
            (best, (logits[best] - max).exp() / total)
        };
        let (u, pu) = pick(0..UNWANTED_CLASSES);
        let (l, pl) = pick(UNWANTED_CLASSES..CLASSES.len());
        let unwanted_side = spam >= 0.5;
        let class = if unwanted_side { u } else { l };
        let top = self.top_features(n, feats, unwanted_side, class);
        Scores {
            spam,
            unwanted: (CLASSES[u], pu),
            legitimate: (CLASSES[l], pl),
            logit,
            top,
        }
    }

    /// The strongest pushes towards the verdict (spam head, signed by the
    /// side chosen, plus the chosen class's weight), overlapping spans merged.
    fn top_features(
        &self,
        n: &Normalized,
        feats: &[Feature],
        unwanted: bool,
        class: usize,
    ) -> Vec<Contribution> {
        let sign = if unwanted { 1.0 } else { -1.0 };
        // The length normalisation scales every feature alike: it does not
        // change which win, only their weights, applied at the end.
        let factor = self.feature_factor(feats.len());
        // Weights first, spans only for the few that win: this runs on every message.
        // (weight, index): 8 bytes a feature, since a 64 KB body has tens of thousands.
        thread_local! {
            static SCORED: Cell<Vec<(f32, u32)>> = const { Cell::new(Vec::new()) };
        }
        // The thread's buffer, sized up front (a filter grows it from nothing).
        let mut scored = Reused::take(&SCORED);
        scored.reserve(feats.len());
        scored.extend(
            feats
                .iter()
                .enumerate()
                .filter(|(_, f)| f.end > f.start)
                .map(|(i, f)| {
                    let s = sign * self.spam_scale * self.spam_weights[self.spam_bucket(f)] as f32;
                    let c =
                        self.cat_scale * self.cat_weights[self.cat_bucket(f) * 7 + class] as f32;
                    // Longer character grams read better in an explanation than
                    // single characters of nearly the same weight.
                    let chars = if f.kind == FeatureKind::CjkGram {
                        ((f.end - f.start) / 3).max(1)
                    } else {
                        1
                    };
                    ((s + c) * (1.0 + 0.5 * (chars - 1) as f32), i as u32)
                })
                .filter(|&(w, _)| w > 0.0),
        );
        const CANDIDATES: usize = 12;
        if scored.len() > CANDIDATES {
            scored.select_nth_unstable_by(CANDIDATES, |a, b| b.0.total_cmp(&a.0));
            scored.truncate(CANDIDATES);
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut top: Vec<Contribution> = Vec::new();
        for &(weight, i) in scored.iter() {
            if top.len() == 4 {
                break;
            }
            let f = &feats[i as usize];
            let span = n.span(f.start as usize, f.end as usize);
            let overlaps = top
                .iter()
                .any(|t| span.start < t.span.end && t.span.start < span.end);
            if !overlaps {
                top.push(Contribution {
                    kind: f.kind,
                    span,
                    weight: weight * factor,
                    note: f.note,
                });
            }
        }
        top.sort_by_key(|c| c.span.start);
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> FloatWeights {
        let mut spam = vec![0.0; 1 << 8];
        spam[3] = 1.5;
        spam[200] = -0.5;
        FloatWeights {
            spam_bits: 8,
            spam,
            spam_bias: -0.25,
            cat_bits: 6,
            cat: (0..(64 * 7))
                .map(|i| (i % 13) as f32 / 13.0 - 0.5)
                .collect(),
            cat_bias: [0.1, 0.0, 0.0, 0.2, 0.0, 0.3, 0.1],
            platt: (1.0, 0.0),
            length_norm: 0.0,
            options: FeatureOptions::default(),
        }
    }

    #[test]
    fn round_trips_through_bytes() {
        let m = Model::from_float(&tiny());
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(m, back);
        let s = back.score("", "贷款 利息低 http://x.cn");
        assert!((0.0..=1.0).contains(&s.spam));
    }

    #[test]
    fn quantisation_keeps_the_largest_weight() {
        let m = Model::from_float(&tiny());
        assert_eq!(m.spam_weights[3], 127);
        assert!((m.spam_scale * 127.0 - 1.5).abs() < 1e-6);
    }

    #[test]
    fn corrupt_models_are_refused() {
        let good = Model::from_float(&tiny()).to_bytes();
        assert!(Model::from_bytes(&good[..good.len() - 3]).is_err());
        assert!(Model::from_bytes(&[]).is_err());
        let e = Model::from_bytes(&vec![0u8; MAX_MODEL_BYTES + 1]).unwrap_err();
        assert_eq!(
            e,
            ModelError::TooLarge {
                len: MAX_MODEL_BYTES + 1
            }
        );
        assert!(e.to_string().contains("limit"));
        let mut bad = good.clone();
        bad[0] = 9; // version
        let e = Model::from_bytes(&bad).unwrap_err();
        assert_eq!(e, ModelError::Version { got: 9 });
        assert_eq!(
            e.to_string(),
            format!("model version 9, this library reads versions 1 to {MODEL_VERSION}")
        );
    }

    #[test]
    fn long_messages_are_scaled_down_to_the_normalisation_length() {
        assert_eq!(feature_factor(0.0, 10_000), 1.0, "off");
        assert_eq!(feature_factor(120.0, 0), 1.0);
        assert_eq!(
            feature_factor(120.0, 120),
            1.0,
            "short messages keep their weight"
        );
        assert_eq!(feature_factor(120.0, 480), 0.5);
        let mut w = tiny();
        let plain = Model::from_float(&w);
        w.length_norm = 40.0;
        let normed = Model::from_float(&w);
        let short = "贷款 利息低";
        let long = "贷款 利息低 http://x.cn ".repeat(30);
        let feats = |body: &str| {
            let n = normalize_text(body);
            let mut f = Vec::new();
            extract(
                &n,
                &analyse(&n, "", None),
                FeatureOptions::default(),
                &mut f,
            );
            f
        };
        let (fs, fl) = (feats(short), feats(&long));
        assert!(
            fs.len() <= 40 && fl.len() > 160,
            "{} {}",
            fs.len(),
            fl.len()
        );
        assert_eq!(plain.spam_logit(&fs), normed.spam_logit(&fs));
        let x = feature_factor(40.0, fl.len());
        let (p, q) = (plain.spam_logit(&fl), normed.spam_logit(&fl));
        assert!(((q - normed.spam_bias) - x * (p - plain.spam_bias)).abs() < 1e-4);
        // Both heads and the explanation use the same factor.
        let (_, cats_plain) = plain.logits(&fl);
        let (logit, cats) = normed.logits(&fl);
        assert!((logit - q).abs() < 1e-5);
        for c in 0..7 {
            let scaled = x * (cats_plain[c] - plain.cat_bias[c]) + normed.cat_bias[c];
            assert!((cats[c] - scaled).abs() < 1e-4);
        }
    }

    #[test]
    fn version_3_carries_the_normalisation_and_options_and_no_other_version_does() {
        let mut w = tiny();
        w.length_norm = 120.0;
        w.options.word_pieces = 5;
        let m = Model::from_float(&w);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!((back.version(), &back), (3, &m));
        assert_eq!(back.length_norm, 120.0);
        assert_eq!(back.feature_options().word_pieces, 5);
        let (record, rest): (ModelRecord, &[u8]) = codec::decode_prefix(&bytes).unwrap();
        let tail = Version3::from_bytes(rest).unwrap();
        assert_eq!((tail.length_norm, tail.word_pieces), (120.0, 5));
        // The tail is laid out as bincode lays out an f32 and a u8.
        let mut bincoded = codec::encode(&120.0f32);
        bincoded.extend(codec::encode(&5u8));
        assert_eq!(rest, &bincoded[..]);
        let with = |r: &ModelRecord, length_norm: f32, word_pieces: u8| {
            let mut b = codec::encode(r);
            b.extend(
                Version3 {
                    length_norm,
                    word_pieces,
                }
                .to_bytes(),
            );
            b
        };
        assert_eq!(Model::from_bytes(&with(&record, 120.0, 5)).unwrap(), m);
        // A version 3 record that says 2, and a version 2 record that says 3.
        let mut says_2 = record.clone();
        says_2.version = 2;
        let e = Model::from_bytes(&with(&says_2, 120.0, 5)).unwrap_err();
        assert!(matches!(e, ModelError::Undecodable { .. }), "{e:?}");
        assert!(e.to_string().contains("trailing bytes"), "{e}");
        let mut says_3 = record.clone();
        says_3.version = 3;
        assert!(Model::from_bytes(&codec::encode(&says_3)).is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        for bad in [f32::NAN, -1.0, f32::INFINITY] {
            let e = Model::from_bytes(&with(&record, bad, 5)).unwrap_err();
            assert_eq!(e, ModelError::NotFinite);
        }
        for bad in [1, 2, 7, 255] {
            let e = Model::from_bytes(&with(&record, 120.0, bad)).unwrap_err();
            assert!(e.to_string().contains("word pieces"), "{e}");
        }
        // Options alone make a version 3 model too.
        let mut w = tiny();
        w.options.word_pieces = 4;
        assert_eq!(Model::from_float(&w).to_bytes()[0], 3);
        // A model with neither is still written as version 2.
        let v2 = Model::from_bytes(&Model::from_float(&tiny()).to_bytes()).unwrap();
        assert_eq!((v2.version(), v2.length_norm), (2, 0.0));
        assert_eq!(v2.feature_options(), FeatureOptions::default());
    }

    #[test]
    fn the_spam_head_packs_into_4_bits_and_version_1_still_reads() {
        let mut w = tiny();
        w.spam = (0..256)
            .map(|i| ((i * 37) % 101) as f32 / 50.0 - 1.0)
            .collect();
        let m = Model::from_float(&w);
        let mut levels = m.spam_weights.clone();
        levels.sort_unstable();
        levels.dedup();
        assert!(levels.len() <= LEVELS && levels.contains(&0), "{levels:?}");
        let v2 = m.to_bytes();
        let back = Model::from_bytes(&v2).unwrap();
        assert_eq!((back.version(), &back), (2, &m));
        // The same weights written the version 1 way read back the same.
        let mut v1 = ModelRecord {
            version: 1,
            spam_bits: 8,
            spam_scale: m.spam_scale,
            spam_bias: m.spam_bias,
            spam_weights: m.spam_weights.iter().map(|&x| x as u8).collect(),
            cat_bits: 6,
            cat_scale: m.cat_scale,
            cat_bias: m.cat_bias.to_vec(),
            cat_weights: m.cat_weights.iter().map(|&x| x as u8).collect(),
            platt_a: m.platt_a,
            platt_b: m.platt_b,
        };
        let old = Model::from_bytes(&codec::encode(&v1)).unwrap();
        assert_eq!(old.version(), 1);
        assert_eq!(
            (old.spam_weights.clone(), old.cat_weights.clone()),
            (m.spam_weights.clone(), m.cat_weights.clone())
        );
        // Packed weights are no version 1 head: a wrong length is refused.
        v1.spam_weights = pack(&m.spam_weights).unwrap();
        assert!(Model::from_bytes(&codec::encode(&v1)).is_err());
        v1.version = 2;
        v1.spam_weights.pop();
        assert!(Model::from_bytes(&codec::encode(&v1)).is_err());
        // Too few weights to pack unambiguously stay bytes.
        assert!(pack(&[0i8; 32]).is_none());
    }
}

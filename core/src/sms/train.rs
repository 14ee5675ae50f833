//! Training (feature `train`, used by the CLI only): Adagrad logistic
//! regression for the spam head, Adagrad softmax regression for the category
//! head, Platt scaling on held-back rows, then 8-bit quantisation (the spam head
//! snapped to 16 levels for 4-bit storage).
//! Deterministic for a seed: the only randomness is a seeded shuffle.

use super::features::{extract, FeatureOptions};
use super::institutions::Institutions;
use super::model::{feature_factor, FloatWeights, Model, CLASSES};
use super::normalize::normalize_text;
use super::signals::analyse;
use crate::verdict::Category;

/// One labelled message.
#[derive(Clone, PartialEq)]
pub struct Example {
    /// The sender, possibly empty.
    pub sender: String,
    /// The body.
    pub body: String,
    /// Unwanted (spam) or not.
    pub spam: bool,
    /// The category, when someone labelled it.
    pub category: Option<Category>,
    /// How much this row counts.
    pub weight: f32,
}

// Bodies are personal data: Debug shows the labels only.
impl std::fmt::Debug for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Example(spam={}, category={:?})",
            self.spam, self.category
        )
    }
}

/// Hyper-parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Shuffle seed.
    pub seed: u64,
    /// Passes over the spam-labelled rows.
    pub spam_epochs: usize,
    /// Passes over the category-labelled rows.
    pub cat_epochs: usize,
    /// log2 of the spam head's buckets.
    pub spam_bits: u8,
    /// log2 of the category head's buckets.
    pub cat_bits: u8,
    /// Adagrad learning rate of the spam head.
    pub learning_rate: f32,
    /// Adagrad learning rate of the category head (fewer, cleaner rows).
    pub cat_learning_rate: f32,
    /// L2 penalty on touched weights.
    pub l2: f32,
    /// Independent runs (seeds `seed`, `seed + 1`, …) whose weights are
    /// averaged: one shuffle order sways which borderline messages get
    /// junked, the average does not.
    pub runs: usize,
    /// The institution table the bundle will carry: its signals are features.
    pub institutions: Option<Institutions>,
    /// Length normalisation `N0` ([`feature_factor`]; 0: none).
    pub length_norm: f32,
    /// How features are made (the model carries them).
    pub options: FeatureOptions,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            seed: 1,
            spam_epochs: 6,
            cat_epochs: 12,
            spam_bits: 17,
            cat_bits: 13,
            learning_rate: 0.05,
            cat_learning_rate: 0.5,
            l2: 1e-4,
            runs: 4,
            institutions: None,
            length_norm: 0.0,
            options: FeatureOptions::default(),
        }
    }
}

/// SplitMix64: a tiny deterministic generator, enough for shuffling (the
/// CLI's placeholder generator uses it too). The state is the seed.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates, in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn hashes(e: &Example, inst: Option<&Institutions>, opts: FeatureOptions) -> Vec<u64> {
    let n = normalize_text(&e.body);
    let signals = analyse(&n, &e.sender, inst);
    let mut feats = Vec::new();
    extract(&n, &signals, opts, &mut feats);
    feats.into_iter().map(|f| f.hash).collect()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Trains a model. `calibration` rows (never seen by the weights) fit the
/// probability scaling. `progress(done, total)` is called as rows go by.
pub fn train(
    rows: &[Example],
    calibration: &[Example],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(usize, usize),
) -> Model {
    let inst = cfg.institutions.as_ref();
    let feats: Vec<Vec<u64>> = rows.iter().map(|r| hashes(r, inst, cfg.options)).collect();
    let runs = cfg.runs.max(1);
    let per_run = rows.len() * cfg.spam_epochs
        + rows.iter().filter(|r| r.category.is_some()).count() * cfg.cat_epochs;
    let total = per_run * runs;
    let mut sum: Option<FloatWeights> = None;
    for run in 0..runs {
        let seed = cfg.seed.wrapping_add(run as u64);
        let mut report = |done: usize| progress(run * per_run + done, total);
        let w = train_once(rows, &feats, cfg, seed, &mut report);
        sum = Some(match sum {
            None => w,
            Some(mut acc) => {
                add(&mut acc.spam, &w.spam);
                add(&mut acc.cat, &w.cat);
                add(&mut acc.cat_bias, &w.cat_bias);
                acc.spam_bias += w.spam_bias;
                acc
            }
        });
    }
    progress(total, total);
    let mut avg = sum.expect("at least one run");
    let k = 1.0 / runs as f32;
    avg.spam.iter_mut().for_each(|x| *x *= k);
    avg.cat.iter_mut().for_each(|x| *x *= k);
    avg.cat_bias.iter_mut().for_each(|x| *x *= k);
    avg.spam_bias *= k;
    let mut model = Model::from_float(&avg);
    let (a, b) = fit_platt(&model, calibration, inst);
    model.set_calibration(a, b);
    model
}

fn add(acc: &mut [f32], x: &[f32]) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += b;
    }
}

/// One run of both heads with one shuffle seed.
fn train_once(
    rows: &[Example],
    feats: &[Vec<u64>],
    cfg: &TrainConfig,
    seed: u64,
    progress: &mut dyn FnMut(usize),
) -> FloatWeights {
    let mut done = 0;
    let mut rng = SplitMix64(seed);
    let spam_mask = (1u64 << cfg.spam_bits) - 1;
    let mut w = vec![0f32; 1 << cfg.spam_bits];
    let mut g2 = vec![1e-6f32; 1 << cfg.spam_bits];
    let mut bias = 0f32;
    let mut bias_g2 = 1e-6f32;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    for _ in 0..cfg.spam_epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let r = &rows[i];
            let x = feature_factor(cfg.length_norm, feats[i].len());
            let z = bias
                + x * feats[i]
                    .iter()
                    .map(|&h| w[(h & spam_mask) as usize])
                    .sum::<f32>();
            let g = (sigmoid(z) - if r.spam { 1.0 } else { 0.0 }) * r.weight;
            for &h in &feats[i] {
                let b = (h & spam_mask) as usize;
                let gb = g * x + cfg.l2 * w[b];
                g2[b] += gb * gb;
                w[b] -= cfg.learning_rate * gb / g2[b].sqrt();
            }
            bias_g2 += g * g;
            bias -= cfg.learning_rate * g / bias_g2.sqrt();
            done += 1;
            if done % 1024 == 0 {
                progress(done);
            }
        }
    }

    let k = CLASSES.len();
    let cat_mask = (1u64 << cfg.cat_bits) - 1;
    let mut cw = vec![0f32; (1 << cfg.cat_bits) * k];
    let mut cg2 = vec![1e-6f32; (1 << cfg.cat_bits) * k];
    let mut cb = [0f32; 7];
    let mut cb_g2 = [1e-6f32; 7];
    let labelled: Vec<(usize, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let c = r.category?;
            CLASSES.iter().position(|&x| x == c).map(|ci| (i, ci))
        })
        .collect();
    // Rare classes count more, so insurance is not drowned by other_promo.
    let mut counts = [0usize; 7];
    for &(_, c) in &labelled {
        counts[c] += 1;
    }
    let biggest = counts.iter().copied().max().unwrap_or(1) as f32;
    let class_weight: Vec<f32> = counts
        .iter()
        .map(|&n| (biggest / n.max(1) as f32).sqrt().min(5.0))
        .collect();
    let mut order: Vec<usize> = (0..labelled.len()).collect();
    for _ in 0..cfg.cat_epochs {
        rng.shuffle(&mut order);
        for &j in &order {
            let (i, y) = labelled[j];
            let x = feature_factor(cfg.length_norm, feats[i].len());
            let mut logits = cb;
            for &h in &feats[i] {
                let base = (((h >> 20) & cat_mask) as usize) * k;
                for (l, wv) in logits.iter_mut().zip(&cw[base..base + k]) {
                    *l += x * wv;
                }
            }
            let max = logits.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
            let exps: Vec<f32> = logits.iter().map(|x| (x - max).exp()).collect();
            let sum: f32 = exps.iter().sum();
            let scale = rows[i].weight * class_weight[y];
            for c in 0..k {
                let g = (exps[c] / sum - if c == y { 1.0 } else { 0.0 }) * scale;
                for &h in &feats[i] {
                    let b = (((h >> 20) & cat_mask) as usize) * k + c;
                    let gb = g * x + cfg.l2 * cw[b];
                    cg2[b] += gb * gb;
                    cw[b] -= cfg.cat_learning_rate * gb / cg2[b].sqrt();
                }
                cb_g2[c] += g * g;
                cb[c] -= cfg.cat_learning_rate * g / cb_g2[c].sqrt();
            }
            done += 1;
            if done % 1024 == 0 {
                progress(done);
            }
        }
    }
    FloatWeights {
        spam_bits: cfg.spam_bits,
        spam: w,
        spam_bias: bias,
        cat_bits: cfg.cat_bits,
        cat: cw,
        cat_bias: cb,
        platt: (1.0, 0.0),
        length_norm: cfg.length_norm,
        options: cfg.options,
    }
}

/// Fits `p = σ(a·z + b)` to the calibration rows by gradient descent on log loss.
fn fit_platt(model: &Model, rows: &[Example], inst: Option<&Institutions>) -> (f32, f32) {
    if rows.is_empty() {
        return (1.0, 0.0);
    }
    let zs: Vec<(f32, f32)> = rows
        .iter()
        .map(|r| {
            let n = normalize_text(&r.body);
            let signals = analyse(&n, &r.sender, inst);
            let mut f = Vec::new();
            extract(&n, &signals, model.feature_options(), &mut f);
            (model.spam_logit(&f), if r.spam { 1.0 } else { 0.0 })
        })
        .collect();
    let (mut a, mut b) = (1.0f64, 0.0f64);
    let n = zs.len() as f64;
    for _ in 0..2000 {
        let (mut ga, mut gb) = (0.0f64, 0.0f64);
        for &(z, y) in &zs {
            let p = 1.0 / (1.0 + (-(a * z as f64 + b)).exp());
            ga += (p - y as f64) * z as f64;
            gb += p - y as f64;
        }
        a -= 0.5 * ga / n;
        b -= 0.5 * gb / n;
    }
    (a as f32, b as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(body: &str, spam: bool, category: Category) -> Example {
        Example {
            sender: String::new(),
            body: body.into(),
            spam,
            category: Some(category),
            weight: 1.0,
        }
    }

    fn rows() -> Vec<Example> {
        let mut v = Vec::new();
        for i in 0..30 {
            v.push(ex(
                &format!("无抵押贷款{i}万 当天放款 回T退订"),
                true,
                Category::Loan,
            ));
            v.push(ex(
                &format!("您的验证码是{}，5分钟内有效", 1000 + i),
                false,
                Category::Transaction,
            ));
            v.push(ex(
                &format!("晚上{i}点一起吃饭吗"),
                false,
                Category::Personal,
            ));
        }
        v
    }

    #[test]
    fn learns_a_toy_problem_deterministically() {
        let cfg = TrainConfig {
            spam_bits: 10,
            cat_bits: 8,
            ..TrainConfig::default()
        };
        let data = rows();
        let m1 = train(&data, &data, &cfg, &mut |_, _| {});
        let m2 = train(&data, &data, &cfg, &mut |_, _| {});
        assert_eq!(m1.to_bytes(), m2.to_bytes(), "same seed, same bytes");
        let s = m1.score("", "低息贷款 当天放款");
        assert!(s.spam > 0.5);
        assert_eq!(s.unwanted.0, Category::Loan);
        let s = m1.score("", "验证码 7788，请勿告诉他人");
        assert!(s.spam < 0.5);
        assert_eq!(s.legitimate.0, Category::Transaction);
    }
}

//! The classifier's part of an SMS verdict: what the engine's classifier layer
//! (and the consent layer, which must know whether a message is commercial) asks.

use crate::bundle::Bundle;
use crate::verdict::{Action, Category, Reason, ReasonCode};

use super::features::{extract, Feature};
use super::normalize::{normalize, EntityKind};
use super::policy::SmsPolicy;

/// Bodies longer than this many bytes are screened on their first part only.
pub const MAX_SMS_BYTES: usize = 64 << 10;

/// The classifier's judgement of one message.
pub(crate) struct Judgement {
    pub category: Category,
    pub score: f32,
    pub action: Action,
    pub reasons: Vec<Reason>,
    /// The message carries an opt-out instruction (found after normalisation,
    /// so obfuscation does not hide it): commercial by its own account.
    pub opt_out: bool,
}

/// Cuts a body to [`MAX_SMS_BYTES`] on a character boundary; true if it was cut.
pub(crate) fn clip(body: &str) -> (&str, bool) {
    let mut cut = body.len().min(MAX_SMS_BYTES);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    (&body[..cut], cut < body.len())
}

/// The reason added when [`clip`] cut a body.
pub(crate) fn truncated_reason() -> Reason {
    Reason::new(
        ReasonCode::Note,
        "truncated",
        format!("only the first {MAX_SMS_BYTES} bytes of the message were screened"),
    )
}

/// Spam probability from which a message that reads as personal but says
/// how to opt out is filed as the promotion it declares itself to be.
const OPT_OUT_LEAN_PERSONAL: f32 = 0.3;
/// The same for a message that reads as a notice (transaction): notices
/// often carry an opt-out line, so the model must lean further.
const OPT_OUT_LEAN_NOTICE: f32 = 0.5;

/// True when the body carries a marketing opt-out instruction near its end
/// (`回T退订`, `拒收请回复R`, `Reply STOP`): the sender itself says it is commercial.
/// A plain look at the raw text, for bundles without a model; with a model the
/// normaliser's recogniser ([`Judgement::opt_out`]) sees through obfuscation.
pub(crate) fn has_opt_out_suffix(body: &str) -> bool {
    let start = body
        .char_indices()
        .rev()
        .nth(23)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let tail = body[start..].to_lowercase();
    [
        "退订",
        "回t",
        "回复t",
        "回td",
        "拒收",
        "reply stop",
        "txt stop",
        "stop to",
    ]
    .iter()
    .any(|k| tail.contains(k))
}

fn features(sender: &str, body: &str) -> (super::normalize::Normalized, Vec<Feature>) {
    let n = normalize(body);
    // About 0.6 features per byte of text on our fixtures, at most ~0.95:
    // one feature per byte rarely grows and does not reserve 64 bytes a byte.
    let mut feats = Vec::with_capacity(n.text().len() + 8);
    extract(&n, sender, &mut feats);
    (n, feats)
}

/// Hashed feature ids of a message, for the personal feedback adjustment.
pub(crate) fn feature_ids(sender: &str, body: &str) -> Vec<u32> {
    let (_, feats) = features(sender, clip(body).0);
    // Sender-type features say nothing about the text the user judged.
    feats
        .iter()
        .map(|f| (f.hash >> 32) as u32 ^ f.hash as u32)
        .collect()
}

/// Classifies a message with the bundle's model; `None` when the bundle has none.
/// `adjust` returns the user's personal adjustment (logit units) for the features.
pub(crate) fn judge(
    bundle: &Bundle,
    policy: &SmsPolicy,
    sender: &str,
    body: &str,
    adjust: impl Fn(&[u32]) -> f32,
) -> Option<Judgement> {
    let model = bundle.sms_model()?;
    let (n, feats) = features(sender, body);
    let mut scores = model.score_features(&n, &feats);
    let ids: Vec<u32> = feats
        .iter()
        .map(|f| (f.hash >> 32) as u32 ^ f.hash as u32)
        .collect();
    let delta = adjust(&ids);
    if delta != 0.0 {
        let p = scores.spam.clamp(1e-6, 1.0 - 1e-6);
        let z = (p / (1.0 - p)).ln() + delta;
        scores.spam = 1.0 / (1.0 + (-z).exp());
    }
    let mut d = policy.decide(&scores);
    // MIIT requires commercial messages to say how to opt out; a message that
    // does (回T退订, Reply STOP) is marketing by its own account, whatever the
    // training data's subscribed-shop "ham" taught the model. It gets the
    // policy's action for other promotions (promotion by default: still visible).
    // Banks, pharmacies and couriers append 回TD退订 / Reply STOP to notices
    // too: only a message the model already leans towards marketing on is
    // taken at its word, and one that reads as a notice needs more of a lean.
    let opt_out = n.entities().iter().any(|e| e.kind == EntityKind::OptOut);
    let lean = match d.action {
        Action::Allow => Some(OPT_OUT_LEAN_PERSONAL),
        Action::Transaction => Some(OPT_OUT_LEAN_NOTICE),
        _ => None,
    };
    let self_declared = opt_out && lean.is_some_and(|min| scores.spam >= min);
    if self_declared {
        d.action = policy
            .action_for(Category::OtherPromo)
            .max(Action::Promotion);
        // A named trade only when the category head is sure of it.
        d.category = match scores.unwanted {
            (Category::Fraud, _) => Category::OtherPromo,
            (c, p) if p >= 0.6 => c,
            _ => Category::OtherPromo,
        };
        d.score = scores.spam;
    }
    let kinds: Vec<&str> = scores.top.iter().map(|c| c.kind.as_str()).collect();
    let detail = if kinds.is_empty() {
        format!("reads as {} (p={})", d.category, Prob(d.score))
    } else {
        format!(
            "reads as {} (p={}), mostly from {}",
            d.category,
            Prob(d.score),
            kinds.join(", ")
        )
    };
    let mut reasons = vec![Reason::new(ReasonCode::Classifier, "sms.model", detail)
        .with_spans(scores.top.iter().map(|c| c.span).collect())];
    if delta != 0.0 {
        reasons.push(Reason::new(
            ReasonCode::Feedback,
            "personal-adjustment",
            format!(
                "your earlier reports moved this message {} spam",
                if delta > 0.0 { "towards" } else { "away from" }
            ),
        ));
    }
    if self_declared {
        reasons.push(Reason::new(
            ReasonCode::Note,
            "opt-out-instruction",
            "the message says how to unsubscribe: marketing by its own account",
        ));
    } else if d.fell_back {
        reasons.push(Reason::new(
            ReasonCode::Note,
            "threshold",
            format!(
                "looked like {} (p={}) but below the threshold: kept",
                scores.unwanted.0,
                Prob(scores.spam)
            ),
        ));
    }
    Some(Judgement {
        category: d.category,
        score: d.score,
        action: d.action,
        reasons,
        opt_out,
    })
}

/// A probability as `{:.2}` would show it, without pulling the float
/// formatting machinery (~16 KB) into the phone library.
struct Prob(f32);

impl std::fmt::Display for Prob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hundredths = (self.0.clamp(0.0, 1.0) * 100.0).round() as u32;
        write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

#[cfg(test)]
mod prob_tests {
    use super::Prob;

    #[test]
    fn prob_shows_what_two_decimals_showed() {
        for i in 0..=1000 {
            // Off the exact ties, where `{:.2}` rounds half to even.
            let x = (i as f32 / 1000.0 + 0.0003).min(1.0);
            assert_eq!(Prob(x).to_string(), format!("{x:.2}"), "{x}");
        }
        assert_eq!(Prob(1.5).to_string(), "1.00");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_on_a_character_boundary() {
        let body = "贷".repeat(MAX_SMS_BYTES);
        let (cut, was_cut) = clip(&body);
        assert!(was_cut && cut.len() <= MAX_SMS_BYTES && cut.len() % 3 == 0);
        assert_eq!(clip("短信"), ("短信", false));
    }

    #[test]
    fn opt_out_suffixes() {
        assert!(has_opt_out_suffix("新品上市，全场五折【某店】回T退订"));
        assert!(has_opt_out_suffix("Big sale today! Reply STOP to opt out"));
        assert!(!has_opt_out_suffix("你的验证码是 1234，五分钟内有效"));
    }
}

//! The classifier's part of an SMS verdict: what the engine's classifier layer
//! (and the consent layer, which must know whether a message is commercial) asks.

use std::cell::Cell;

use crate::verdict::{Action, Category, Locale, Reason, ReasonCode};

pub(crate) use explain::note_range;

use super::explain;
use super::features::{extract, Feature};
use super::institutions::Institutions;
use super::model::Model;
use super::normalize::{normalize_text, EntityKind};
use super::policy::{Basis, SmsPolicy};
use super::scratch::Reused;
use super::signals::{analyse_read, asks_who, nothing_to_sell, offers, Evidence, Signals};
use crate::number::PhoneKey;

/// Bodies longer than this many bytes are screened on their first part only.
pub const MAX_SMS_BYTES: usize = 64 << 10;

/// Who sent a message: as the app gave it, and already read as a Chinese
/// number when the screener did so (the signals then need not read it again).
#[derive(Clone, Copy)]
pub(crate) struct Sender<'a> {
    pub raw: &'a str,
    pub cn_reading: Option<&'a PhoneKey>,
}

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
pub(crate) fn truncated_reason(l: Locale) -> Reason {
    let bytes = MAX_SMS_BYTES.to_string();
    let detail = match l {
        Locale::En => format!("only the first {bytes} bytes of the message were screened"),
        Locale::Zh => format!("短信过长，只检查了前{bytes}字节"),
    };
    Reason::new(ReasonCode::Note, "truncated", detail).arg("bytes", bytes)
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
        "退訂",
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

fn features(
    sender: &str,
    cn_reading: Option<&PhoneKey>,
    body: &str,
    model: Option<&Model>,
    inst: Option<&Institutions>,
) -> (super::normalize::Normalized, Signals, Reused<Feature>) {
    let n = normalize_text(body);
    let signals = analyse_read(&n, sender, cn_reading, inst);
    let mut feats = Reused::take(&FEATURES);
    // About 0.6 features per byte of text on our fixtures, at most ~0.95:
    // one feature per byte rarely grows and does not reserve 64 bytes a byte.
    feats.reserve(n.text().len() + 8);
    let opts = model.map(Model::feature_options).unwrap_or_default();
    extract(&n, &signals, opts, &mut feats);
    (n, signals, feats)
}

thread_local! {
    /// The features of the last message screened on this thread (reused).
    static FEATURES: Cell<Vec<Feature>> = const { Cell::new(Vec::new()) };
}

/// Hashed feature ids of a message, for the personal feedback adjustment.
pub(crate) fn feature_ids(
    model: Option<&Model>,
    inst: Option<&Institutions>,
    sender: &str,
    body: &str,
) -> Vec<u32> {
    let (_, _, feats) = features(sender, None, clip(body).0, model, inst);
    // Sender-type features say nothing about the text the user judged.
    feats
        .iter()
        .map(|f| (f.hash >> 32) as u32 ^ f.hash as u32)
        .collect()
}

fn shift(p: f32, delta: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    let z = (p / (1.0 - p)).ln() + delta;
    1.0 / (1.0 + (-z).exp())
}

/// Classifies a message with the bundle's model and institution table (each
/// optional in a bundle) and the phishing rule layer; `None` when there is
/// no model and the rules found no clear fraud.
/// `prior` is the sender range's hint in logit units (0 for none); `adjust`
/// returns the user's personal adjustment (logit units) for the features,
/// `None` when the user has reported no message (the adjustment is 0).
pub(crate) fn judge(
    model: Option<&Model>,
    inst: Option<&Institutions>,
    policy: &SmsPolicy,
    sender: Sender<'_>,
    body: &str,
    prior: f32,
    adjust: Option<impl Fn(&[u32]) -> f32>,
) -> Option<Judgement> {
    let l = policy.locale;
    let (n, signals, feats) = features(sender.raw, sender.cn_reading, body, model, inst);
    let evidence = signals.evidence();
    let opt_out = n.entities().iter().any(|e| e.kind == EntityKind::OptOut);
    let phishing = |strong: bool| {
        let (detail, spans, args) = explain::phishing_detail(&n, &signals, inst, strong, l);
        let mut r = Reason::new(ReasonCode::Phishing, "sms.phishing", detail).with_spans(spans);
        r.args = args;
        r
    };
    let Some(model) = model else {
        if evidence != Evidence::Strong {
            return None;
        }
        return Some(Judgement {
            category: Category::Fraud,
            score: 1.0,
            action: policy.action_for(Category::Fraud),
            reasons: vec![phishing(true)],
            opt_out,
        });
    };
    let mut scores = model.score_features(&n, &feats);
    // The ids only when the user has reported a message (most never do).
    let delta = adjust.map_or(0.0, |adjust| {
        let ids: Vec<u32> = feats
            .iter()
            .map(|f| (f.hash >> 32) as u32 ^ f.hash as u32)
            .collect();
        adjust(&ids)
    });
    if delta != 0.0 || prior != 0.0 {
        scores.spam = shift(scores.spam, delta + prior);
    }
    let mut d = policy.decide(&scores, evidence, signals.notice_shape());
    // Clear impersonation is fraud whatever the text model makes of it: a
    // phishing message is written to read like the notice it imitates.
    let strong = evidence == Evidence::Strong;
    if strong {
        d.action = policy.action_for(Category::Fraud);
        d.category = Category::Fraud;
        d.score = scores.spam.max(0.5);
        d.basis = Basis::Filed;
    }
    // A message whose only links are the institution's own sites is not
    // filed away on the text model's fraud reading: it stays in the inbox with
    // the note that it looked suspicious (a wrong block of a real notice costs
    // more, and a real notice is no promotion either).
    let filed = matches!(d.action, Action::Junk | Action::Promotion);
    if !strong && filed && d.category == Category::Fraud && signals.vouched() {
        d.action = Action::Allow;
        d.basis = Basis::Leaning;
    }
    // Trust is earned by evidence, and a shortened link hides the site it
    // opens: a notice carrying one is kept in the inbox, not marked trusted
    // (a courier's lure reads exactly like the courier's notice).
    if d.action == Action::Transaction && signals.links.iter().any(|l| l.shortener) {
        d.action = Action::Allow;
        d.basis = Basis::HiddenLink;
    }
    // Nor is a message that asks who the reader is: a business writing to
    // its customer knows whom it writes to (a wrong-number opener does not).
    if d.action == Action::Transaction && asks_who(&n) {
        d.action = Action::Allow;
        d.basis = Basis::AsksWho;
    }
    // A blessing or a forwarded saying with nothing to sell is no promotion
    // (old data sets file subscribed blessings as spam, and the model learnt
    // that); fraud evidence keeps a message filed.
    if !strong && filed && evidence == Evidence::None && nothing_to_sell(&n, &signals) {
        d.action = Action::Allow;
        d.category = Category::Personal;
        d.score = 1.0 - scores.spam;
        d.basis = Basis::Greeting;
    }
    // MIIT requires commercial messages to say how to opt out; a message that
    // does (回T退订, Reply STOP) is marketing by its own account, whatever the
    // training data's subscribed-shop "ham" taught the model. It gets the
    // policy's action for other promotions (promotion by default: still visible).
    // Banks, pharmacies and couriers append 回TD退订 / Reply STOP to notices
    // too: only a message the model already leans towards marketing on is
    // taken at its word, and one that reads as a notice needs more of a lean.
    // One with a notice's shape (a delivery, a bill, a code, an account
    // movement) and no offer is not taken at its word at all: US carriers
    // require a STOP line on every business text, notices included (probe4: a
    // UPS tracking notice and a PG&E bill were filed as promotions; no DEV
    // verdict moved). A promotion's `use code XTRA20` or `free delivery` is
    // no notice.
    let lean = match (d.action, d.category) {
        (_, Category::Fraud) => None,
        _ if opt_out && signals.notice_shape() && !offers(&n) => None,
        (Action::Allow, Category::Transaction) | (Action::Transaction, _) => {
            Some(OPT_OUT_LEAN_NOTICE)
        }
        (Action::Allow, _) => Some(OPT_OUT_LEAN_PERSONAL),
        _ => None,
    };
    let self_declared = !strong && opt_out && lean.is_some_and(|min| scores.spam >= min);
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
        d.basis = Basis::Filed;
    }
    let items = explain::evidence_items(body, &n, &signals, &scores.top, l);
    let mut reasons = Vec::new();
    if strong {
        reasons.push(phishing(true));
    }
    let shown = if matches!(d.basis, Basis::Leaning | Basis::Greeting) || strong {
        scores.unwanted.0
    } else {
        d.category
    };
    let probability = Prob(scores.spam).text();
    let mut source = String::with_capacity(16 + probability.len());
    source.push_str("sms.model:");
    source.push_str(shown.as_str());
    source.push(':');
    source.push_str(&probability);
    let mut classifier = Reason::new(
        ReasonCode::Classifier,
        source,
        explain::classifier_detail(shown, &items, l),
    )
    .with_spans(scores.top.iter().map(|c| c.span).collect());
    classifier.args.reserve_exact(2 + items.len());
    classifier = classifier
        .arg("category", shown.as_str())
        .arg("probability", probability);
    for item in items {
        classifier = classifier.arg("evidence", item);
    }
    reasons.push(classifier);
    if evidence == Evidence::Weak {
        reasons.push(phishing(false));
    }
    if delta != 0.0 {
        reasons.push(
            Reason::new(
                ReasonCode::Feedback,
                "personal-adjustment",
                explain::note_feedback(delta > 0.0, l),
            )
            .arg("towards_spam", if delta > 0.0 { "true" } else { "false" }),
        );
    }
    if self_declared {
        reasons.push(Reason::new(
            ReasonCode::Note,
            "opt-out-instruction",
            explain::note_opt_out(l),
        ));
    } else {
        let leaning = scores.unwanted.0;
        let note = match d.basis {
            Basis::Leaning => Some(("threshold", explain::note_leaning(leaning, l))),
            Basis::NoShape => Some(("no-notice-shape", explain::note_no_shape(l).to_string())),
            Basis::Vetoed => Some(("fraud-veto", explain::note_vetoed(l).to_string())),
            Basis::Unsure => Some(("unsure-notice", explain::note_unsure(l).to_string())),
            Basis::HiddenLink => Some(("hidden-link", explain::note_hidden_link(l).to_string())),
            Basis::AsksWho => Some(("asks-who", explain::note_asks_who(l).to_string())),
            Basis::Greeting => Some(("nothing-to-sell", explain::note_greeting(l).to_string())),
            _ => None,
        };
        if let Some((source, text)) = note {
            let note = Reason::new(ReasonCode::Note, source, text);
            reasons.push(match d.basis {
                Basis::Leaning => note.arg("category", leaning.as_str()),
                Basis::HiddenLink => note.arg("basis", "hidden_link"),
                Basis::AsksWho => note.arg("basis", "asks_who"),
                Basis::Greeting => note.arg("basis", "nothing_to_sell"),
                _ => note,
            });
        }
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

impl Prob {
    /// `0.00` to `1.00`, written digit by digit (once per message: the
    /// formatting machinery costs more than the rest of the reason).
    fn text(&self) -> String {
        let hundredths = (self.0.clamp(0.0, 1.0) * 100.0).round() as u8;
        let digit = |d: u8| char::from(b'0' + d);
        let mut s = String::with_capacity(4);
        s.push(digit(hundredths / 100));
        s.push('.');
        s.push(digit(hundredths % 100 / 10));
        s.push(digit(hundredths % 10));
        s
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
            assert_eq!(Prob(x).text(), format!("{x:.2}"), "{x}");
        }
        assert_eq!(Prob(1.5).text(), "1.00");
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

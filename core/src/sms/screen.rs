//! The SMS verdict: contacts, then the sender's list entry, then the classifier.

use crate::bundle::Bundle;
use crate::lists::ListAction;
use crate::number::{normalize as normalize_number, Region};
use crate::verdict::{Action, Reason, ReasonCode, Verdict};

use super::features::extract;
use super::normalize::normalize;
use super::policy::SmsPolicy;

/// Bodies longer than this many bytes are screened on their first part only.
pub const MAX_SMS_BYTES: usize = 64 << 10;

fn verdict(action: Action, sequence: u64) -> Verdict {
    Verdict {
        action,
        category: None,
        matched: None,
        label: None,
        score: None,
        reasons: Vec::new(),
        bundle_sequence: sequence,
    }
}

/// Decides on a message. Never fails on the body or an unreadable sender:
/// senders may be alphanumeric (`WAPPush`) or absent.
pub(crate) fn screen_sms(
    bundle: &Bundle,
    region: &Region,
    policy: &SmsPolicy,
    sender: &str,
    body: &str,
    is_contact: bool,
) -> Verdict {
    let sequence = bundle.metadata().sequence;
    if is_contact {
        let mut v = verdict(Action::Allow, sequence);
        v.reasons.push(Reason::new(
            ReasonCode::Contact,
            "contacts",
            "the sender is in your contacts",
        ));
        return v;
    }
    let mut v = verdict(Action::Allow, sequence);
    if let Ok(key) = normalize_number(sender, region) {
        let digits = key.digits();
        if let Some(m) = bundle.lists().lookup(digits) {
            let pattern = m.pattern(digits).to_string();
            let entry = m.entry;
            v.category = entry.category;
            v.label = Some(entry.label.clone()).filter(|l| !l.is_empty());
            v.matched = Some(pattern.clone());
            let decided = match entry.action {
                ListAction::Block | ListAction::Silence => Some(Action::Junk),
                ListAction::Allow => Some(Action::Allow),
                ListAction::Identify => None,
            };
            let detail = match decided {
                Some(a) => format!("sender matches list entry {pattern}: {a}"),
                None => format!("sender identified by list entry {pattern}"),
            };
            v.reasons
                .push(Reason::new(ReasonCode::ListEntry, &pattern, detail));
            if let Some(a) = decided {
                v.action = a;
                return v;
            }
        }
    }
    let Some(model) = bundle.sms_model() else {
        v.reasons.push(Reason::new(
            ReasonCode::Default,
            "default",
            "this bundle has no SMS model: allowed by default",
        ));
        return v;
    };
    let mut cut = body.len().min(MAX_SMS_BYTES);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let n = normalize(&body[..cut]);
    let mut feats = Vec::with_capacity(cut * 2);
    extract(&n, sender, &mut feats);
    let scores = model.score_features(&n, &feats);
    let d = policy.decide(&scores);
    v.action = d.action;
    // An Identify entry's category stays only if the text agrees it is unwanted.
    if !(v.category.is_some()
        && d.category.is_unwanted() == v.category.is_some_and(|c| c.is_unwanted()))
    {
        v.category = Some(d.category);
    }
    v.score = Some(d.score);
    let kinds: Vec<&str> = scores.top.iter().map(|c| c.kind.as_str()).collect();
    let detail = if kinds.is_empty() {
        format!("reads as {} (p={:.2})", d.category, d.score)
    } else {
        format!(
            "reads as {} (p={:.2}), mostly from {}",
            d.category,
            d.score,
            kinds.join(", ")
        )
    };
    v.reasons.push(
        Reason::new(ReasonCode::Classifier, "sms.model", detail)
            .with_spans(scores.top.iter().map(|c| c.span).collect()),
    );
    if d.fell_back {
        v.reasons.push(Reason::new(
            ReasonCode::Note,
            "threshold",
            format!(
                "looked like {} (p={:.2}) but below the threshold: kept",
                scores.unwanted.0, scores.spam
            ),
        ));
    }
    if cut < body.len() {
        v.reasons.push(Reason::new(
            ReasonCode::Note,
            "truncated",
            format!("only the first {MAX_SMS_BYTES} bytes of the message were screened"),
        ));
    }
    v
}

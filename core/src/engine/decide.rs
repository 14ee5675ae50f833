//! The precedence order of [`crate::engine`], as code: one decision over a
//! call or a message (a [`Channel`]). Layers 1–4 are written once for both;
//! then a call goes on to consent and behaviour (5–6), a message to the
//! classifier, with consent deciding between its judgement and its verdict
//! (5, 7); nothing decided is the default (8).
//!
//! A decision reads one snapshot of everything ([`Context`]) and changes
//! nothing: what it leaves behind (a call for the history, an evidence
//! record) the screener stores.

use super::consent::{is_commercial, EvidenceRecord};
use super::feedback::Channel;
use super::reasons;
use super::rules::{RuleSet, Subject};
use super::state::UserState;
use super::{Content, Moment};
use crate::lists::ListAction;
use crate::number::PhoneKey;
use crate::sms::policy::SmsPolicy;
use crate::sms::screen as sms;
use crate::verdict::{Action, Category, Reason, ReasonCode, Verdict};

/// What one decision reads: one snapshot of each part, so a swap in another
/// thread never mixes two bundles or two rule sets in one verdict.
pub(crate) struct Context<'a> {
    /// The bundle in force, decoded.
    pub content: &'a Content,
    /// The message policy (and the language of reasons).
    pub policy: &'a SmsPolicy,
    /// The user's rules.
    pub rules: &'a RuleSet,
    /// History, consent, feedback and the user's settings.
    pub user: &'a UserState,
    /// When the call or message arrived.
    pub at: Moment,
}

/// The call or message being screened.
#[derive(Clone, Copy)]
pub(crate) struct Incoming<'a> {
    /// A call or a message.
    pub channel: Channel,
    /// Canonical digits of the caller or sender, when it reads as a number.
    pub digits: Option<&'a str>,
    /// The key of the sender's consent and feedback records.
    pub key: &'a str,
    /// The sender as the app gave it (messages).
    pub sender: &'a str,
    /// The sender read as a Chinese number, when the region is China: the
    /// SMS signals read senders that way, and need not read it again (`None`:
    /// they read it themselves).
    pub cn_reading: Option<&'a PhoneKey>,
    /// The message body (messages); cut to [`sms::MAX_SMS_BYTES`] here.
    pub body: Option<&'a str>,
    /// The caller or sender is in the user's contacts.
    pub is_contact: bool,
}

/// A verdict and the evidence record it leaves (a message received after an
/// opt-out), for the screener to store.
pub(crate) struct Screened {
    /// The verdict, its deciding reason first.
    pub verdict: Verdict,
    /// A message from a sender the user opted out of.
    pub evidence: Option<EvidenceRecord>,
}

/// How a layer decided, for the repeated-call exception.
#[derive(Clone, Copy, PartialEq)]
enum Ground {
    /// A range: a prefix list entry, an escalated block of numbers.
    Range,
    /// Anything else: never bypassed.
    Firm,
}

impl Channel {
    /// A rule's or list's action as this channel knows it: calls allow,
    /// silence or block; messages allow or file (transaction, promotion, junk).
    pub(crate) fn action(self, a: Action) -> Action {
        match (self, a) {
            (Channel::Call, Action::Junk) => Action::Block,
            (Channel::Call, Action::Promotion) => Action::Silence,
            (Channel::Call, Action::Transaction) => Action::Allow,
            (Channel::Sms, Action::Block | Action::Silence) => Action::Junk,
            (_, other) => other,
        }
    }
}

/// Decides on one call or message (see the module docs for the order).
pub(crate) fn decide(cx: &Context<'_>, incoming: &Incoming<'_>) -> Screened {
    let (body, truncated) = match incoming.body {
        Some(b) => {
            let (b, cut) = sms::clip(b);
            (Some(b), cut)
        }
        None => (None, false),
    };
    let msg = Incoming { body, ..*incoming };
    let l = cx.policy.locale;
    let mut v = Verdict::new(cx.content.bundle.metadata().sequence);
    let mut evidence = None;
    let decided = match first_layers(cx, &msg, &mut v) {
        FirstLayers::Decided(ground) => Some(ground),
        FirstLayers::Open { nuisance_range } => match msg.channel {
            Channel::Call => call_layers(cx, &msg, nuisance_range, &mut v),
            Channel::Sms => message_layers(cx, &msg, nuisance_range, &mut v, &mut evidence),
        },
    };
    match (decided, msg.digits) {
        // The exception of the module docs of `engine`: a range-silenced
        // number that calls again within the repeat window rings through.
        (Some(Ground::Range), Some(d))
            if msg.channel == Channel::Call
                && matches!(v.action, Action::Block | Action::Silence) =>
        {
            let cfg = cx.user.behaviour;
            if let Some(ago) = cx.user.history.called_recently(d, cx.at.unix, &cfg) {
                v.action = Action::Allow;
                v.reasons.insert(0, reasons::repeat_call(ago / 60, l));
            }
        }
        (None, _) => v.reasons.insert(0, reasons::default(l)),
        _ => {}
    }
    if truncated {
        v.reasons.push(sms::truncated_reason(l));
    }
    Screened {
        verdict: v,
        evidence,
    }
}

/// What layers 1–4 leave to the rest.
enum FirstLayers {
    /// A layer decided.
    Decided(Ground),
    /// None did. `nuisance_range`: the number is in a range that counts
    /// against it without deciding (a nuisance block named by an `identify`
    /// entry; for messages also a `silence` range: millions of ordinary
    /// people text from those).
    Open { nuisance_range: bool },
}

/// Layers 1–4, the same for calls and messages.
fn first_layers(cx: &Context<'_>, msg: &Incoming<'_>, v: &mut Verdict) -> FirstLayers {
    let (l, user, ch) = (cx.policy.locale, cx.user, msg.channel);
    // 1: emergency and essential numbers.
    if msg
        .digits
        .is_some_and(|d| user.emergency.iter().any(|e| e == d))
    {
        v.decide(Action::Allow, reasons::emergency(l));
        return FirstLayers::Decided(Ground::Firm);
    }
    // 2: contacts, allow rules, "not spam" feedback.
    if msg.is_contact {
        v.decide(Action::Allow, reasons::contact(l));
        return FirstLayers::Decided(Ground::Firm);
    }
    let hits = cx.rules.matches(&Subject {
        digits: msg.digits,
        body: msg.body,
        minute_of_week: cx.at.minute_of_week,
    });
    if let Some(r) = hits.iter().find(|r| r.allows()) {
        v.category = r.category;
        v.decide(
            ch.action(r.action),
            reasons::rule(r, ch.action(r.action), l),
        );
        return FirstLayers::Decided(Ground::Firm);
    }
    let feedback = user.feedback.sender_override(ch, msg.key);
    if let Some(f) = feedback.filter(|f| !f.is_spam) {
        v.decide(Action::Allow, reasons::feedback(f, l));
        return FirstLayers::Decided(Ground::Firm);
    }
    // 3: block rules, "spam" feedback.
    if let Some(r) = hits.first() {
        v.category = r.category;
        v.decide(
            ch.action(r.action),
            reasons::rule(r, ch.action(r.action), l),
        );
        return FirstLayers::Decided(Ground::Firm);
    }
    if let Some(f) = feedback {
        v.decide(ch.action(Action::Block), reasons::feedback(f, l));
        return FirstLayers::Decided(Ground::Firm);
    }
    // 4: the bundle's lists.
    let Some(digits) = msg.digits else {
        return FirstLayers::Open {
            nuisance_range: false,
        };
    };
    let Some(m) = cx.content.bundle.lists().lookup(digits) else {
        return FirstLayers::Open {
            nuisance_range: false,
        };
    };
    let pattern = m.pattern(digits).to_string();
    let entry = m.entry;
    v.category = entry.category;
    v.label = Some(entry.label.clone()).filter(|l| !l.is_empty());
    v.matched = Some(pattern.clone());
    let range = !m.exact;
    let nuisance = range
        && match entry.action {
            ListAction::Identify => entry.category.is_some_and(|c| c.is_unwanted()),
            ListAction::Silence => ch == Channel::Sms,
            ListAction::Allow | ListAction::Block => false,
        };
    if nuisance && ch == Channel::Sms {
        // A hint for messages: it moves the spam score (`message_layers`).
        let mut note = Reason::new(
            ReasonCode::ListEntry,
            pattern.clone(),
            sms::note_range(&entry.label, l),
        )
        .arg("pattern", pattern);
        if !entry.label.is_empty() {
            note = note.arg("label", entry.label.clone());
        }
        v.reasons.push(note);
        return FirstLayers::Open {
            nuisance_range: true,
        };
    }
    // A bundle's `allow` only names a message's sender: fake base stations
    // send as 10086 or 95588, so the content is still screened (the
    // institution check then knows the sender is official).
    let action = match entry.action {
        ListAction::Allow if ch == Channel::Sms => ListAction::Identify,
        a => a,
    };
    let reason = reasons::list(&pattern, entry.category, &entry.label, action, l);
    match action.call_action() {
        Some(action) => {
            v.decide(ch.action(action), reason);
            FirstLayers::Decided(if range { Ground::Range } else { Ground::Firm })
        }
        None => {
            v.reasons.push(reason);
            FirstLayers::Open {
                nuisance_range: nuisance,
            }
        }
    }
}

/// Layers 5–6 for a call: withdrawn consent, then rotating-number ranges.
/// A named nuisance range escalates one report sooner.
fn call_layers(
    cx: &Context<'_>,
    msg: &Incoming<'_>,
    named_range: bool,
    v: &mut Verdict,
) -> Option<Ground> {
    let (l, user) = (cx.policy.locale, cx.user);
    let digits = msg.digits?;
    if let Some(c) = user.consent.get(digits).filter(|c| c.state.withdrawn()) {
        v.decide(Action::Block, reasons::consent_withdrawn(c, l));
        return Some(Ground::Firm);
    }
    let mut behaviour = user.behaviour;
    if named_range && behaviour.escalate_after > 1 {
        behaviour.escalate_after -= 1;
    }
    let e = user.history.escalation(digits, cx.at.unix, &behaviour)?;
    let days = user.behaviour.window_secs / 86_400;
    v.decide(
        Action::Silence,
        reasons::escalated(&e.range, e.numbers, days, named_range, l),
    );
    if v.category.is_none() {
        v.category = Some(Category::Harassment);
    }
    Some(Ground::Range)
}

/// Layers 5 and 7 for a message: the classifier judges, and the sender's
/// consent record decides a commercial message before that judgement does.
fn message_layers(
    cx: &Context<'_>,
    msg: &Incoming<'_>,
    range_hint: bool,
    v: &mut Verdict,
    evidence: &mut Option<EvidenceRecord>,
) -> Option<Ground> {
    let (l, user, policy) = (cx.policy.locale, cx.user, cx.policy);
    let body = msg.body.unwrap_or("");
    let prior = if range_hint { policy.range_prior } else { 0.0 };
    let judged = sms::judge(
        cx.content.sms_model(),
        cx.content.institutions(),
        policy,
        sms::Sender {
            raw: msg.sender,
            cn_reading: msg.cn_reading,
        },
        body,
        prior,
        user.feedback
            .has_message_reports()
            .then_some(|ids: &[u32]| user.feedback.adjustment(ids, cx.at.unix)),
    );
    let commercial = match &judged {
        Some(j) => is_commercial(Some(j.category)) || j.opt_out,
        None => sms::has_opt_out_suffix(body),
    };
    if let Some(c) = user.consent.get(msg.key).filter(|_| commercial) {
        if c.state.withdrawn() {
            v.category = judged.as_ref().map(|j| j.category).or(v.category);
            v.decide(Action::Junk, reasons::consent_withdrawn(c, l));
            *evidence = Some(EvidenceRecord {
                sender: msg.key.to_string(),
                received_unix: cx.at.unix,
                category: v.category.map(|c| c.as_str().to_string()),
                withdrawn_unix: c.at_unix,
                body: user.keep_evidence_bodies.then(|| body.to_string()),
            });
            return Some(Ground::Firm);
        }
        if judged
            .as_ref()
            .is_none_or(|j| j.category != Category::Fraud)
        {
            v.category = judged.as_ref().map(|j| j.category);
            v.decide(Action::Allow, reasons::consent_given(c, l));
            return Some(Ground::Firm);
        }
    }
    let j = judged?;
    v.category = Some(j.category);
    v.score = Some(j.score);
    v.action = j.action;
    v.reasons.splice(0..0, j.reasons);
    Some(Ground::Firm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_channel_reads_an_action_in_its_own_terms() {
        use Action::*;
        let table = [
            (Allow, Allow, Allow),
            (Silence, Silence, Junk),
            (Block, Block, Junk),
            (Transaction, Allow, Transaction),
            (Promotion, Silence, Promotion),
            (Junk, Block, Junk),
        ];
        for (given, call, message) in table {
            assert_eq!(Channel::Call.action(given), call, "{given} for a call");
            assert_eq!(Channel::Sms.action(given), message, "{given} for a message");
        }
    }
}

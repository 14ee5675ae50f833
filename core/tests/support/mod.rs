//! What the core's integration tests share: bundles built from list CSV, the
//! probe bundle whose answer shows which bundle made it, refusals unpacked,
//! the layers of the precedence order and the set-up that makes each fire.
//! Each test file uses part of it.
#![allow(dead_code)]

use burao_core::bundle::{BundleError, BundleWriter, Metadata};
use burao_core::engine::consent::ConsentState;
use burao_core::engine::history::Outcome;
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::{Action, Error, ReasonCode, Screener};

/// The header line of a list CSV.
pub const CSV_HEAD: &str = "pattern,category,action,label\n";

/// The one number the probe bundles answer for.
pub const PROBE: &str = "13800138000";

/// A bundle writer holding the list built from the CSV `rows` (no header), in
/// the national forms of `meta.region`.
pub fn list_bundle(meta: Metadata, rows: &str) -> BundleWriter {
    let mut lists = ListBuilder::new(Region::parse(&meta.region).unwrap());
    lists
        .add_csv("t.csv", &format!("{CSV_HEAD}{rows}"), ListAction::Block)
        .unwrap();
    BundleWriter::new(meta).lists(&lists.build().unwrap())
}

/// Chinese metadata named "t" with `sequence` as its sequence and version.
pub fn sequenced(sequence: u64) -> Metadata {
    let mut m = Metadata::new("t", &sequence.to_string(), "CN");
    m.sequence = sequence;
    m
}

/// A bundle whose answer for [`PROBE`] depends on `sequence` (odd: block,
/// even: silence; labelled `seq{sequence}`), so a verdict shows which bundle
/// made it.
pub fn probe_bundle(sequence: u64) -> Vec<u8> {
    let action = if sequence % 2 == 1 {
        "block"
    } else {
        "silence"
    };
    let row = format!("{PROBE},harassment,{action},seq{sequence}\n");
    list_bundle(sequenced(sequence), &row).to_bytes()
}

/// The action for a call from `number` and the sequence of the bundle that
/// decided it.
pub fn answer(s: &Screener, number: &str) -> (Action, u64) {
    let v = s.screen_call_at(number, false, 0).unwrap();
    (v.action, v.bundle_sequence)
}

/// The bundle error of a refusal (panics on success or on another error).
pub fn bundle_err<T>(r: Result<T, Error>) -> BundleError {
    match r {
        Err(Error::Bundle(b)) => b,
        Err(e) => panic!("expected a bundle refusal, got {e:?}"),
        Ok(_) => panic!("expected a bundle refusal, got a success"),
    }
}

/// Declares [`Layer`] and [`Layer::ALL`] from one list, so the order cannot
/// drift from the variants.
macro_rules! layers {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        /// The decision layers, in the engine's precedence order (calls have
        /// no classifier, messages no behaviour layer).
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Layer {
            $($(#[$doc])* $name,)+
        }

        impl Layer {
            /// Every layer, earliest first.
            pub const ALL: &[Layer] = &[$(Layer::$name,)+];
        }
    };
}

layers! {
    /// The sender is an emergency number.
    Emergency,
    /// The sender is a contact.
    Contact,
    /// A user rule allows the sender.
    AllowRule,
    /// The user said the sender is not spam.
    NotSpamFeedback,
    /// A user rule blocks the sender.
    BlockRule,
    /// The user said the sender is spam.
    SpamFeedback,
    /// The bundle's list holds the sender.
    List,
    /// The sender has no consent (refused or opted out).
    Consent,
    /// The sender's number range was declined again and again (calls).
    Behaviour,
    /// The SMS model (messages).
    Classifier,
}

impl Layer {
    /// The reason a layer gives when it decides, with its action for a call
    /// and for a message (`None`: the layer does not apply to that channel, or
    /// the action is the model's own and not pinned).
    pub fn decides(self) -> (ReasonCode, Option<Action>, Option<Action>) {
        use Action::*;
        let (code, call, sms) = match self {
            Layer::Emergency => (ReasonCode::Emergency, Some(Allow), Some(Allow)),
            Layer::Contact => (ReasonCode::Contact, Some(Allow), Some(Allow)),
            Layer::AllowRule => (ReasonCode::UserRule, Some(Allow), Some(Transaction)),
            Layer::NotSpamFeedback => (ReasonCode::Feedback, Some(Allow), Some(Allow)),
            Layer::BlockRule => (ReasonCode::UserRule, Some(Block), Some(Junk)),
            Layer::SpamFeedback => (ReasonCode::Feedback, Some(Block), Some(Junk)),
            // An exact entry, so the repeat-call exception for ranges stays
            // out of the way. Messages: a block entry, since a bundle's allow
            // entry only names a message's sender (the text is still read).
            Layer::List => (ReasonCode::ListEntry, Some(Block), Some(Junk)),
            Layer::Consent => (ReasonCode::Consent, Some(Block), Some(Junk)),
            Layer::Behaviour => (ReasonCode::Behaviour, Some(Silence), None),
            Layer::Classifier => (ReasonCode::Classifier, None, None),
        };
        (code, call, sms)
    }
}

/// The time the precedence tests screen at; each layer's record is made before it.
pub const T0: i64 = 1_796_000_000;

/// How one channel's test makes each layer fire for its sender.
pub struct Setup<'a> {
    /// The caller or sender.
    pub sender: &'a str,
    /// The message the feedback is about (`None` for calls).
    pub body: Option<&'a str>,
    /// The action of the rule that allows the sender.
    pub allow_action: &'a str,
    /// A rule (JSON object) that blocks the sender.
    pub block_rule: &'a str,
    /// The consent record that refuses the sender, and its source.
    pub no_consent: (ConsentState, &'a str),
}

impl<'a> Setup<'a> {
    /// The fields in their order.
    pub const fn new(
        sender: &'a str,
        body: Option<&'a str>,
        allow_action: &'a str,
        block_rule: &'a str,
        no_consent: (ConsentState, &'a str),
    ) -> Setup<'a> {
        Setup {
            sender,
            body,
            allow_action,
            block_rule,
            no_consent,
        }
    }
}

impl Setup<'_> {
    /// Sets `layers` up to fire for the sender; true if the sender is a contact.
    /// The list layer is in the bundle, the classifier in the model.
    pub fn enable(&self, s: &Screener, layers: &[Layer]) -> bool {
        let (sender, t0) = (self.sender, T0);
        let mut rules = Vec::new();
        for l in layers {
            match l {
                Layer::Emergency => s.set_emergency_numbers(&[sender.to_string()]).unwrap(),
                Layer::AllowRule => rules.push(format!(
                    r#"{{"id":"allow","number":"{sender}","action":"{}"}}"#,
                    self.allow_action
                )),
                Layer::BlockRule => rules.push(self.block_rule.to_string()),
                Layer::NotSpamFeedback | Layer::SpamFeedback => {
                    let spam = *l == Layer::SpamFeedback;
                    s.report_feedback(sender, self.body, spam, t0 - 10).unwrap();
                }
                Layer::Consent => {
                    let (state, source) = self.no_consent;
                    s.record_consent(sender, state, source, t0 - 100).unwrap();
                }
                Layer::Behaviour => {
                    // Three other numbers of the sender's block, declined.
                    let block = &sender[..sender.len() - 2];
                    for i in 1..=3 {
                        let n = format!("{block}{i:02}");
                        s.screen_call_at(&n, false, t0 - 3600 * i).unwrap();
                        s.report_call_outcome(&n, Outcome::Declined).unwrap();
                    }
                }
                Layer::Contact | Layer::List | Layer::Classifier => {}
            }
        }
        if !rules.is_empty() {
            s.set_rules(&format!(r#"{{"schema":1,"rules":[{}]}}"#, rules.join(",")))
                .unwrap();
        }
        layers.contains(&Layer::Contact)
    }
}

/// Every ordered pair of `order`'s layers (earlier first) a test must check,
/// leaving out the two feedback layers together: one sender's reports, the
/// latest wins.
pub fn pairs(order: &[Layer]) -> Vec<(Layer, Layer)> {
    let mut out = Vec::new();
    for (i, &first) in order.iter().enumerate() {
        for &second in &order[i + 1..] {
            if (first, second) != (Layer::NotSpamFeedback, Layer::SpamFeedback) {
                out.push((first, second));
            }
        }
    }
    out
}

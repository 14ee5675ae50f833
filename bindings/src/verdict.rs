//! Verdicts as Kotlin and Swift see them. The enums are the core's own
//! (`#[uniffi::remote]`: the compiler checks each variant list against the
//! core's enum, and no conversion is written); `Verdict`, `Reason` and `Span`
//! are copies because their integers are signed here (see `convert`).

use std::fmt;

pub use burao_core::{Action, Category, ReasonCode};

use crate::convert::{hide_digits, signed, signed32};

/// What the app should do with a call or message.
#[uniffi::remote(Enum)]
pub enum Action {
    /// Let it through.
    Allow,
    /// Let the call ring silently (it still shows in the call log).
    Silence,
    /// Reject the call.
    Block,
    /// A legitimate transactional message (codes, bank notices, deliveries).
    Transaction,
    /// A marketing message the user may still want to see, filed apart.
    Promotion,
    /// Spam or fraud: filed as junk.
    Junk,
}

/// What kind of caller or message it is.
#[uniffi::remote(Enum)]
pub enum Category {
    /// Loans, credit, card cash-out, 理财 investment pitches.
    Loan,
    /// Insurance sales.
    Insurance,
    /// Real-estate sales and rentals.
    RealEstate,
    /// Any other marketing.
    OtherPromo,
    /// Scams, phishing, impersonation, gambling.
    Fraud,
    /// Nuisance callers with no known trade.
    Harassment,
    /// Legitimate transactional messages.
    Transaction,
    /// Legitimate personal messages.
    Personal,
}

// The core's enum is `#[non_exhaustive]`: a code added there must be added
// here too, or lowering it panics (an `InternalException`, not a wrong code);
// `the_reason_code_mirror_lists_every_core_code` compares the two lists.
/// Which layer of the engine a reason comes from, in precedence order.
#[uniffi::remote(Enum)]
#[non_exhaustive]
pub enum ReasonCode {
    /// The app marked the number as an emergency or essential service.
    Emergency,
    /// The caller is in the user's contacts.
    Contact,
    /// A user rule matched (`source` is the rule id).
    UserRule,
    /// The user reported this sender as spam or not spam.
    Feedback,
    /// A list entry of the bundle matched.
    ListEntry,
    /// The sender's consent record decided (the MIIT rule).
    Consent,
    /// Phishing or impersonation: the message claims an institution its sender
    /// or links do not belong to, or links to a look-alike site.
    Phishing,
    /// Behaviour signals: a rotating-number range, a repeated call.
    Behaviour,
    /// The text classifier scored the message.
    Classifier,
    /// Nothing matched: the default applies.
    Default,
    /// A note that does not decide.
    Note,
}

/// One step of the explanation of a verdict.
#[derive(Clone, PartialEq, uniffi::Record)]
pub struct Reason {
    /// The layer that fired.
    pub code: ReasonCode,
    /// What fired within it: a list pattern (`+86170*`), a rule id, a feature.
    pub source: String,
    /// A sentence for people.
    pub detail: String,
    /// For the classifier: where in the message body it looked (character offsets).
    pub spans: Vec<Span>,
    /// The named values `detail` is built from, in order (the bindings README
    /// lists the names); never the screened number or the message body.
    #[uniffi(default)]
    pub args: Vec<ReasonArg>,
}

/// One named value of a reason (rule_id, date, minutes …).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReasonArg {
    /// A stable snake-case name.
    pub name: String,
    /// A code (`loan`), a number, a date or the words `detail` shows.
    pub value: String,
}

/// A range of characters `[start, end)` in the original message body
/// (Unicode code points, not UTF-16 units: convert before indexing a Kotlin
/// or Java `String`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Span {
    /// First character.
    pub start: i32,
    /// One past the last character.
    pub end: i32,
}

/// The decision on one call or message, with its explanation.
#[derive(Clone, PartialEq, uniffi::Record)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// What it is, when known.
    pub category: Option<Category>,
    /// The list pattern that matched (`+86170*` or an exact `+8613800138000`).
    pub matched: Option<String>,
    /// The matched list entry's label.
    pub label: Option<String>,
    /// The classifier's probability for the category, for messages.
    pub score: Option<f32>,
    /// Why, in the order the layers fired; the deciding reason first.
    pub reasons: Vec<Reason>,
    /// The sequence number of the bundle that made the decision.
    pub bundle_sequence: i64,
}

impl From<burao_core::Verdict> for Verdict {
    fn from(v: burao_core::Verdict) -> Verdict {
        let reason = |r: burao_core::Reason| Reason {
            code: r.code,
            source: r.source,
            detail: r.detail,
            spans: r
                .spans
                .into_iter()
                .map(|s| Span {
                    start: signed32(s.start),
                    end: signed32(s.end),
                })
                .collect(),
            args: {
                let mut args = Vec::with_capacity(r.args.len());
                for a in r.args {
                    args.push(ReasonArg {
                        name: a.name.into(),
                        value: a.value,
                    });
                }
                args
            },
        };
        Verdict {
            action: v.action,
            category: v.category,
            matched: v.matched,
            label: v.label,
            score: v.score,
            reasons: v.reasons.into_iter().map(reason).collect(),
            bundle_sequence: signed(v.bundle_sequence),
        }
    }
}

// As the core's: `matched` and `source` can hold the caller's number, and a
// reason that points into the message may quote it.
impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = if self.spans.is_empty() {
            hide_digits(&self.detail)
        } else {
            format!(
                "<{} chars, quotes the message>",
                self.detail.chars().count()
            )
        };
        f.debug_struct("Reason")
            .field("code", &self.code)
            .field("source", &hide_digits(&self.source))
            .field("detail", &detail)
            .field("spans", &self.spans)
            .field("args", &self.args)
            .finish()
    }
}

// As the core's: an argument taken from the message shows its size only.
impl fmt::Debug for ReasonArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if burao_core::QUOTING_ARGS.contains(&self.name.as_str()) {
            write!(f, "{}=<{} chars>", self.name, self.value.chars().count())
        } else {
            write!(f, "{}={}", self.name, hide_digits(&self.value))
        }
    }
}

impl fmt::Debug for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verdict")
            .field("action", &self.action)
            .field("category", &self.category)
            .field("matched", &self.matched.as_deref().map(hide_digits))
            .field("label", &self.label.as_deref().map(hide_digits))
            .field("score", &self.score)
            .field("reasons", &self.reasons)
            .field("bundle_sequence", &self.bundle_sequence)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    /// The variant names of `pub enum NAME {` in a source text.
    fn variants(src: &str, name: &str) -> Vec<String> {
        let header = format!("pub enum {name} {{");
        let at = src.find(&header).unwrap_or_else(|| panic!("no {header}"));
        let body = &src[at + header.len()..];
        body[..body.find('}').unwrap()]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
            .map(|l| l.trim_end_matches(',').to_string())
            .collect()
    }

    #[test]
    fn the_reason_code_mirror_lists_every_core_code() {
        // The core's enum is #[non_exhaustive], so the compiler cannot see a code
        // missing here (lowering it would panic): the two lists are compared.
        let core = variants(include_str!("../../core/src/verdict.rs"), "ReasonCode");
        let ours = variants(include_str!("verdict.rs"), "ReasonCode");
        assert!(
            core.len() >= 11 && core.contains(&"Note".to_string()),
            "{core:?}"
        );
        assert_eq!(ours, core);
    }
}

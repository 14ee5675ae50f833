//! The vocabulary of decisions: [`Action`], [`Category`], [`Reason`],
//! [`Span`] and [`Verdict`]. It uses nothing of the crate but the redacting
//! helpers, so every layer can speak it.

use std::fmt;

use crate::redact::hide_digit_runs;

/// A half-open range of character offsets in the original message body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First character (counted in Unicode scalar values).
    pub start: u32,
    /// One past the last character.
    pub end: u32,
}

/// What the app should do with a call or message.
///
/// Calls use `Allow`, `Silence` and `Block`; messages use `Allow`,
/// `Transaction`, `Promotion` and `Junk` (the iOS message-filter actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

impl Action {
    /// Stable lower-case name, as used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Silence => "silence",
            Action::Block => "block",
            Action::Transaction => "transaction",
            Action::Promotion => "promotion",
            Action::Junk => "junk",
        }
    }

    /// Parses the name given by [`Action::as_str`].
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s.trim() {
            "allow" => Action::Allow,
            "silence" => Action::Silence,
            "block" => Action::Block,
            "transaction" => Action::Transaction,
            "promotion" => Action::Promotion,
            "junk" => Action::Junk,
            _ => return None,
        })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of caller or message it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Nuisance callers with no known trade (virtual-operator ranges, robocalls).
    Harassment,
    /// Legitimate transactional messages.
    Transaction,
    /// Legitimate personal messages.
    Personal,
}

impl Category {
    /// Every category, in a fixed order.
    pub const ALL: [Category; 8] = [
        Category::Loan,
        Category::Insurance,
        Category::RealEstate,
        Category::OtherPromo,
        Category::Fraud,
        Category::Harassment,
        Category::Transaction,
        Category::Personal,
    ];

    /// Stable snake-case name (`real_estate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Loan => "loan",
            Category::Insurance => "insurance",
            Category::RealEstate => "real_estate",
            Category::OtherPromo => "other_promo",
            Category::Fraud => "fraud",
            Category::Harassment => "harassment",
            Category::Transaction => "transaction",
            Category::Personal => "personal",
        }
    }

    /// Parses the name given by [`Category::as_str`].
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    /// True for the unwanted kinds (everything but transaction and personal).
    pub fn is_unwanted(self) -> bool {
        !matches!(self, Category::Transaction | Category::Personal)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which layer of the engine a reason comes from, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Phishing or impersonation: the message claims an institution its
    /// sender or links do not belong to, or links to a look-alike site.
    Phishing,
    /// Behaviour signals: a rotating-number range, a repeated call.
    Behaviour,
    /// The text classifier scored the message.
    Classifier,
    /// Nothing matched: the default applies.
    Default,
    /// A note that does not decide (e.g. the input was truncated).
    Note,
}

impl ReasonCode {
    /// Stable snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Emergency => "emergency",
            ReasonCode::Contact => "contact",
            ReasonCode::UserRule => "user_rule",
            ReasonCode::Feedback => "feedback",
            ReasonCode::ListEntry => "list_entry",
            ReasonCode::Consent => "consent",
            ReasonCode::Phishing => "phishing",
            ReasonCode::Behaviour => "behaviour",
            ReasonCode::Classifier => "classifier",
            ReasonCode::Default => "default",
            ReasonCode::Note => "note",
        }
    }
}

/// One step of the explanation of a verdict.
#[derive(Clone, PartialEq)]
pub struct Reason {
    /// The layer that fired.
    pub code: ReasonCode,
    /// What fired within it: a list pattern (`+86170*`), a rule id, a feature.
    pub source: String,
    /// A sentence for people.
    pub detail: String,
    /// Where in the original message body the reason points (character
    /// offsets); empty for reasons about the sender or the whole message.
    pub spans: Vec<Span>,
    /// The named values `detail` is built from, in order (see
    /// [`REASON_ARG_NAMES`]); a name may repeat for a list (`evidence`).
    pub args: Vec<ReasonArg>,
}

/// One named value of a [`Reason`]: a stable snake-case name from
/// [`REASON_ARG_NAMES`] and its value as text. An argument never holds the
/// screened number or the message body; at most the few words of the
/// message that `detail` quotes (`evidence`).
#[derive(Clone, PartialEq, Eq)]
pub struct ReasonArg {
    /// A name from [`REASON_ARG_NAMES`].
    pub name: &'static str,
    /// The value: a stable code (`loan`, `block`, `true`), a decimal number,
    /// a `YYYY-MM-DD` date, or the text `detail` shows (a rule id, a name).
    pub value: String,
}

/// Every argument name a reason can carry, with what it holds; the table of
/// `bindings/README.md` lists the same names (a test compares them).
pub const REASON_ARG_NAMES: &[(&str, &str)] = &[
    ("action", "the action the reason speaks of: allow, silence, block, transaction, promotion, junk"),
    ("category", "a category code: loan, insurance, real_estate, other_promo, fraud, harassment, transaction, personal"),
    ("label", "the list entry's label, as the bundle writes it"),
    ("pattern", "the list prefix pattern that matched (+86170*); never an exact number"),
    ("rule_id", "the id of the user's rule"),
    ("rule_note", "the note the user gave the rule"),
    ("feedback_id", "the id of the user's feedback record"),
    ("spam", "true when the user reported spam, false for not spam"),
    ("date", "the day of the user's report or consent record, YYYY-MM-DD (UTC)"),
    ("consent_state", "consented, refused or opted_out"),
    ("reply", "the reply the user opted out with (TD)"),
    ("minutes", "minutes since the previous call of the same number"),
    ("count", "how many different numbers of the block were declined or reported"),
    ("days", "the window those numbers were counted in, in days"),
    ("named_range", "true when the block lies in a range the bundle names as a nuisance"),
    ("probability", "the classifier's spam probability, two decimals (0.93)"),
    ("evidence", "one deciding word of the message or a named structure (a short link), as detail shows it; repeats"),
    ("institution", "the institution the message claims to be, as detail names it"),
    ("official_sender", "the institution's own sender numbers, joined by /"),
    ("domain", "a web address the message links to; repeats"),
    ("tld", "the throw-away top-level domain a link uses (vip), when detail names only that"),
    ("lookalike_of", "the institution a look-alike link imitates"),
    ("request", "what the message asks for: transfer, add_contact, download, call_back, verify_deadline, share_code, new_number, fake_documents; repeats"),
    ("basis", "why a note kept the message in the inbox: hidden_link (a notice's link is shortened), asks_who (a notice that asks who the reader is), nothing_to_sell (a greeting or forwarded saying)"),
    ("towards_spam", "true when the user's earlier reports moved the score towards spam"),
    ("bytes", "how many bytes of the message were screened"),
    ("error", "why the user state could not be saved"),
];

/// Appends one argument (out of line: reasons are built in many places, and
/// the phone library's size is budgeted).
#[inline(never)]
pub(crate) fn push_arg(args: &mut Vec<ReasonArg>, name: &'static str, value: String) {
    debug_assert!(
        REASON_ARG_NAMES.iter().any(|(n, _)| *n == name),
        "undocumented reason argument {name}"
    );
    args.push(ReasonArg { name, value });
}

/// Argument names whose values come from (or name what is in) the user's
/// message: `Debug` shows their size only.
pub const QUOTING_ARGS: &[&str] = &["evidence", "domain", "tld", "institution", "lookalike_of"];

impl Reason {
    /// Builds a reason.
    pub fn new(code: ReasonCode, source: impl Into<String>, detail: impl Into<String>) -> Reason {
        Reason {
            code,
            source: source.into(),
            detail: detail.into(),
            spans: Vec::new(),
            args: Vec::new(),
        }
    }

    /// The same reason with one more argument; `name` comes from
    /// [`REASON_ARG_NAMES`] (checked in debug builds).
    #[inline(never)]
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Reason {
        push_arg(&mut self.args, name, value.into());
        self
    }

    /// The value of the first argument called `name`.
    pub fn arg_value(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The same reason, pointing at spans of the message body.
    pub fn with_spans(mut self, spans: Vec<Span>) -> Reason {
        self.spans = spans;
        self
    }
}

/// The decision on one call or message, with its explanation.
#[derive(Clone, PartialEq)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// What it is, when known.
    pub category: Option<Category>,
    /// The list pattern that matched, written `+86170*` (prefix) or `+8613800138000`.
    pub matched: Option<String>,
    /// The matched list entry's label.
    pub label: Option<String>,
    /// The classifier's probability for the category, for messages.
    pub score: Option<f32>,
    /// Why, in the order the layers fired; the deciding reason first.
    pub reasons: Vec<Reason>,
    /// The sequence number of the bundle that made the decision.
    pub bundle_sequence: u64,
}

impl Verdict {
    /// An allow with no reasons yet, from the bundle with `bundle_sequence`.
    pub(crate) fn new(bundle_sequence: u64) -> Verdict {
        Verdict {
            action: Action::Allow,
            category: None,
            matched: None,
            label: None,
            score: None,
            reasons: Vec::new(),
            bundle_sequence,
        }
    }

    /// Sets the action; the deciding reason goes first, earlier notes follow.
    pub(crate) fn decide(&mut self, action: Action, reason: Reason) {
        self.action = action;
        self.reasons.insert(0, reason);
    }
}

/// The language of reason texts (`Reason::detail`). English by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Locale {
    /// Reads a language tag: `en…` is English, `zh…` Chinese.
    pub fn parse(tag: &str) -> Option<Locale> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "en" || t.starts_with("en-") || t.starts_with("en_") {
            Some(Locale::En)
        } else if t == "zh" || t.starts_with("zh-") || t.starts_with("zh_") {
            Some(Locale::Zh)
        } else {
            None
        }
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A reason that points into the message may quote it: its text is
        // the user's message, so Debug shows its size only.
        let detail = if self.spans.is_empty() {
            hide_digit_runs(&self.detail)
        } else {
            format!(
                "<{} chars, quotes the message>",
                self.detail.chars().count()
            )
        };
        f.debug_struct("Reason")
            .field("code", &self.code)
            .field("source", &hide_digit_runs(&self.source))
            .field("detail", &detail)
            .field("args", &self.args)
            .finish()
    }
}

impl fmt::Debug for ReasonArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if QUOTING_ARGS.contains(&self.name) {
            write!(f, "{}=<{} chars>", self.name, self.value.chars().count())
        } else {
            write!(f, "{}={}", self.name, hide_digit_runs(&self.value))
        }
    }
}

impl fmt::Debug for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verdict")
            .field("action", &self.action)
            .field("category", &self.category)
            .field("matched", &self.matched.as_deref().map(hide_digit_runs))
            .field("label", &self.label)
            .field("score", &self.score)
            .field("reasons", &self.reasons)
            .field("bundle_sequence", &self.bundle_sequence)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_numbers() {
        assert_eq!(
            hide_digit_runs("+8613800138000 and 95588, 110"),
            "+############# and #####, 110"
        );
        let v = Verdict {
            action: Action::Block,
            category: None,
            matched: Some("+8613800138000".into()),
            label: None,
            score: None,
            reasons: vec![Reason::new(
                ReasonCode::ListEntry,
                "+8613800138000",
                "by +8613800138000",
            )],
            bundle_sequence: 1,
        };
        let dump = format!("{v:?}");
        assert!(!dump.contains("13800138000"), "{dump}");
    }
}

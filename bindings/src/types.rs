//! Records and enums exported to Kotlin and Swift, mirroring the core's types
//! under the same names, with the `From` conversions from them. Nothing else
//! converts between the two layers. Every integer is signed (see `convert`).

use crate::convert::{signed, signed32};

/// What the app should do with a call or message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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

/// Which layer of the engine a reason comes from, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Reason {
    /// The layer that fired.
    pub code: ReasonCode,
    /// What fired within it: a list pattern (`+86170*`), a rule id, a feature.
    pub source: String,
    /// A sentence for people.
    pub detail: String,
    /// For the classifier: where in the message body it looked (character offsets).
    pub spans: Vec<Span>,
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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

/// Who made a bundle, when, for which region.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Metadata {
    /// A name for people ("burao-default").
    pub name: String,
    /// A free-form version string.
    pub version: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_unix: i64,
    /// The region whose national forms the lists were written in.
    pub region: String,
    /// Monotonic sequence number.
    pub sequence: i64,
}

/// One named section of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleSection {
    /// Section name (`lists.fst`).
    pub name: String,
    /// Size in bytes.
    pub size: i64,
}

/// A summary of a bundle and what it can do. Without an SMS model
/// (`hasSmsModel` false) its text classifier is off: an app that filters
/// messages should refuse it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleInfo {
    /// The bundle's metadata.
    pub metadata: Metadata,
    /// Total size in bytes.
    pub size: i64,
    /// Number of list patterns.
    pub patterns: i64,
    /// Number of distinct list entries.
    pub entries: i64,
    /// Each section's name and size.
    pub sections: Vec<BundleSection>,
    /// True when the bundle carries the SMS classifier (section `sms.model`).
    pub has_sms_model: bool,
    /// The model format version when there is a model, else null.
    pub sms_model_version: Option<i32>,
    /// The bundle file format version.
    pub format_version: i32,
    /// The version of this library (libburao), which read the bundle.
    pub library_version: String,
}

impl From<burao_core::Action> for Action {
    fn from(a: burao_core::Action) -> Action {
        match a {
            burao_core::Action::Allow => Action::Allow,
            burao_core::Action::Silence => Action::Silence,
            burao_core::Action::Block => Action::Block,
            burao_core::Action::Transaction => Action::Transaction,
            burao_core::Action::Promotion => Action::Promotion,
            burao_core::Action::Junk => Action::Junk,
        }
    }
}

impl From<burao_core::Category> for Category {
    fn from(c: burao_core::Category) -> Category {
        match c {
            burao_core::Category::Loan => Category::Loan,
            burao_core::Category::Insurance => Category::Insurance,
            burao_core::Category::RealEstate => Category::RealEstate,
            burao_core::Category::OtherPromo => Category::OtherPromo,
            burao_core::Category::Fraud => Category::Fraud,
            burao_core::Category::Harassment => Category::Harassment,
            burao_core::Category::Transaction => Category::Transaction,
            burao_core::Category::Personal => Category::Personal,
        }
    }
}

impl From<burao_core::ReasonCode> for ReasonCode {
    fn from(c: burao_core::ReasonCode) -> ReasonCode {
        match c {
            burao_core::ReasonCode::Emergency => ReasonCode::Emergency,
            burao_core::ReasonCode::Contact => ReasonCode::Contact,
            burao_core::ReasonCode::UserRule => ReasonCode::UserRule,
            burao_core::ReasonCode::Feedback => ReasonCode::Feedback,
            burao_core::ReasonCode::ListEntry => ReasonCode::ListEntry,
            burao_core::ReasonCode::Consent => ReasonCode::Consent,
            burao_core::ReasonCode::Phishing => ReasonCode::Phishing,
            burao_core::ReasonCode::Behaviour => ReasonCode::Behaviour,
            burao_core::ReasonCode::Classifier => ReasonCode::Classifier,
            burao_core::ReasonCode::Default => ReasonCode::Default,
            burao_core::ReasonCode::Note => ReasonCode::Note,
            // The core's enum is #[non_exhaustive]: a code added there and not yet
            // here is shown as a note rather than failing the whole verdict; the
            // `reason_codes_mirror_core` test catches it by name.
            _ => ReasonCode::Note,
        }
    }
}

impl From<burao_core::Reason> for Reason {
    fn from(r: burao_core::Reason) -> Reason {
        Reason {
            code: r.code.into(),
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
        }
    }
}

impl From<burao_core::Verdict> for Verdict {
    fn from(v: burao_core::Verdict) -> Verdict {
        Verdict {
            action: v.action.into(),
            category: v.category.map(Into::into),
            matched: v.matched,
            label: v.label,
            score: v.score,
            reasons: v.reasons.into_iter().map(Into::into).collect(),
            bundle_sequence: signed(v.bundle_sequence),
        }
    }
}

impl From<burao_core::bundle::Metadata> for Metadata {
    fn from(m: burao_core::bundle::Metadata) -> Metadata {
        Metadata {
            name: m.name,
            version: m.version,
            created_unix: signed(m.created_unix),
            region: m.region,
            sequence: signed(m.sequence),
        }
    }
}

impl From<burao_core::bundle::BundleInfo> for BundleInfo {
    fn from(i: burao_core::bundle::BundleInfo) -> BundleInfo {
        use burao_core::bundle::SECTION_SMS_MODEL;
        // A bundle whose model does not load is refused whole, so a model
        // section in force is a model of the version this library reads.
        let has_sms_model = i.sections.iter().any(|(name, _)| name == SECTION_SMS_MODEL);
        BundleInfo {
            metadata: i.metadata.into(),
            size: signed(i.size),
            patterns: signed(i.patterns),
            entries: signed(i.entries),
            sections: i
                .sections
                .into_iter()
                .map(|(name, size)| BundleSection {
                    name,
                    size: signed(size),
                })
                .collect(),
            has_sms_model,
            sms_model_version: i.sms_model_version.map(signed32),
            format_version: signed32(i.format_version),
            library_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_categories_keep_their_names() {
        for a in [
            "allow",
            "silence",
            "block",
            "transaction",
            "promotion",
            "junk",
        ] {
            let ours = Action::from(burao_core::Action::parse(a).unwrap());
            assert_eq!(format!("{ours:?}").to_lowercase(), a);
        }
        for c in burao_core::Category::ALL {
            let ours = format!("{:?}", Category::from(c));
            assert_eq!(ours.to_lowercase(), c.as_str().replace('_', ""));
        }
    }

    #[test]
    fn bundle_info_says_what_the_bundle_can_do() {
        let s = burao_core::Screener::with_default_bundle();
        let info = BundleInfo::from(s.bundle_info());
        assert!(info.has_sms_model, "the default bundle carries the model");
        assert_eq!(info.sms_model_version, Some(2));
        assert_eq!(info.format_version, 1);
        assert_eq!(info.library_version, env!("CARGO_PKG_VERSION"));
        // A bundle of lists only: accepted, and says so.
        let mut lists = burao_core::lists::ListBuilder::new(burao_core::number::Region::cn());
        lists
            .add_csv(
                "l.csv",
                "pattern,category,action,label\n+86170*,harassment,silence,\n",
                burao_core::lists::ListAction::Block,
            )
            .unwrap();
        let bytes = burao_core::bundle::BundleWriter::new(burao_core::bundle::Metadata::new(
            "bare", "1", "CN",
        ))
        .lists(&lists.build().unwrap())
        .to_bytes();
        let bare = burao_core::Screener::from_bytes(bytes).unwrap();
        let info = BundleInfo::from(bare.bundle_info());
        assert!(!info.has_sms_model);
        assert_eq!(info.sms_model_version, None);
        assert_eq!(info.format_version, 1);
    }

    #[test]
    fn reason_codes_mirror_core() {
        use burao_core::ReasonCode as C;
        for c in [
            C::Emergency,
            C::Contact,
            C::UserRule,
            C::Feedback,
            C::ListEntry,
            C::Consent,
            C::Phishing,
            C::Behaviour,
            C::Classifier,
            C::Default,
            C::Note,
        ] {
            let ours = format!("{:?}", ReasonCode::from(c));
            assert_eq!(ours.to_lowercase(), c.as_str().replace('_', ""));
        }
    }
}

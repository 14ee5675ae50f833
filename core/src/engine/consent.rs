//! Consent and opt-out records per sender (the MIIT rule: no consent means refused).

use std::collections::BTreeMap;

use bincode::{Decode, Encode};

use crate::verdict::Category;

/// At most this many senders are remembered; the oldest records go first.
pub const MAX_CONSENT_RECORDS: usize = 20_000;
/// At most this many evidence records are kept; the oldest go first.
pub const MAX_EVIDENCE: usize = 2_000;
/// Longest sender id kept, in bytes: user actions about a longer one are
/// refused, and screening keys it by its first this many bytes.
pub const MAX_SENDER_BYTES: usize = 256;
/// Longest `via` (how consent was given) of a consent record, in bytes.
pub const MAX_VIA_BYTES: usize = 64;

/// What the user said about a sender's commercial messages and calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum ConsentState {
    /// The user signed up (e.g. to a shop's messages).
    Consented,
    /// The user refused in the app.
    Refused,
    /// The user replied an opt-out keyword (`T`, `TD`, `退订`, `STOP`, `R`).
    OptedOut,
}

impl ConsentState {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentState::Consented => "consented",
            ConsentState::Refused => "refused",
            ConsentState::OptedOut => "opted_out",
        }
    }

    /// True for the two states that withdraw consent.
    pub fn withdrawn(self) -> bool {
        !matches!(self, ConsentState::Consented)
    }
}

/// The latest consent event for one sender.
#[derive(Clone, PartialEq, Eq, Encode, Decode)]
pub struct ConsentRecord {
    /// The sender key: canonical digits, or the lower-cased sender id.
    pub sender: String,
    /// The state the event set.
    pub state: ConsentState,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// How: the opt-out keyword replied, or `app`.
    pub via: String,
}

/// A commercial message received after the user opted out: material for a
/// complaint to the carrier or 12321.
#[derive(Clone, PartialEq, Eq, Encode, Decode)]
pub struct EvidenceRecord {
    /// The sender key.
    pub sender: String,
    /// When the message arrived, Unix seconds.
    pub received_unix: i64,
    /// The category the message was judged to be.
    pub category: Option<String>,
    /// When the user had refused or opted out, Unix seconds.
    pub withdrawn_unix: i64,
    /// The message body, only when the app asked to keep bodies.
    pub body: Option<String>,
}

/// Consent records and evidence.
#[derive(Clone, Default, PartialEq, Eq, Encode, Decode)]
pub struct ConsentRegistry {
    records: BTreeMap<String, ConsentRecord>,
    evidence: Vec<EvidenceRecord>,
}

fn redacted_body(body: &Option<String>) -> crate::redact::RedactedOpt<'_> {
    crate::redact::RedactedOpt(body.as_deref())
}

debug_fields! {
    ConsentRecord { sender => crate::redact::Redacted, state, at_unix, via }
    EvidenceRecord {
        sender => crate::redact::Redacted,
        received_unix,
        category,
        withdrawn_unix,
        body => redacted_body,
    }
}

impl std::fmt::Debug for ConsentRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsentRegistry")
            .field("records", &self.records.values().collect::<Vec<_>>())
            .field("evidence", &self.evidence)
            .finish()
    }
}

impl ConsentRegistry {
    /// Records an event; a later event for the same sender replaces an earlier one.
    pub fn record(&mut self, record: ConsentRecord) {
        self.records.insert(record.sender.clone(), record);
        if self.records.len() > MAX_CONSENT_RECORDS {
            if let Some(oldest) = self
                .records
                .values()
                .min_by_key(|r| r.at_unix)
                .map(|r| r.sender.clone())
            {
                self.records.remove(&oldest);
            }
        }
    }

    /// Forgets a sender's record (back to unknown).
    pub fn forget(&mut self, sender: &str) -> bool {
        self.records.remove(sender).is_some()
    }

    /// The record for a sender key.
    pub fn get(&self, sender: &str) -> Option<&ConsentRecord> {
        self.records.get(sender)
    }

    /// Every record, by sender key.
    pub fn records(&self) -> impl Iterator<Item = &ConsentRecord> {
        self.records.values()
    }

    /// Keeps an evidence record (bounded).
    pub fn add_evidence(&mut self, e: EvidenceRecord) {
        if self.evidence.len() >= MAX_EVIDENCE {
            self.evidence.remove(0);
        }
        self.evidence.push(e);
    }

    /// The evidence kept so far, oldest first.
    pub fn evidence(&self) -> &[EvidenceRecord] {
        &self.evidence
    }
}

/// If `reply` (an SMS the user sent) is an opt-out keyword, returns it normalised.
///
/// # Example
/// ```
/// use burao_core::engine::consent::opt_out_keyword;
/// assert_eq!(opt_out_keyword(" td "), Some("TD"));
/// assert_eq!(opt_out_keyword("退订"), Some("退订"));
/// assert_eq!(opt_out_keyword("ok thanks"), None);
/// ```
pub fn opt_out_keyword(reply: &str) -> Option<&'static str> {
    let r = reply.trim().trim_end_matches(['。', '.', '!', '！']);
    const KEYWORDS: [&str; 9] = [
        "T",
        "TD",
        "N",
        "R",
        "STOP",
        "UNSUBSCRIBE",
        "退订",
        "退定",
        "拒收",
    ];
    KEYWORDS.into_iter().find(|k| r.eq_ignore_ascii_case(k))
}

/// True for categories whose messages need the user's consent.
pub fn is_commercial(category: Option<Category>) -> bool {
    matches!(
        category,
        Some(
            Category::Loan
                | Category::Insurance
                | Category::RealEstate
                | Category::OtherPromo
                | Category::Fraud
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_events_replace_earlier_ones() {
        let mut c = ConsentRegistry::default();
        let rec = |state, at| ConsentRecord {
            sender: "shop".into(),
            state,
            at_unix: at,
            via: "app".into(),
        };
        c.record(rec(ConsentState::Consented, 1));
        c.record(rec(ConsentState::OptedOut, 2));
        assert_eq!(c.get("shop").unwrap().state, ConsentState::OptedOut);
        assert!(c.forget("shop"));
        assert!(c.get("shop").is_none());
    }

    #[test]
    fn registry_and_evidence_are_bounded() {
        let mut c = ConsentRegistry::default();
        for i in 0..(MAX_CONSENT_RECORDS + 5) {
            c.record(ConsentRecord {
                sender: i.to_string(),
                state: ConsentState::Refused,
                at_unix: i as i64,
                via: "app".into(),
            });
        }
        assert_eq!(c.records().count(), MAX_CONSENT_RECORDS);
        assert!(c.get("0").is_none(), "the oldest went first");
        for i in 0..(MAX_EVIDENCE + 3) {
            c.add_evidence(EvidenceRecord {
                sender: "s".into(),
                received_unix: i as i64,
                category: None,
                withdrawn_unix: 0,
                body: None,
            });
        }
        assert_eq!(c.evidence().len(), MAX_EVIDENCE);
        assert_eq!(c.evidence()[0].received_unix, 3);
    }

    #[test]
    fn debug_shows_every_field_but_senders_and_bodies() {
        let rec = ConsentRecord {
            sender: "13800138000".into(),
            state: ConsentState::Consented,
            at_unix: 7,
            via: "app".into(),
        };
        let ev = EvidenceRecord {
            sender: "13800138000".into(),
            received_unix: 9,
            category: Some("loan".into()),
            withdrawn_unix: 3,
            body: Some("your code 4321".into()),
        };
        let dump = format!("{rec:?} {ev:?}");
        for hidden in ["13800138000", "4321", "your code"] {
            assert!(!dump.contains(hidden), "{hidden} in {dump}");
        }
        for shown in [
            "ConsentRecord { sender: ",
            "state: Consented, at_unix: 7, via: \"app\" }",
            "EvidenceRecord { sender: ",
            "received_unix: 9, category: Some(\"loan\"), withdrawn_unix: 3, body: ",
        ] {
            assert!(dump.contains(shown), "{shown} not in {dump}");
        }
    }

    #[test]
    fn opt_out_keywords() {
        for k in ["T", "t", "TD", "退订", "STOP", "stop.", "R", "拒收"] {
            assert!(opt_out_keyword(k).is_some(), "{k}");
        }
        for k in ["", "TT", "退订了吗", "stop it"] {
            assert!(opt_out_keyword(k).is_none(), "{k}");
        }
    }
}

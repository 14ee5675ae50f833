//! What the user says about senders: consent, refusals and opt-outs (the MIIT
//! rule), the evidence of messages after an opt-out, spam reports and call
//! outcomes. The records and enums are the core's (`#[uniffi::remote]`), but
//! `FeedbackRecord`, whose id is signed here.

use std::fmt;

pub use burao_core::engine::consent::{ConsentRecord, ConsentState, EvidenceRecord};
pub use burao_core::engine::feedback::Channel;
pub use burao_core::engine::history::Outcome;

use crate::convert::{hide_digits, seconds_or_now, signed};
use crate::{BuraoError, Screener};

/// What the user said about a sender (the MIIT consent rule).
#[uniffi::remote(Enum)]
pub enum ConsentState {
    /// The user signed up to the sender's messages.
    Consented,
    /// The user refused in the app.
    Refused,
    /// The user replied an opt-out keyword (`T`, `TD`, `退订`, `STOP`, `R`).
    OptedOut,
}

/// The latest consent event for one sender.
#[uniffi::remote(Record)]
pub struct ConsentRecord {
    /// Canonical digits, or the lower-cased sender id.
    pub sender: String,
    /// The state the event set.
    pub state: ConsentState,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// How: the opt-out keyword, or `app`.
    pub via: String,
}

/// A commercial message received after an opt-out: material for a complaint.
#[uniffi::remote(Record)]
pub struct EvidenceRecord {
    /// The sender key.
    pub sender: String,
    /// When the message arrived, Unix seconds.
    pub received_unix: i64,
    /// The category the message was judged to be.
    pub category: Option<String>,
    /// When the user refused or opted out, Unix seconds.
    pub withdrawn_unix: i64,
    /// The body, only if the app asked to keep bodies.
    pub body: Option<String>,
}

/// What the user did with a call.
#[uniffi::remote(Enum)]
pub enum Outcome {
    /// Nothing reported.
    Unreported,
    /// Answered.
    Answered,
    /// Declined or ignored.
    Declined,
    /// Marked as spam.
    MarkedSpam,
}

/// Calls or messages.
#[uniffi::remote(Enum)]
pub enum Channel {
    /// Phone calls.
    Call,
    /// Text messages.
    Sms,
}

/// One spam / not-spam report.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct FeedbackRecord {
    /// Id, for undoing.
    pub id: i64,
    /// Call or message.
    pub channel: Channel,
    /// The sender key.
    pub sender: String,
    /// True for "this was spam".
    pub is_spam: bool,
    /// When, Unix seconds.
    pub at_unix: i64,
}

#[uniffi::export]
impl Screener {
    /// Records consent, refusal or opt-out for a sender at `atUnix` (default now).
    /// Saved before it returns, or refused whole (see `openState`).
    #[uniffi::method(default(at_unix = None))]
    pub fn record_consent(
        &self,
        sender: String,
        state: ConsentState,
        via: String,
        at_unix: Option<i64>,
    ) -> Result<(), BuraoError> {
        let at = seconds_or_now(at_unix)?;
        Ok(self.inner.record_consent(&sender, state, &via, at)?)
    }

    /// Tells the engine about a message the user sent; returns the opt-out keyword if it was one.
    #[uniffi::method(default(at_unix = None))]
    pub fn record_outgoing_sms(
        &self,
        to: String,
        body: String,
        at_unix: Option<i64>,
    ) -> Result<Option<String>, BuraoError> {
        let at = seconds_or_now(at_unix)?;
        Ok(self.inner.record_outgoing_sms(&to, &body, at)?)
    }

    /// Forgets a sender's consent record.
    pub fn forget_consent(&self, sender: String) -> Result<bool, BuraoError> {
        Ok(self.inner.forget_consent(&sender)?)
    }

    /// Every consent record.
    pub fn consent_records(&self) -> Vec<ConsentRecord> {
        self.inner.consent_records()
    }

    /// Messages received after an opt-out.
    pub fn evidence(&self) -> Vec<EvidenceRecord> {
        self.inner.evidence()
    }

    /// Keep message bodies in evidence records (off by default).
    pub fn set_keep_evidence_bodies(&self, keep: bool) -> Result<(), BuraoError> {
        Ok(self.inner.set_keep_evidence_bodies(keep)?)
    }

    /// Reports what the user did with the latest call from `number`.
    pub fn report_call_outcome(
        &self,
        number: String,
        outcome: Outcome,
    ) -> Result<bool, BuraoError> {
        Ok(self.inner.report_call_outcome(&number, outcome)?)
    }

    /// "Spam" / "not spam" for a call (`body` null) or a message at `atUnix`
    /// (default now); returns the report's id.
    /// Saved before it returns, or refused whole (see `openState`).
    #[uniffi::method(default(at_unix = None))]
    pub fn report_feedback(
        &self,
        sender: String,
        body: Option<String>,
        is_spam: bool,
        at_unix: Option<i64>,
    ) -> Result<i64, BuraoError> {
        let at = seconds_or_now(at_unix)?;
        let id = self
            .inner
            .report_feedback(&sender, body.as_deref(), is_spam, at)?;
        Ok(signed(id))
    }

    /// Undoes a report; false if there is none with that id.
    pub fn undo_feedback(&self, id: i64) -> Result<bool, BuraoError> {
        match u64::try_from(id) {
            Ok(id) => Ok(self.inner.undo_feedback(id)?),
            Err(_) => Ok(false),
        }
    }

    /// Every report, oldest first.
    pub fn feedback(&self) -> Vec<FeedbackRecord> {
        self.inner.feedback().into_iter().map(Into::into).collect()
    }
}

impl From<burao_core::engine::feedback::FeedbackRecord> for FeedbackRecord {
    fn from(r: burao_core::engine::feedback::FeedbackRecord) -> Self {
        FeedbackRecord {
            id: signed(r.id),
            channel: r.channel,
            sender: r.sender,
            is_spam: r.is_spam,
            at_unix: r.at_unix,
        }
    }
}

// The sender is a phone number or a sender id: as the core's, `Debug` hides it.
impl fmt::Debug for FeedbackRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FeedbackRecord")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("sender", &hide_digits(&self.sender))
            .field("is_spam", &self.is_spam)
            .field("at_unix", &self.at_unix)
            .finish()
    }
}

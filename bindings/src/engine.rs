//! The engine half of the exported API: messages, user rules, consent, call
//! outcomes, feedback, durable state, and the CallKit export. Every method is
//! one call into `burao_core`; the records mirror the core's under the same names.

use std::sync::Arc;

use burao_core::engine::{consent, feedback, history};

use crate::convert::{seconds, seconds_or_now, signed, signed32, unsigned};
use crate::{BuraoError, Screener, Verdict};

/// `u32::MAX`, as the bound `unsigned` takes.
const U32: u64 = u32::MAX as u64;

/// What the user said about a sender (the MIIT consent rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ConsentState {
    /// The user signed up to the sender's messages.
    Consented,
    /// The user refused in the app.
    Refused,
    /// The user replied an opt-out keyword (`T`, `TD`, `退订`, `STOP`, `R`).
    OptedOut,
}

/// The latest consent event for one sender.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Channel {
    /// Phone calls.
    Call,
    /// Text messages.
    Sms,
}

/// One spam / not-spam report.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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

/// Thresholds of the behaviour layer (rotating numbers, repeat calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct BehaviourConfig {
    /// A range is the number without this many final digits.
    pub range_drop_digits: i32,
    /// Distinct declined or reported numbers of one range that escalate it.
    pub escalate_after: i32,
    /// How far back evidence counts, seconds.
    pub window_secs: i64,
    /// A range-silenced number rings through if it calls again within this many seconds.
    pub repeat_call_secs: i64,
    /// Calls kept in history.
    pub history_cap: i32,
}

#[uniffi::export]
impl Screener {
    /// The language of every reason's `detail` text: `"en"` (default) or `"zh"`.
    pub fn set_reason_language(&self, language: String) -> Result<(), BuraoError> {
        if burao_core::Locale::parse(&language).is_none() {
            return Err(BuraoError::InvalidInput {
                reason: "unknown reason language: use \"en\" or \"zh\"".into(),
            });
        }
        Ok(self.inner.set_reason_language(&language)?)
    }

    /// Decides on an incoming message now; `sender` may be empty when unknown.
    #[uniffi::method(default(is_contact = false))]
    pub fn screen_sms(
        &self,
        sender: String,
        body: String,
        is_contact: bool,
    ) -> Result<Verdict, BuraoError> {
        Ok(self.inner.screen_sms(&sender, &body, is_contact)?.into())
    }

    /// `screenCall` at `atUnix` (Unix seconds; milliseconds are refused), for replays.
    pub fn screen_call_at(
        &self,
        number: String,
        is_contact: bool,
        at_unix: i64,
    ) -> Result<Verdict, BuraoError> {
        Ok(self
            .inner
            .screen_call_at(&number, is_contact, seconds(at_unix)?)?
            .into())
    }

    /// `screenSms` at `atUnix` (Unix seconds; milliseconds are refused).
    pub fn screen_sms_at(
        &self,
        sender: String,
        body: String,
        is_contact: bool,
        at_unix: i64,
    ) -> Result<Verdict, BuraoError> {
        Ok(self
            .inner
            .screen_sms_at(&sender, &body, is_contact, seconds(at_unix)?)?
            .into())
    }

    /// Replaces the user's rules and returns how many there are; a bad document
    /// is refused whole (`InvalidInput`, naming the rule and field) and the rules
    /// in force stay. JSON `{"schema": 1, "rules": [...]}`; a rule has an `id`, an
    /// `action` (allow, silence, block, junk, promotion, transaction), one or more
    /// of `number` (exact or `prefix*`), `number_regex`, `keywords`, `body_regex`,
    /// and optionally `window` (`{"from": "22:00", "to": "07:00"}`), `category`,
    /// `note`. Example: `{"schema": 1, "rules": [{"id": "gym", "number":
    /// "+86 138 0013 8*", "action": "silence", "note": "the gym"}]}`. The full
    /// schema: bindings/README.md, "Rule documents".
    /// Saved before it returns when a state file is open, or refused (`State`
    /// error) with nothing changed.
    pub fn set_rules(&self, json: String) -> Result<i32, BuraoError> {
        Ok(i32::try_from(self.inner.set_rules(&json)?).unwrap_or(i32::MAX))
    }

    /// The rule document in force.
    pub fn rules_json(&self) -> String {
        self.inner.rules_json()
    }

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
        Ok(self.inner.record_consent(&sender, state.into(), &via, at)?)
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
        self.inner
            .consent_records()
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// Messages received after an opt-out.
    pub fn evidence(&self) -> Vec<EvidenceRecord> {
        self.inner.evidence().into_iter().map(Into::into).collect()
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
        Ok(self.inner.report_call_outcome(&number, outcome.into())?)
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
        Ok(signed(self.inner.report_feedback(
            &sender,
            body.as_deref(),
            is_spam,
            at,
        )?))
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

    /// Sets the behaviour-layer thresholds; a bad value changes nothing.
    pub fn set_behaviour(&self, config: BehaviourConfig) -> Result<(), BuraoError> {
        Ok(self.inner.set_behaviour(config.try_into()?)?)
    }

    /// The behaviour-layer thresholds in force.
    pub fn behaviour(&self) -> BehaviourConfig {
        self.inner.behaviour().into()
    }

    /// Numbers always let through first (emergency and essential services).
    pub fn set_emergency_numbers(&self, numbers: Vec<String>) -> Result<(), BuraoError> {
        Ok(self.inner.set_emergency_numbers(&numbers)?)
    }

    /// The device's time zone, minutes east of UTC (for rule time windows).
    pub fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), BuraoError> {
        Ok(self.inner.set_utc_offset_minutes(minutes)?)
    }

    /// Uses `path` as the state file: loads it (falling back to the last good
    /// copy `path.bak`; the returned warning says so) and saves to it from then on.
    ///
    /// Saving: every user action (rules, consent, feedback, undo, call
    /// outcomes, settings, `importState`) is saved before it returns, or
    /// refused with an error and nothing changed. Screening never fails for
    /// a save: the call history is saved at most 32 calls or one second
    /// behind (evidence at once), and by the next user action, `flush()` and
    /// when the screener is freed; a verdict whose save failed carries a
    /// `Note` reason `state-not-saved`. Several threads, and several
    /// processes (an app and its extensions on an app-group file), may share
    /// one state file: saves are serialised by a lock file `path.lock` and
    /// none loses another's update. A file written by a newer library
    /// version is refused (an error) and left untouched.
    pub fn open_state(&self, path: String) -> Result<Option<String>, BuraoError> {
        Ok(self.inner.open_state(&path)?)
    }

    /// Saves the call history and evidence that wait to be saved (see
    /// `openState`). Call it when the app goes to the background; an error
    /// means the disk refused and the entries still wait.
    pub fn flush(&self) -> Result<(), BuraoError> {
        Ok(self.inner.flush()?)
    }

    /// The last save failure (e.g. a full disk), until a save succeeds; null
    /// when everything is saved or waiting within the bound.
    pub fn save_error(&self) -> Option<String> {
        self.inner.save_error()
    }

    /// The user state as verified bytes.
    pub fn export_state(&self) -> Vec<u8> {
        self.inner.export_state()
    }

    /// Replaces the user state; bad bytes change nothing. With a state file
    /// open, the new state is saved first (refused whole if it cannot be).
    pub fn import_state(&self, bytes: Vec<u8>) -> Result<(), BuraoError> {
        Ok(self.inner.import_state(&bytes)?)
    }

    /// Pins the Ed25519 public keys (32 bytes each) later bundles must be
    /// signed with; an empty list unpins. A bad key changes nothing.
    pub fn set_trusted_keys(&self, keys: Vec<Vec<u8>>) -> Result<(), BuraoError> {
        Ok(self.inner.set_trusted_keys(public_keys(keys)?)?)
    }

    /// Applies a delta patch (from `burao diff`) to the bundle in force and
    /// swaps the result in, with `replaceBundle`'s checks. A patch for another
    /// bundle, a damaged one, or a result that does not verify is refused
    /// (`InvalidBundle`) and the old bundle keeps serving; after a refusal for
    /// the wrong base, fetch the full bundle.
    pub fn apply_update(&self, patch: Vec<u8>) -> Result<crate::BundleInfo, BuraoError> {
        Ok(self.inner.apply_update(&patch)?.into())
    }

    /// The exact bundle file in force, to save after `applyUpdate` (a copy).
    pub fn bundle_bytes(&self) -> Vec<u8> {
        self.inner.bundle_bytes()
    }

    /// Swaps in a bundle as `replaceBundle` does, but accepts one older than the
    /// one in force (an app deliberately reverting a bad update). Signatures still count.
    pub fn replace_bundle_allowing_rollback(
        &self,
        bytes: Vec<u8>,
    ) -> Result<crate::BundleInfo, BuraoError> {
        Ok(self.inner.replace_bundle_allowing_rollback(bytes)?.into())
    }
}

pub(crate) fn public_keys(keys: Vec<Vec<u8>>) -> Result<Vec<[u8; 32]>, BuraoError> {
    keys.into_iter()
        .map(|k| {
            <[u8; 32]>::try_from(k.as_slice())
                .map_err(|_| BuraoError::input("an Ed25519 public key is 32 bytes"))
        })
        .collect()
}

/// One batch for `CXCallDirectoryExtensionContext`, numbers in ascending order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallKitBatch {
    /// Numbers to add as blocking entries.
    pub block: Vec<i64>,
    /// Numbers to add as identification entries.
    pub identify: Vec<CallKitLabel>,
    /// Numbers to remove from blocking (incremental loads).
    pub remove_block: Vec<i64>,
    /// Numbers to remove from identification (incremental loads).
    pub remove_identify: Vec<i64>,
    /// Pass to the next call; `null` when the export is complete.
    pub next_cursor: Option<String>,
}

/// An identification entry.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallKitLabel {
    /// E.164 digits as an integer.
    pub number: i64,
    /// The label iOS shows.
    pub label: String,
}

/// What an export holds and what it had to leave out.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallKitReport {
    /// The budget the export was planned for.
    pub budget: i64,
    /// Blocking numbers in the export.
    pub block_numbers: i64,
    /// Identification numbers in the export.
    pub identify_numbers: i64,
    /// Numbers left out for the budget.
    pub over_budget_numbers: i64,
    /// Patterns left out for the budget.
    pub over_budget_patterns: i64,
    /// Patterns whose number length is unknown (not exported).
    pub unknown_length_patterns: i64,
    /// Patterns that cannot be exported at all.
    pub not_exportable_patterns: i64,
}

/// Streams a bundle's lists as CallKit batches. Memory stays bounded by the batch size.
#[derive(uniffi::Object)]
pub struct CallKitExporter {
    inner: burao_core::callkit::CallKitExport,
}

#[uniffi::export]
impl CallKitExporter {
    /// A full export of `bundle`, or, with `previous`, only the changes since it.
    #[uniffi::constructor]
    pub fn new(
        bundle: Vec<u8>,
        previous: Option<Vec<u8>>,
        budget: i64,
        batch_size: i32,
    ) -> Result<Arc<Self>, BuraoError> {
        let options = burao_core::callkit::CallKitOptions {
            budget: unsigned(budget, u64::MAX, "budget")?,
            batch_size: unsigned(batch_size.into(), U32, "batchSize")? as u32,
        };
        Ok(Arc::new(CallKitExporter {
            inner: burao_core::callkit::CallKitExport::from_bytes(bundle, previous, options)?,
        }))
    }

    /// True when the export holds only changes (`isIncremental` in CallKit).
    pub fn is_incremental(&self) -> bool {
        self.inner.is_incremental()
    }

    /// The next batch after `cursor` (`null` for the first).
    pub fn next_batch(&self, cursor: Option<String>) -> Result<CallKitBatch, BuraoError> {
        Ok(self
            .inner
            .next_batch(cursor.as_deref())
            .map_err(burao_core::Error::from)?
            .into())
    }

    /// Counts, and what was left out.
    pub fn report(&self) -> CallKitReport {
        self.inner.report().into()
    }
}

// ---- conversions, in one place -------------------------------------------

impl From<ConsentState> for consent::ConsentState {
    fn from(s: ConsentState) -> Self {
        match s {
            ConsentState::Consented => consent::ConsentState::Consented,
            ConsentState::Refused => consent::ConsentState::Refused,
            ConsentState::OptedOut => consent::ConsentState::OptedOut,
        }
    }
}

impl From<consent::ConsentState> for ConsentState {
    fn from(s: consent::ConsentState) -> Self {
        match s {
            consent::ConsentState::Consented => ConsentState::Consented,
            consent::ConsentState::Refused => ConsentState::Refused,
            consent::ConsentState::OptedOut => ConsentState::OptedOut,
        }
    }
}

impl From<consent::ConsentRecord> for ConsentRecord {
    fn from(r: consent::ConsentRecord) -> Self {
        ConsentRecord {
            sender: r.sender,
            state: r.state.into(),
            at_unix: r.at_unix,
            via: r.via,
        }
    }
}

impl From<consent::EvidenceRecord> for EvidenceRecord {
    fn from(e: consent::EvidenceRecord) -> Self {
        EvidenceRecord {
            sender: e.sender,
            received_unix: e.received_unix,
            category: e.category,
            withdrawn_unix: e.withdrawn_unix,
            body: e.body,
        }
    }
}

impl From<Outcome> for history::Outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Unreported => history::Outcome::Unreported,
            Outcome::Answered => history::Outcome::Answered,
            Outcome::Declined => history::Outcome::Declined,
            Outcome::MarkedSpam => history::Outcome::MarkedSpam,
        }
    }
}

impl From<feedback::FeedbackRecord> for FeedbackRecord {
    fn from(r: feedback::FeedbackRecord) -> Self {
        FeedbackRecord {
            id: signed(r.id),
            channel: match r.channel {
                feedback::Channel::Call => Channel::Call,
                feedback::Channel::Sms => Channel::Sms,
            },
            sender: r.sender,
            is_spam: r.is_spam,
            at_unix: r.at_unix,
        }
    }
}

impl TryFrom<BehaviourConfig> for history::BehaviourConfig {
    type Error = BuraoError;
    fn try_from(c: BehaviourConfig) -> Result<Self, BuraoError> {
        Ok(history::BehaviourConfig {
            range_drop_digits: unsigned(c.range_drop_digits.into(), 255, "rangeDropDigits")? as u8,
            escalate_after: unsigned(c.escalate_after.into(), U32, "escalateAfter")? as u32,
            window_secs: c.window_secs,
            repeat_call_secs: c.repeat_call_secs,
            history_cap: unsigned(c.history_cap.into(), U32, "historyCap")? as u32,
        })
    }
}

impl From<history::BehaviourConfig> for BehaviourConfig {
    fn from(c: history::BehaviourConfig) -> Self {
        BehaviourConfig {
            range_drop_digits: c.range_drop_digits.into(),
            escalate_after: signed32(c.escalate_after),
            window_secs: c.window_secs,
            repeat_call_secs: c.repeat_call_secs,
            history_cap: signed32(c.history_cap),
        }
    }
}

impl From<burao_core::callkit::CallKitBatch> for CallKitBatch {
    fn from(b: burao_core::callkit::CallKitBatch) -> Self {
        CallKitBatch {
            block: b.block,
            identify: b
                .identify
                .into_iter()
                .map(|l| CallKitLabel {
                    number: l.number,
                    label: l.label,
                })
                .collect(),
            remove_block: b.remove_block,
            remove_identify: b.remove_identify,
            next_cursor: b.next_cursor,
        }
    }
}

impl From<&burao_core::callkit::ExportReport> for CallKitReport {
    fn from(r: &burao_core::callkit::ExportReport) -> Self {
        CallKitReport {
            budget: signed(r.budget),
            block_numbers: signed(r.block_numbers),
            identify_numbers: signed(r.identify_numbers),
            over_budget_numbers: signed(r.over_budget_numbers),
            over_budget_patterns: signed(r.over_budget_patterns),
            unknown_length_patterns: signed(r.unknown_length_patterns),
            not_exportable_patterns: signed(r.not_exportable_patterns),
        }
    }
}

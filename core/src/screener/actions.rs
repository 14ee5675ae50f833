//! User actions: the rules, consent, feedback and settings that live in the
//! user state. Each is all or nothing (`Screener::commit`, see
//! `screener/durable.rs`): a refused input or a failed save changes nothing.

use std::sync::Arc;

use super::Screener;
use crate::engine::consent::{
    opt_out_keyword, ConsentRecord, ConsentState, EvidenceRecord, MAX_VIA_BYTES,
};
use crate::engine::feedback::{Channel, FeedbackRecord};
use crate::engine::history::{BehaviourConfig, Outcome};
use crate::engine::rules::RuleSet;
use crate::engine::state::UserState;
use crate::sms::screen as sms;
use crate::{Error, StateError};

impl Screener {
    // ---- user rules -------------------------------------------------------

    /// Replaces the user's rules with a JSON rule document. A bad document is
    /// refused whole (with the index of the bad rule) and the old rules stay.
    pub fn set_rules(&self, json: &str) -> Result<usize, Error> {
        let set = RuleSet::parse(json, &self.region())?;
        let count = set.rules().len();
        self.commit_with_rules(Some(Arc::new(set)), |s| {
            s.rules_json = json.to_string();
            Ok(count)
        })
    }

    /// The rule document in force.
    pub fn rules_json(&self) -> String {
        self.rules.get().source().to_string()
    }

    // ---- consent ------------------------------------------------------------

    /// Records that the user consented to, refused, or opted out of a sender.
    pub fn record_consent(
        &self,
        sender: &str,
        state: ConsentState,
        via: &str,
        unix: i64,
    ) -> Result<(), Error> {
        if via.len() > MAX_VIA_BYTES {
            return Err(Error::State(StateError::ViaTooLong));
        }
        let record = ConsentRecord {
            sender: self.user_sender_key(sender)?,
            state,
            at_unix: unix,
            via: via.to_string(),
        };
        self.commit(|s| {
            s.consent.record(record);
            Ok(())
        })
    }

    /// Tells the engine about a message the user sent; an opt-out reply
    /// (`T`, `TD`, `退订`, `STOP`, `R` …) is recorded as an opt-out. Returns the keyword.
    pub fn record_outgoing_sms(
        &self,
        to: &str,
        body: &str,
        unix: i64,
    ) -> Result<Option<String>, Error> {
        match opt_out_keyword(body) {
            Some(k) => {
                self.record_consent(to, ConsentState::OptedOut, k, unix)?;
                Ok(Some(k.to_string()))
            }
            None => Ok(None),
        }
    }

    /// Forgets a sender's consent record.
    pub fn forget_consent(&self, sender: &str) -> Result<bool, Error> {
        let key = self.user_sender_key(sender)?;
        self.commit(|s| Ok(s.consent.forget(&key)))
    }

    /// Every consent record.
    pub fn consent_records(&self) -> Vec<ConsentRecord> {
        self.user().consent.records().cloned().collect()
    }

    /// Messages received after an opt-out, for a complaint to the carrier or 12321.
    pub fn evidence(&self) -> Vec<EvidenceRecord> {
        self.user().consent.evidence().to_vec()
    }

    /// Keep message bodies in evidence records (off by default).
    pub fn set_keep_evidence_bodies(&self, keep: bool) -> Result<(), Error> {
        self.commit_setting(|s| s.keep_evidence_bodies = keep)
    }

    // ---- behaviour and feedback ---------------------------------------------

    /// Reports what the user did with the latest call from `number`.
    pub fn report_call_outcome(&self, number: &str, outcome: Outcome) -> Result<bool, Error> {
        let digits = self.canonical(number)?;
        self.commit(|s| Ok(s.history.report(&digits, outcome)))
    }

    /// "This was spam" / "this was not spam" for a call (`body` = `None`) or a
    /// message. Returns the feedback id, for undoing.
    pub fn report_feedback(
        &self,
        sender: &str,
        body: Option<&str>,
        is_spam: bool,
        unix: i64,
    ) -> Result<u64, Error> {
        let key = self.user_sender_key(sender)?;
        let (channel, features) = match body {
            None => (Channel::Call, Vec::new()),
            Some(b) if b.trim().is_empty() => (Channel::Sms, Vec::new()),
            Some(b) => (Channel::Sms, {
                let content = self.content.get();
                sms::feature_ids(content.sms_model(), content.institutions(), sender, b)
            }),
        };
        if key.is_empty() && body.is_none_or(|b| b.trim().is_empty()) {
            return Err(Error::State(StateError::EmptyFeedback));
        }
        let call_digits = match channel {
            Channel::Call => self.canonical(sender).ok(),
            Channel::Sms => None,
        };
        self.commit(|user| {
            if let Some(d) = &call_digits {
                let outcome = if is_spam {
                    Outcome::MarkedSpam
                } else {
                    Outcome::Answered
                };
                user.history.report(d, outcome);
            }
            Ok(user.feedback.add(channel, key, is_spam, unix, features))
        })
    }

    /// Undoes a feedback report; false if there is none with that id.
    pub fn undo_feedback(&self, id: u64) -> Result<bool, Error> {
        self.commit(|s| Ok(s.feedback.undo(id)))
    }

    /// Every feedback report, oldest first.
    pub fn feedback(&self) -> Vec<FeedbackRecord> {
        self.user().feedback.records().to_vec()
    }

    /// Sets the behaviour-layer thresholds.
    pub fn set_behaviour(&self, cfg: BehaviourConfig) -> Result<(), Error> {
        self.commit_setting(|s| s.behaviour = cfg)
    }

    /// The behaviour-layer thresholds in force.
    pub fn behaviour(&self) -> BehaviourConfig {
        self.user().behaviour
    }

    /// Numbers the app marks as emergency or essential services: always allowed, first.
    pub fn set_emergency_numbers(&self, numbers: &[String]) -> Result<(), Error> {
        let digits = numbers
            .iter()
            .map(|n| self.canonical(n))
            .collect::<Result<Vec<_>, _>>()?;
        self.commit_setting(|s| s.emergency = digits)
    }

    /// The local time zone, minutes east of UTC (rule time windows use local time).
    pub fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), Error> {
        if !(-18 * 60..=18 * 60).contains(&minutes) {
            return Err(Error::State(StateError::UtcOffset));
        }
        self.commit_setting(|s| s.utc_offset_minutes = minutes)
    }

    /// A user action that sets one value of the state (see [`Screener::commit`]).
    fn commit_setting(&self, set: impl FnOnce(&mut UserState)) -> Result<(), Error> {
        self.commit(|s| {
            set(s);
            Ok(())
        })
    }
}

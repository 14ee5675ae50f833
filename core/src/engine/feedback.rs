//! "This was spam" / "this was not spam": sender overrides and a small,
//! bounded, decaying personal adjustment of the SMS classifier.

use bincode::{Decode, Encode};

/// At most this many feedback records are kept; the oldest go first.
pub const MAX_FEEDBACK: usize = 1_000;
/// The personal adjustment never moves a score by more than this (logit units).
pub const MAX_ADJUSTMENT: f32 = 2.0;
/// Feedback loses half its weight in this many seconds.
pub const HALF_LIFE_SECS: i64 = 30 * 24 * 3600;

/// Calls or messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Channel {
    /// Phone calls.
    Call,
    /// Text messages.
    Sms,
}

/// One report from the user.
#[derive(Clone, PartialEq, Eq, Encode, Decode)]
pub struct FeedbackRecord {
    /// Id for listing and undoing.
    pub id: u64,
    /// Call or message.
    pub channel: Channel,
    /// The sender key (canonical digits or lower-cased sender id).
    pub sender: String,
    /// True for "this was spam".
    pub is_spam: bool,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// Hashed classifier features of the message (sorted), for the adjustment.
    pub features: Vec<u32>,
}

impl std::fmt::Debug for FeedbackRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedbackRecord")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("sender", &crate::redact::Redacted(&self.sender))
            .field("is_spam", &self.is_spam)
            .field("at_unix", &self.at_unix)
            .field("features", &self.features.len())
            .finish()
    }
}

/// All feedback, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode)]
pub struct FeedbackLog {
    next_id: u64,
    records: Vec<FeedbackRecord>,
}

impl FeedbackLog {
    /// Adds a report and returns its id.
    pub fn add(
        &mut self,
        channel: Channel,
        sender: String,
        is_spam: bool,
        at_unix: i64,
        mut features: Vec<u32>,
    ) -> u64 {
        self.next_id += 1;
        features.sort_unstable();
        features.dedup();
        self.records.push(FeedbackRecord {
            id: self.next_id,
            channel,
            sender,
            is_spam,
            at_unix,
            features,
        });
        if self.records.len() > MAX_FEEDBACK {
            self.records.remove(0);
        }
        self.next_id
    }

    /// Removes a report; false if there is none with that id.
    pub fn undo(&mut self, id: u64) -> bool {
        let before = self.records.len();
        self.records.retain(|r| r.id != id);
        self.records.len() != before
    }

    /// Every report, oldest first.
    pub fn records(&self) -> &[FeedbackRecord] {
        &self.records
    }

    /// The latest report about `sender` on `channel`: it overrides the lists and the classifier.
    pub fn sender_override(&self, channel: Channel, sender: &str) -> Option<&FeedbackRecord> {
        if sender.is_empty() {
            return None;
        }
        self.records
            .iter()
            .rev()
            .find(|r| r.channel == channel && r.sender == sender)
    }

    /// True when some report carries a message's features: without one,
    /// [`Feedback::adjustment`] is 0 and the SMS path does not even list the
    /// features' ids for it.
    pub fn has_message_reports(&self) -> bool {
        self.records
            .iter()
            .any(|r| r.channel == Channel::Sms && !r.features.is_empty())
    }

    /// How much the user's reports move a message's spam score (logit units,
    /// positive = more spam), from the overlap of its features with reported
    /// messages, each report decaying with age. Bounded by [`MAX_ADJUSTMENT`].
    pub fn adjustment(&self, features: &[u32], now: i64) -> f32 {
        // No message report, no adjustment: spares sorting every verdict's
        // features for the users (most) who never reported a message.
        if !self.has_message_reports() {
            return 0.0;
        }
        let mut sorted = features.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut total = 0.0f32;
        for r in self.records.iter().filter(|r| r.channel == Channel::Sms) {
            if r.features.is_empty() {
                continue;
            }
            let shared = r
                .features
                .iter()
                .filter(|f| sorted.binary_search(f).is_ok())
                .count();
            let similarity = shared as f32 / r.features.len() as f32;
            let age = (now - r.at_unix).max(0) as f32;
            let decay = 0.5f32.powf(age / HALF_LIFE_SECS as f32);
            let sign = if r.is_spam { 1.0 } else { -1.0 };
            total += sign * 1.5 * similarity * similarity * decay;
        }
        total.clamp(-MAX_ADJUSTMENT, MAX_ADJUSTMENT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_report_per_sender_wins_and_can_be_undone() {
        let mut f = FeedbackLog::default();
        let a = f.add(Channel::Call, "86138".into(), true, 0, vec![]);
        let b = f.add(Channel::Call, "86138".into(), false, 1, vec![]);
        assert!(!f.sender_override(Channel::Call, "86138").unwrap().is_spam);
        assert!(f.sender_override(Channel::Sms, "86138").is_none());
        assert!(f.undo(b));
        assert!(f.sender_override(Channel::Call, "86138").unwrap().is_spam);
        assert!(f.undo(a) && !f.undo(a));
        assert!(f.sender_override(Channel::Call, "86138").is_none());
    }

    #[test]
    fn adjustment_is_bounded_and_decays() {
        let mut f = FeedbackLog::default();
        for _ in 0..20 {
            f.add(Channel::Sms, "s".into(), true, 0, vec![1, 2, 3, 4]);
        }
        assert_eq!(f.adjustment(&[1, 2, 3, 4], 0), MAX_ADJUSTMENT);
        assert_eq!(f.adjustment(&[9], 0), 0.0);
        let mut g = FeedbackLog::default();
        g.add(Channel::Sms, "s".into(), false, 0, vec![1, 2]);
        let now = g.adjustment(&[1, 2], 0);
        let later = g.adjustment(&[1, 2], HALF_LIFE_SECS);
        assert!(now < 0.0 && (later - now / 2.0).abs() < 1e-4);
    }

    #[test]
    fn log_is_bounded() {
        let mut f = FeedbackLog::default();
        for i in 0..(MAX_FEEDBACK + 10) {
            f.add(Channel::Sms, i.to_string(), true, 0, vec![]);
        }
        assert_eq!(f.records().len(), MAX_FEEDBACK);
        assert_eq!(f.records()[0].sender, "10");
    }
}

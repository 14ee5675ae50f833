//! Recent calls and what the user did with them: rotating-number ranges and repeat callers.
//!
//! A call centre rotates through many numbers of one block; each declined or
//! reported number of the block is evidence against the block. Numbers are
//! stored as salted hashes: only the block (the number without its last digits)
//! is kept in clear, which is all the range logic needs.

use std::collections::VecDeque;

use bincode::{Decode, Encode};

/// What the user did with a call, as the app reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Outcome {
    /// Screened, nothing reported yet.
    Unreported,
    /// The user answered.
    Answered,
    /// The user declined or ignored it.
    Declined,
    /// The user marked it as spam.
    MarkedSpam,
}

impl Outcome {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Unreported => "unreported",
            Outcome::Answered => "answered",
            Outcome::Declined => "declined",
            Outcome::MarkedSpam => "marked_spam",
        }
    }

    fn is_evidence(self) -> bool {
        matches!(self, Outcome::Declined | Outcome::MarkedSpam)
    }
}

/// Thresholds of the behaviour layer. Defaults are conservative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct BehaviourConfig {
    /// A range is the number without this many final digits (2 = blocks of 100).
    pub range_drop_digits: u8,
    /// Distinct declined or reported numbers of one range that escalate it.
    pub escalate_after: u32,
    /// How far back evidence counts, seconds.
    pub window_secs: i64,
    /// A number silenced or blocked by a range rings through if it calls
    /// again within this many seconds (0 disables).
    pub repeat_call_secs: i64,
    /// Calls kept in history.
    pub history_cap: u32,
}

impl Default for BehaviourConfig {
    fn default() -> BehaviourConfig {
        BehaviourConfig {
            range_drop_digits: 2,
            escalate_after: 3,
            window_secs: 7 * 24 * 3600,
            repeat_call_secs: 3 * 60,
            history_cap: 2_000,
        }
    }
}

/// One remembered call.
#[derive(Clone, PartialEq, Eq, Encode, Decode)]
pub struct CallRecord {
    /// Salted hash of the full number.
    pub number_hash: u64,
    /// The number's range, in clear (digits without the last few).
    pub range: String,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// What the user did.
    pub outcome: Outcome,
}

impl std::fmt::Debug for CallRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallRecord")
            .field("number_hash", &"<redacted>")
            .field("range", &crate::redact::Redacted(&self.range))
            .field("at_unix", &self.at_unix)
            .field("outcome", &self.outcome)
            .finish()
    }
}

/// Evidence that a range is rotating spam.
#[derive(Clone, PartialEq, Eq)]
pub struct Escalation {
    /// The range, digits.
    pub range: String,
    /// Distinct numbers declined or reported in the window.
    pub numbers: u32,
}

impl std::fmt::Debug for Escalation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Escalation")
            .field("range", &crate::redact::Redacted(&self.range))
            .field("numbers", &self.numbers)
            .finish()
    }
}

/// The bounded call history.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallHistory {
    salt: u64,
    /// Oldest first. A ring, not a `Vec`: at the cap every call drops the
    /// oldest, which in a `Vec` moved the whole history (96 KB at 2,000
    /// calls, half of a call verdict's time; issue 17). bincode writes both
    /// the same way (length, then the records), so state files are unchanged.
    calls: VecDeque<CallRecord>,
    /// Per range, how many of `calls` are evidence (declined or reported):
    /// an upper bound on the distinct numbers [`CallHistory::escalation`]
    /// counts, so a range below the threshold costs no walk of the history.
    /// Derived from `calls`; not saved. Sorted by range: a few entries, and
    /// a `Vec` costs the phone library less code than a map.
    evidence: Vec<(String, u32)>,
}

// Only the salt and the calls are saved; the index is rebuilt on reading.
impl Encode for CallHistory {
    fn encode<E: bincode::enc::Encoder>(
        &self,
        e: &mut E,
    ) -> Result<(), bincode::error::EncodeError> {
        self.salt.encode(e)?;
        self.calls.encode(e)
    }
}

impl<Context> Decode<Context> for CallHistory {
    fn decode<D: bincode::de::Decoder<Context = Context>>(
        d: &mut D,
    ) -> Result<CallHistory, bincode::error::DecodeError> {
        let salt = u64::decode(d)?;
        let calls = VecDeque::<CallRecord>::decode(d)?;
        let mut h = CallHistory::new(salt);
        for c in &calls {
            count(&mut h.evidence, &c.range, c.outcome, 1);
        }
        h.calls = calls;
        Ok(h)
    }
}

bincode::impl_borrow_decode!(CallHistory);

// The salt (with a hash, enough to brute-force a number) and the hashes stay
// out of `Debug`; their random digits would also read as numbers.
impl std::fmt::Debug for CallHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallHistory")
            .field("salt", &"<redacted>")
            .field("calls", &self.calls)
            .finish()
    }
}

impl CallHistory {
    /// An empty history hashing numbers with `salt` (random per install).
    pub fn new(salt: u64) -> CallHistory {
        CallHistory {
            salt,
            calls: VecDeque::new(),
            evidence: Vec::new(),
        }
    }

    fn evidence_at(&self, range: &str) -> Result<usize, usize> {
        evidence_at(&self.evidence, range)
    }

    /// Salted FNV-1a: stable across builds, unlike `std`'s hasher.
    pub fn hash(&self, digits: &str) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ self.salt;
        for b in digits.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    }

    /// The range of a number under `cfg`, or `None` for numbers too short to have one.
    pub fn range_of(digits: &str, cfg: &BehaviourConfig) -> Option<String> {
        let keep = digits.len().checked_sub(cfg.range_drop_digits as usize)?;
        // Short codes and service numbers are not rotated through.
        (keep >= 8).then(|| digits[..keep].to_string())
    }

    /// Remembers a screened call.
    pub fn record(&mut self, digits: &str, at_unix: i64, cfg: &BehaviourConfig) {
        let Some(range) = CallHistory::range_of(digits, cfg) else {
            return;
        };
        self.calls.push_back(CallRecord {
            number_hash: self.hash(digits),
            range,
            at_unix,
            outcome: Outcome::Unreported,
        });
        let cap = cfg.history_cap.max(1) as usize;
        while self.calls.len() > cap {
            if let Some(old) = self.calls.pop_front() {
                count(&mut self.evidence, &old.range, old.outcome, -1);
            }
        }
    }

    /// Sets the outcome of the latest call from `digits`; false if none is remembered.
    pub fn report(&mut self, digits: &str, outcome: Outcome) -> bool {
        let h = self.hash(digits);
        let Some(i) = self.calls.iter().rposition(|c| c.number_hash == h) else {
            return false;
        };
        let call = &mut self.calls[i];
        count(&mut self.evidence, &call.range, call.outcome, -1);
        count(&mut self.evidence, &call.range, outcome, 1);
        call.outcome = outcome;
        true
    }

    /// Whether the range of `digits` has been escalated at `now`.
    pub fn escalation(&self, digits: &str, now: i64, cfg: &BehaviourConfig) -> Option<Escalation> {
        let range = CallHistory::range_of(digits, cfg)?;
        let records = self.evidence_at(&range).map_or(0, |i| self.evidence[i].1);
        if cfg.escalate_after == 0 || records < cfg.escalate_after {
            return None;
        }
        let mut seen: Vec<u64> = self
            .calls
            .iter()
            // The outcome first: most calls are no evidence, and it spares
            // comparing their ranges.
            .filter(|c| c.outcome.is_evidence() && c.range == range)
            .filter(|c| now - c.at_unix <= cfg.window_secs && c.at_unix <= now)
            .map(|c| c.number_hash)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let numbers = seen.len() as u32;
        (cfg.escalate_after > 0 && numbers >= cfg.escalate_after)
            .then_some(Escalation { range, numbers })
    }

    /// Seconds since `digits` last called, if it did within the repeat window.
    pub fn called_recently(&self, digits: &str, now: i64, cfg: &BehaviourConfig) -> Option<i64> {
        if cfg.repeat_call_secs <= 0 {
            return None;
        }
        let h = self.hash(digits);
        self.calls
            .iter()
            .rev()
            .find(|c| c.number_hash == h)
            .map(|c| now - c.at_unix)
            .filter(|&ago| (0..=cfg.repeat_call_secs).contains(&ago))
    }

    /// The remembered calls, oldest first.
    pub fn calls(&self) -> &VecDeque<CallRecord> {
        &self.calls
    }
}

/// The position of `range` in the sorted evidence index (or where it goes).
fn evidence_at(evidence: &[(String, u32)], range: &str) -> Result<usize, usize> {
    evidence.binary_search_by(|(r, _)| r.as_str().cmp(range))
}

/// Adds (`delta` 1) or removes (-1) a record of `range` with `outcome` from
/// the evidence index.
fn count(evidence: &mut Vec<(String, u32)>, range: &str, outcome: Outcome, delta: i32) {
    if !outcome.is_evidence() {
        return;
    }
    match (evidence_at(evidence, range), delta > 0) {
        (Ok(i), true) => evidence[i].1 += 1,
        (Err(i), true) => evidence.insert(i, (range.to_string(), 1)),
        (Ok(i), false) if evidence[i].1 > 1 => evidence[i].1 -= 1,
        (Ok(i), false) => {
            evidence.remove(i);
        }
        (Err(_), false) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_declined_numbers_of_one_block_escalate_it() {
        let cfg = BehaviourConfig::default();
        let mut h = CallHistory::new(42);
        for (i, n) in ["8613800138001", "8613800138002", "8613800138003"]
            .iter()
            .enumerate()
        {
            h.record(n, 1000 + i as i64, &cfg);
            assert!(h.escalation("8613800138099", 2000, &cfg).is_none());
            h.report(n, Outcome::Declined);
        }
        let e = h.escalation("8613800138099", 2000, &cfg).unwrap();
        assert_eq!((e.range.as_str(), e.numbers), ("86138001380", 3));
        assert!(
            h.escalation("8613800139099", 2000, &cfg).is_none(),
            "other block"
        );
        let late = 1000 + cfg.window_secs + 10;
        assert!(
            h.escalation("8613800138099", late, &cfg).is_none(),
            "evidence expires"
        );
    }

    #[test]
    fn one_number_declined_many_times_is_not_a_rotation() {
        let cfg = BehaviourConfig::default();
        let mut h = CallHistory::new(1);
        for t in 0..5 {
            h.record("8613800138001", t, &cfg);
            h.report("8613800138001", Outcome::Declined);
        }
        assert!(h.escalation("8613800138002", 10, &cfg).is_none());
    }

    #[test]
    fn answered_calls_are_not_evidence() {
        let cfg = BehaviourConfig::default();
        let mut h = CallHistory::new(1);
        for n in ["8613800138001", "8613800138002", "8613800138003"] {
            h.record(n, 0, &cfg);
            h.report(n, Outcome::Answered);
        }
        assert!(h.escalation("8613800138004", 10, &cfg).is_none());
    }

    #[test]
    fn repeat_calls_and_cap() {
        let cfg = BehaviourConfig {
            history_cap: 3,
            ..BehaviourConfig::default()
        };
        let mut h = CallHistory::new(7);
        h.record("8613800138001", 100, &cfg);
        assert_eq!(h.called_recently("8613800138001", 160, &cfg), Some(60));
        assert_eq!(h.called_recently("8613800138001", 100 + 181, &cfg), None);
        assert_eq!(h.called_recently("8613800138002", 160, &cfg), None);
        for t in 0..10 {
            h.record("8613800138005", 200 + t, &cfg);
        }
        assert_eq!(h.calls().len(), 3);
        h.record("10086", 0, &cfg);
        assert_eq!(
            h.calls().len(),
            3,
            "short codes have no range and are not kept"
        );
    }

    /// The escalation of the first version: a walk of every call.
    fn walked(h: &CallHistory, digits: &str, now: i64, cfg: &BehaviourConfig) -> Option<u32> {
        let range = CallHistory::range_of(digits, cfg)?;
        let mut seen: Vec<u64> = h
            .calls()
            .iter()
            .filter(|c| c.range == range && c.outcome.is_evidence())
            .filter(|c| now - c.at_unix <= cfg.window_secs && c.at_unix <= now)
            .map(|c| c.number_hash)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let n = seen.len() as u32;
        (cfg.escalate_after > 0 && n >= cfg.escalate_after).then_some(n)
    }

    #[test]
    fn the_evidence_index_agrees_with_a_walk_through_evictions_and_saves() {
        let cfg = BehaviourConfig {
            history_cap: 40,
            escalate_after: 3,
            window_secs: 500,
            ..BehaviourConfig::default()
        };
        let outcomes = [
            Outcome::Declined,
            Outcome::MarkedSpam,
            Outcome::Answered,
            Outcome::Unreported,
        ];
        let mut h = CallHistory::new(3);
        // A fixed xorshift stream: 4 blocks of 8 numbers.
        let mut rng = crate::test_support::XorShift(12345);
        let mut next = || rng.next_u64();
        for t in 0..3000i64 {
            let r = next();
            let number = format!("86138001{:03}{:02}", r % 4, (r >> 8) % 8);
            if r % 3 == 0 {
                h.report(&number, outcomes[(r >> 16) as usize % 4]);
            } else {
                h.record(&number, t, &cfg);
            }
            if t % 250 == 0 {
                // A save and a read rebuild the index from the calls alone.
                let bytes = bincode::encode_to_vec(&h, bincode::config::standard()).unwrap();
                let (back, _): (CallHistory, _) =
                    bincode::decode_from_slice(&bytes, bincode::config::standard()).unwrap();
                assert!(back == h, "index rebuilt at {t}");
            }
            for block in 0..4 {
                let probe = format!("86138001{block:03}99");
                let got = h.escalation(&probe, t, &cfg).map(|e| e.numbers);
                assert_eq!(got, walked(&h, &probe, t, &cfg), "block {block} at {t}");
            }
        }
        let escalated = (0..4)
            .filter(|b| walked(&h, &format!("86138001{b:03}99"), 2999, &cfg).is_some())
            .count();
        assert!(escalated > 0, "the stream escalates some block");
    }

    #[test]
    fn history_keeps_no_number_in_clear() {
        let cfg = BehaviourConfig::default();
        let mut h = CallHistory::new(9);
        h.record("8613800138001", 0, &cfg);
        let dump = format!("{:?}", h);
        assert!(!dump.contains("8613800138001"));
        assert_ne!(CallHistory::new(1).hash("1"), CallHistory::new(2).hash("1"));
    }
}

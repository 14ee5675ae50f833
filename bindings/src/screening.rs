//! Screening calls and messages, and what shapes the decision: region,
//! reason language, time zone, emergency numbers, the user's rules and the
//! behaviour layer's thresholds ([`BehaviourConfig`], a copy: its counts are
//! signed here and checked on the way in).

use crate::convert::{seconds, signed32, unsigned, U32};
use crate::{BuraoError, Screener, Verdict};

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
    /// Decides on an incoming call; contacts are always allowed. With a state
    /// file open it never fails for a save (see `openState`): the call enters
    /// the history, saved at most 32 calls or one second later.
    #[uniffi::method(default(is_contact = false))]
    pub fn screen_call(&self, number: String, is_contact: bool) -> Result<Verdict, BuraoError> {
        Ok(self.inner.screen_call(&number, is_contact)?.into())
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
        let at = seconds(at_unix)?;
        Ok(self.inner.screen_call_at(&number, is_contact, at)?.into())
    }

    /// `screenSms` at `atUnix` (Unix seconds; milliseconds are refused).
    pub fn screen_sms_at(
        &self,
        sender: String,
        body: String,
        is_contact: bool,
        at_unix: i64,
    ) -> Result<Verdict, BuraoError> {
        let at = seconds(at_unix)?;
        Ok(self
            .inner
            .screen_sms_at(&sender, &body, is_contact, at)?
            .into())
    }

    /// Reads national numbers as from `code` (ISO region, e.g. "CN") instead of the bundle's region.
    pub fn set_region(&self, code: String) -> Result<(), BuraoError> {
        Ok(self.inner.set_region(&code)?)
    }

    /// The language of every reason's `detail` text: `"en"` (default) or `"zh"`.
    pub fn set_reason_language(&self, language: String) -> Result<(), BuraoError> {
        Ok(self.inner.set_reason_language(&language)?)
    }

    /// The device's time zone, minutes east of UTC (for rule time windows).
    pub fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), BuraoError> {
        Ok(self.inner.set_utc_offset_minutes(minutes)?)
    }

    /// Numbers always let through first (emergency and essential services).
    pub fn set_emergency_numbers(&self, numbers: Vec<String>) -> Result<(), BuraoError> {
        Ok(self.inner.set_emergency_numbers(&numbers)?)
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

    /// Sets the behaviour-layer thresholds; a bad value changes nothing.
    pub fn set_behaviour(&self, config: BehaviourConfig) -> Result<(), BuraoError> {
        Ok(self.inner.set_behaviour(config.try_into()?)?)
    }

    /// The behaviour-layer thresholds in force.
    pub fn behaviour(&self) -> BehaviourConfig {
        self.inner.behaviour().into()
    }
}

impl TryFrom<BehaviourConfig> for burao_core::engine::history::BehaviourConfig {
    type Error = BuraoError;
    fn try_from(c: BehaviourConfig) -> Result<Self, BuraoError> {
        Ok(burao_core::engine::history::BehaviourConfig {
            range_drop_digits: unsigned(c.range_drop_digits.into(), 255, "rangeDropDigits")? as u8,
            escalate_after: unsigned(c.escalate_after.into(), U32, "escalateAfter")? as u32,
            window_secs: c.window_secs,
            repeat_call_secs: c.repeat_call_secs,
            history_cap: unsigned(c.history_cap.into(), U32, "historyCap")? as u32,
        })
    }
}

impl From<burao_core::engine::history::BehaviourConfig> for BehaviourConfig {
    fn from(c: burao_core::engine::history::BehaviourConfig) -> Self {
        BehaviourConfig {
            range_drop_digits: c.range_drop_digits.into(),
            escalate_after: signed32(c.escalate_after),
            window_secs: c.window_secs,
            repeat_call_secs: c.repeat_call_secs,
            history_cap: signed32(c.history_cap),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_reason_language_is_invalid_input_and_names_no_input_digits() {
        let s = Screener::new();
        s.set_reason_language("zh-CN".into()).unwrap();
        let e = s.set_reason_language("xx13800138000".into()).unwrap_err();
        assert!(matches!(e, BuraoError::InvalidInput { .. }), "{e}");
        assert!(!e.to_string().contains("138"), "{e}");
    }

    #[test]
    fn behaviour_thresholds_are_checked_on_the_way_in() {
        let s = Screener::new();
        let mut c = s.behaviour();
        c.range_drop_digits = 256;
        let e = s.set_behaviour(c).unwrap_err();
        assert_eq!(e.to_string(), "rangeDropDigits must be between 0 and 255");
        c.range_drop_digits = 3;
        s.set_behaviour(c).unwrap();
        assert_eq!(s.behaviour(), c);
    }
}

//! The [`Screener`]: a thread-safe handle that holds what the engine reads.
//!
//! The bundle, the rule set and the app's settings are immutable snapshots
//! (`screener/lock.rs`), replaced whole; a verdict is computed by
//! [`crate::engine::decide`] from one snapshot of each, so a swap in another
//! thread never mixes two bundles in one verdict. The user state (history,
//! consent, feedback) is behind one mutex; when the app gave a state file,
//! saves follow the discipline in `screener/durable.rs` (user actions durable
//! before they return, call history within a bound).

use std::sync::{Arc, Mutex, MutexGuard};

mod actions;
mod durable;
mod lock;
mod updates;

use durable::{Durable, User};
use lock::{unpoisoned, Slot};

use crate::bundle::signature::PublicKey;
use crate::bundle::{Bundle, BundleInfo};
use crate::engine::consent::MAX_SENDER_BYTES;
use crate::engine::decide::{decide, Context, Incoming};
use crate::engine::feedback::Channel;
use crate::engine::rules::RuleSet;
use crate::engine::state::UserState;
use crate::engine::{Content, Moment};
use crate::number::{normalize, Region};
use crate::sms::policy::SmsPolicy;
use crate::verdict::{Locale, Verdict};
use crate::{Error, SettingError, StateError};

/// The bundle built from `fixtures/` by `scripts/build-default-bundle.sh`.
pub static DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.bundle");

/// The app's settings, one snapshot swapped whole.
#[derive(Clone, Default)]
struct Settings {
    /// Reads national numbers here instead of in the bundle's region.
    region: Option<Region>,
    /// The message policy and the language of reasons.
    policy: SmsPolicy,
    /// Keys later bundles must be signed with (empty: none pinned).
    trusted_keys: Vec<PublicKey>,
}

impl Settings {
    /// The region numbers are read in, given the bundle in force.
    fn region<'a>(&'a self, content: &'a Content) -> &'a Region {
        self.region.as_ref().unwrap_or(&content.region)
    }
}

/// One snapshot of each slot, taken when a screening starts.
struct Snapshots {
    settings: Arc<Settings>,
    content: Arc<Content>,
    rules: Arc<RuleSet>,
}

impl Snapshots {
    fn region(&self) -> &Region {
        self.settings.region(&self.content)
    }

    /// What the engine reads, with the user state the caller holds.
    fn context<'a>(&'a self, user: &'a UserState, at: Moment) -> Context<'a> {
        Context {
            content: &self.content,
            policy: &self.settings.policy,
            rules: &self.rules,
            user,
            at,
        }
    }
}

/// Screens calls and messages. `Send + Sync`: share one across threads.
///
/// # Example
/// ```
/// use burao_core::{Action, Screener};
/// let s = Screener::with_default_bundle();
/// // A virtual-operator range names the caller; it is a hint, not a verdict.
/// let v = s.screen_call("+86 170 0000 0000", false).unwrap();
/// assert_eq!((v.action, v.matched.as_deref()), (Action::Allow, Some("+86170*")));
/// // Impersonation is junk whatever the text model says.
/// let v = s.screen_sms("13800138000", "【工商银行】您的积分即将清零，请登录 icbc-jf.vip 兑换", false).unwrap();
/// assert_eq!(v.action, Action::Junk);
/// assert!(v.reasons[0].detail.contains("icbc-jf.vip"));
/// ```
pub struct Screener {
    content: Slot<Content>,
    rules: Slot<RuleSet>,
    settings: Slot<Settings>,
    user: Mutex<User>,
    durable: Mutex<Durable>,
}

impl Screener {
    /// A screener over the embedded default bundle.
    pub fn with_default_bundle() -> Screener {
        let bundle =
            Bundle::from_static(DEFAULT_BUNDLE).expect("the embedded bundle is verified by tests");
        Screener::from_bundle(bundle).expect("the embedded bundle is verified by tests")
    }

    /// A screener over a bundle read from bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Screener, Error> {
        Screener::from_bundle(Bundle::from_vec(bytes)?)
    }

    /// A screener over a loaded bundle.
    pub fn from_bundle(bundle: Bundle) -> Result<Screener, Error> {
        Ok(Screener {
            content: Slot::new(Content::new(bundle)?),
            rules: Slot::new(RuleSet::default()),
            settings: Slot::new(Settings::default()),
            user: Mutex::new(User::new(UserState::new(random_salt()))),
            durable: Mutex::new(Durable::default()),
        })
    }

    /// Replaces the bundle atomically. A bad bundle is refused and the old one
    /// keeps serving; so is a bundle with a lower `sequence` than the one in
    /// force (see [`Screener::replace_bundle_allowing_rollback`]) and, once
    /// keys are pinned with [`Screener::set_trusted_keys`], one not signed by them.
    pub fn replace_bundle(&self, bytes: Vec<u8>) -> Result<BundleInfo, Error> {
        self.install(bytes, false)
    }

    /// A summary of the bundle in force.
    pub fn bundle_info(&self) -> BundleInfo {
        self.content.get().info()
    }

    /// Reads national numbers in `region` (ISO code) instead of the bundle's region.
    pub fn set_region(&self, region: &str) -> Result<(), Error> {
        let r = Region::parse(region)?;
        self.settings.update(|s| s.region = Some(r));
        Ok(())
    }

    /// Replaces the category → action policy for messages.
    pub fn set_sms_policy(&self, policy: SmsPolicy) {
        self.settings.update(|s| s.policy = policy);
    }

    /// The language of every reason's text (`detail`): `en` (the default) or
    /// `zh` (any `en-…`/`zh-…` tag is read by its language). Internals
    /// (`source`, `spans`, scores) are the same in every language.
    pub fn set_reason_language(&self, tag: &str) -> Result<(), Error> {
        let locale = Locale::parse(tag).ok_or_else(|| {
            let shown: String = tag
                .chars()
                .filter(|c| c.is_ascii_alphabetic() || *c == '-')
                .take(16)
                .collect();
            Error::Setting(SettingError::ReasonLanguage { shown })
        })?;
        self.settings.update(|s| s.policy.locale = locale);
        Ok(())
    }

    fn snapshots(&self) -> Snapshots {
        Snapshots {
            settings: self.settings.get(),
            content: self.content.get(),
            rules: self.rules.get(),
        }
    }

    fn user(&self) -> MutexGuard<'_, User> {
        unpoisoned(self.user.lock())
    }

    /// The region numbers are read in now.
    fn region(&self) -> Region {
        self.settings.get().region(&self.content.get()).clone()
    }

    /// Canonical digits of a number, in the region in force.
    pub fn canonical(&self, number: &str) -> Result<String, Error> {
        Ok(normalize(number, &self.region())?.digits().to_string())
    }

    /// The key consent and feedback records use: canonical digits, or the
    /// trimmed lower-cased sender id for senders that are not numbers.
    /// Cut to [`MAX_SENDER_BYTES`]: a 1 MB sender id must not make a 1 MB
    /// evidence record.
    fn sender_key(&self, sender: &str) -> String {
        key_of(self.canonical(sender).ok(), sender)
    }

    /// The key for a user action about `sender`; a sender id longer than
    /// [`MAX_SENDER_BYTES`] is refused, so the state stays small.
    fn user_sender_key(&self, sender: &str) -> Result<String, Error> {
        if sender.trim().len() > MAX_SENDER_BYTES {
            return Err(Error::State(StateError::SenderTooLong));
        }
        Ok(self.sender_key(sender))
    }

    fn moment(&self, unix: Option<i64>) -> Moment {
        let offset = self.user().utc_offset_minutes;
        match unix {
            Some(unix) => Moment::new(unix, offset),
            None => Moment::now(offset),
        }
    }

    // ---- screening -------------------------------------------------------

    /// Decides on an incoming call now. Contacts are always allowed.
    pub fn screen_call(&self, number: &str, is_contact: bool) -> Result<Verdict, Error> {
        self.screen_call_at(number, is_contact, self.moment(None).unix)
    }

    /// Decides on an incoming call at `unix` (for replays and tests), and
    /// remembers it in the call history.
    pub fn screen_call_at(
        &self,
        number: &str,
        is_contact: bool,
        unix: i64,
    ) -> Result<Verdict, Error> {
        let held = self.snapshots();
        let at = self.moment(Some(unix));
        let digits = match normalize(number, held.region()) {
            Ok(k) => Some(k.digits().to_string()),
            // A contact saved as "…ext 12" or with letters still rings.
            Err(_) if is_contact => None,
            Err(e) => return Err(e.into()),
        };
        let digits = digits.as_deref();
        let incoming = Incoming {
            channel: Channel::Call,
            digits,
            key: digits.unwrap_or(""),
            sender: number,
            cn_reading: None,
            body: None,
            is_contact,
        };
        let mut verdict = {
            let mut user = self.user();
            let v = decide(&held.context(&user, at), &incoming).verdict;
            let Some(d) = digits else {
                return Ok(v);
            };
            let cfg = user.behaviour;
            user.history.record(d, at.unix, &cfg);
            user.remember(durable::Pending::Call {
                digits: d.to_string(),
                unix: at.unix,
            });
            v
        };
        self.after_screening(&mut verdict, false);
        Ok(verdict)
    }

    /// Decides on an incoming message now. `sender` may be empty when unknown.
    pub fn screen_sms(&self, sender: &str, body: &str, is_contact: bool) -> Result<Verdict, Error> {
        self.screen_sms_at(sender, body, is_contact, self.moment(None).unix)
    }

    /// Decides on an incoming message at `unix`.
    pub fn screen_sms_at(
        &self,
        sender: &str,
        body: &str,
        is_contact: bool,
        unix: i64,
    ) -> Result<Verdict, Error> {
        let held = self.snapshots();
        let reading = normalize(sender, held.region()).ok();
        let digits = reading.as_ref().map(|k| k.digits().to_string());
        let key = key_of(digits.clone(), sender);
        let at = self.moment(Some(unix));
        let incoming = Incoming {
            channel: Channel::Sms,
            digits: digits.as_deref(),
            key: &key,
            sender,
            cn_reading: reading.as_ref().filter(|_| *held.region() == Region::cn()),
            body: Some(body),
            is_contact,
        };
        let screened = decide(&held.context(&self.user(), at), &incoming);
        let mut v = screened.verdict;
        if let Some(e) = screened.evidence {
            let mut user = self.user();
            user.consent.add_evidence(e.clone());
            user.remember(durable::Pending::Evidence(e));
            drop(user);
            // Evidence is rare and wanted for complaints: saved at once.
            self.after_screening(&mut v, true);
        }
        Ok(v)
    }
}

fn random_salt() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS per process: enough to make hashes unlinkable.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x6275_7261_6f00);
    h.finish()
}

/// The key of [`Screener::sender_key`] from the sender's canonical digits
/// (`None` when it is not a number).
fn key_of(canonical: Option<String>, sender: &str) -> String {
    let mut key = canonical.unwrap_or_else(|| sender.trim().to_lowercase());
    if key.len() > MAX_SENDER_BYTES {
        let mut end = MAX_SENDER_BYTES;
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        key.truncate(end);
    }
    key
}

#[cfg(test)]
mod tests;

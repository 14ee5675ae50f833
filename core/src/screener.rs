//! The [`Screener`]: a thread-safe handle over the current bundle.

use std::sync::{Arc, RwLock};

use crate::bundle::{Bundle, BundleInfo};
use crate::number::{normalize, Region};
use crate::sms::policy::SmsPolicy;
use crate::verdict::{Action, Reason, ReasonCode, Verdict};
use crate::Error;

/// The bundle built from `fixtures/lists/` by `scripts/build-default-bundle.sh`.
pub static DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.bundle");

/// Everything one verdict is computed from; replaced whole, never edited.
struct Engine {
    bundle: Bundle,
    region: Region,
}

impl Engine {
    fn new(bundle: Bundle) -> Result<Engine, Error> {
        let region = Region::parse(&bundle.metadata().region)?;
        Ok(Engine { bundle, region })
    }
}

/// Screens calls (and, later, messages). `Send + Sync`: share one across threads.
///
/// # Example
/// ```
/// use burao_core::{Action, Screener};
/// let s = Screener::with_default_bundle();
/// let v = s.screen_call("+86 170 0000 0000", false).unwrap();
/// assert_eq!(v.action, Action::Silence);
/// assert_eq!(s.screen_call("+86 170 0000 0000", true).unwrap().action, Action::Allow);
/// ```
pub struct Screener {
    engine: RwLock<Arc<Engine>>,
    region: RwLock<Option<Region>>,
    sms_policy: RwLock<Arc<SmsPolicy>>,
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
            engine: RwLock::new(Arc::new(Engine::new(bundle)?)),
            region: RwLock::new(None),
            sms_policy: RwLock::new(Arc::new(SmsPolicy::default())),
        })
    }

    /// Replaces the bundle atomically. A bad bundle is refused and the old one keeps serving.
    pub fn replace_bundle(&self, bytes: Vec<u8>) -> Result<BundleInfo, Error> {
        let engine = Arc::new(Engine::new(Bundle::from_vec(bytes)?)?);
        let info = engine.bundle.info();
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = engine;
        Ok(info)
    }

    /// Reads national numbers in `region` (ISO code) instead of the bundle's region.
    pub fn set_region(&self, region: &str) -> Result<(), Error> {
        let r = Region::parse(region)?;
        *self.region.write().unwrap_or_else(|p| p.into_inner()) = Some(r);
        Ok(())
    }

    /// Replaces the category → action policy for messages.
    pub fn set_sms_policy(&self, policy: SmsPolicy) {
        *self.sms_policy.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(policy);
    }

    /// Decides on an incoming message. Contacts are allowed; a sender's
    /// block or allow list entry decides before the text; otherwise the
    /// bundle's classifier and the SMS policy do. `sender` may be empty.
    ///
    /// # Example
    /// ```
    /// use burao_core::{Action, Screener};
    /// let s = Screener::with_default_bundle();
    /// let v = s.screen_sms("", "妈，我到家了", true).unwrap();
    /// assert_eq!(v.action, Action::Allow);
    /// ```
    pub fn screen_sms(&self, sender: &str, body: &str, is_contact: bool) -> Result<Verdict, Error> {
        let engine = self.current();
        let chosen = self.region.read().unwrap_or_else(|p| p.into_inner());
        let policy = Arc::clone(&self.sms_policy.read().unwrap_or_else(|p| p.into_inner()));
        Ok(crate::sms::screen::screen_sms(
            &engine.bundle,
            chosen.as_ref().unwrap_or(&engine.region),
            &policy,
            sender,
            body,
            is_contact,
        ))
    }

    /// A summary of the bundle in force.
    pub fn bundle_info(&self) -> BundleInfo {
        self.current().bundle.info()
    }

    fn current(&self) -> Arc<Engine> {
        // A panic while holding the lock cannot leave the Arc half-written.
        Arc::clone(&self.engine.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Decides on an incoming call. Contacts are always allowed.
    pub fn screen_call(&self, number: &str, is_contact: bool) -> Result<Verdict, Error> {
        let engine = self.current();
        let key = {
            let chosen = self.region.read().unwrap_or_else(|p| p.into_inner());
            normalize(number, chosen.as_ref().unwrap_or(&engine.region))?
        };
        let sequence = engine.bundle.metadata().sequence;
        if is_contact {
            return Ok(Verdict {
                action: Action::Allow,
                category: None,
                matched: None,
                label: None,
                score: None,
                reasons: vec![Reason::new(
                    ReasonCode::Contact,
                    "contacts",
                    "the caller is in your contacts",
                )],
                bundle_sequence: sequence,
            });
        }
        let digits = key.digits();
        let mut verdict = Verdict {
            action: Action::Allow,
            category: None,
            matched: None,
            label: None,
            score: None,
            reasons: Vec::new(),
            bundle_sequence: sequence,
        };
        if let Some(m) = engine.bundle.lists().lookup(digits) {
            let pattern = m.pattern(digits).to_string();
            let entry = m.entry;
            let what = match (m.exact, entry.label.as_str(), entry.category) {
                (true, "", None) => "a listed number".to_string(),
                (false, "", None) => "a listed range".to_string(),
                (_, "", Some(c)) => c.to_string(),
                (_, label, _) => label.to_string(),
            };
            let detail = match entry.action.call_action() {
                Some(a) => format!("{what}: {a} by list entry {pattern}"),
                None => format!("identified as {what} by list entry {pattern}"),
            };
            verdict
                .reasons
                .push(Reason::new(ReasonCode::ListEntry, &pattern, detail));
            verdict.category = entry.category;
            verdict.label = Some(entry.label.clone()).filter(|l| !l.is_empty());
            verdict.matched = Some(pattern);
            if let Some(action) = entry.action.call_action() {
                verdict.action = action;
                return Ok(verdict);
            }
        }
        verdict.reasons.push(Reason::new(
            ReasonCode::Default,
            "default",
            "nothing decided against the call: allowed by default",
        ));
        Ok(verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn screener_is_send_and_sync() {
        assert_send_sync::<Screener>();
    }

    #[test]
    fn embedded_bundle_loads() {
        let s = Screener::with_default_bundle();
        assert!(s.bundle_info().patterns > 0);
    }

    #[test]
    fn bad_replacement_keeps_the_old_bundle() {
        let s = Screener::with_default_bundle();
        let before = s.bundle_info();
        let mut broken = DEFAULT_BUNDLE.to_vec();
        broken.truncate(broken.len() / 2);
        assert!(s.replace_bundle(broken).is_err());
        assert_eq!(s.bundle_info(), before);
        assert!(s.replace_bundle(DEFAULT_BUNDLE.to_vec()).is_ok());
    }
}

//! The [`Screener`]: a thread-safe handle over the bundle, the user's rules and state.
//!
//! The bundle and the rule set are immutable snapshots behind `Arc`s, replaced
//! whole; a verdict is computed from one snapshot of each, so a swap in another
//! thread never mixes two bundles in one verdict. The user state (history,
//! consent, feedback) is behind one mutex; when the app gave a state file,
//! saves follow the discipline in `screener/durable.rs` (user actions durable
//! before they return, call history within a bound).

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

mod durable;
mod updates;

use durable::{Durable, User};

use crate::bundle::signature::PublicKey;
use crate::bundle::{Bundle, BundleInfo};
use crate::engine::consent::{
    is_commercial, opt_out_keyword, ConsentRecord, ConsentState, EvidenceRecord, MAX_SENDER_BYTES,
    MAX_VIA_BYTES,
};
use crate::engine::feedback::{Channel, FeedbackRecord};
use crate::engine::history::{BehaviourConfig, Outcome};
use crate::engine::rules::{RuleSet, Subject};
use crate::engine::state::UserState;
use crate::engine::{reasons, Moment};
use crate::lists::ListAction;
use crate::number::{normalize, Region};
use crate::sms::policy::SmsPolicy;
use crate::sms::screen as sms;
use crate::verdict::{Action, Category, Locale, Reason, ReasonCode, Verdict};
use crate::Error;

/// The bundle built from `fixtures/` by `scripts/build-default-bundle.sh`.
pub static DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.bundle");

/// A loaded bundle and the region its lists were written in.
struct Loaded {
    bundle: Bundle,
    region: Region,
}

impl Loaded {
    fn new(bundle: Bundle) -> Result<Loaded, Error> {
        // Checked when the bundle loads too: a bundle error, not a number error.
        let region = Region::parse(&bundle.metadata().region).map_err(|e| {
            Error::Bundle(crate::bundle::BundleError::Invalid {
                section: "header".into(),
                reason: format!("metadata region: {e}"),
            })
        })?;
        Ok(Loaded { bundle, region })
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
    loaded: RwLock<Arc<Loaded>>,
    rules: RwLock<Arc<RuleSet>>,
    user: Mutex<User>,
    region: RwLock<Option<Region>>,
    sms_policy: RwLock<Arc<SmsPolicy>>,
    durable: Mutex<Durable>,
    trusted_keys: RwLock<Vec<PublicKey>>,
}

/// Where a layer's decision came from, for the repeated-call exception.
#[derive(PartialEq)]
enum Origin {
    Range,
    Other,
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
            loaded: RwLock::new(Arc::new(Loaded::new(bundle)?)),
            rules: RwLock::new(Arc::new(RuleSet::default())),
            user: Mutex::new(User::new(UserState::new(random_salt()))),
            region: RwLock::new(None),
            sms_policy: RwLock::new(Arc::new(SmsPolicy::default())),
            durable: Mutex::new(Durable::default()),
            trusted_keys: RwLock::new(Vec::new()),
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
        self.snapshot().bundle.info()
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

    fn locale(&self) -> Locale {
        self.sms_policy
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .locale
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
            Error::Setting(format!(
                "reason language `{shown}` is not known: use `en` or `zh`"
            ))
        })?;
        let mut slot = self.sms_policy.write().unwrap_or_else(|p| p.into_inner());
        let mut policy = (**slot).clone();
        policy.locale = locale;
        *slot = Arc::new(policy);
        Ok(())
    }

    fn snapshot(&self) -> Arc<Loaded> {
        // A panic elsewhere while holding the lock cannot leave the Arc half-written.
        Arc::clone(&self.loaded.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn rule_snapshot(&self) -> Arc<RuleSet> {
        Arc::clone(&self.rules.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn user(&self) -> MutexGuard<'_, User> {
        self.user.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn region_for(&self, loaded: &Loaded) -> Region {
        let chosen = self.region.read().unwrap_or_else(|p| p.into_inner());
        chosen.as_ref().unwrap_or(&loaded.region).clone()
    }

    /// Canonical digits of a number, in the region in force.
    pub fn canonical(&self, number: &str) -> Result<String, Error> {
        let loaded = self.snapshot();
        Ok(normalize(number, &self.region_for(&loaded))?
            .digits()
            .to_string())
    }

    /// The key consent and feedback records use: canonical digits, or the
    /// trimmed lower-cased sender id for senders that are not numbers.
    /// Cut to [`MAX_SENDER_BYTES`]: a 1 MB sender id must not make a 1 MB
    /// evidence record.
    fn sender_key(&self, sender: &str) -> String {
        let mut key = self
            .canonical(sender)
            .unwrap_or_else(|_| sender.trim().to_lowercase());
        if key.len() > MAX_SENDER_BYTES {
            let mut end = MAX_SENDER_BYTES;
            while !key.is_char_boundary(end) {
                end -= 1;
            }
            key.truncate(end);
        }
        key
    }

    /// The key for a user action about `sender`; a sender id longer than
    /// [`MAX_SENDER_BYTES`] is refused, so the state stays small.
    fn user_sender_key(&self, sender: &str) -> Result<String, Error> {
        if sender.trim().len() > MAX_SENDER_BYTES {
            return Err(Error::State(format!(
                "a sender is at most {MAX_SENDER_BYTES} bytes"
            )));
        }
        Ok(self.sender_key(sender))
    }

    fn now(&self) -> Moment {
        Moment::now(self.user().utc_offset_minutes)
    }

    fn moment(&self, unix: i64) -> Moment {
        Moment::new(unix, self.user().utc_offset_minutes)
    }

    // ---- screening -------------------------------------------------------

    /// Decides on an incoming call now. Contacts are always allowed.
    pub fn screen_call(&self, number: &str, is_contact: bool) -> Result<Verdict, Error> {
        self.screen_call_at(number, is_contact, self.now().unix)
    }

    /// Decides on an incoming call at `unix` (for replays and tests), and
    /// remembers it in the call history.
    pub fn screen_call_at(
        &self,
        number: &str,
        is_contact: bool,
        unix: i64,
    ) -> Result<Verdict, Error> {
        let l = self.locale();
        let loaded = self.snapshot();
        let rules = self.rule_snapshot();
        let at = self.moment(unix);
        let mut v = Verdict::new(loaded.bundle.metadata().sequence);
        let key = match normalize(number, &self.region_for(&loaded)) {
            Ok(k) => k,
            // A contact saved as "…ext 12" or with letters still rings.
            Err(_) if is_contact => {
                v.decide(Action::Allow, reasons::contact(l));
                return Ok(v);
            }
            Err(e) => return Err(e.into()),
        };
        let digits = key.digits();
        let verdict = {
            let mut user = self.user();
            let decided = self.call_layers(&loaded, &rules, &user, digits, is_contact, at, &mut v);
            let cfg = user.behaviour;
            if let Some(origin) = decided {
                if origin == Origin::Range && matches!(v.action, Action::Block | Action::Silence) {
                    if let Some(ago) = user.history.called_recently(digits, at.unix, &cfg) {
                        v.action = Action::Allow;
                        v.reasons.insert(0, reasons::repeat_call(ago / 60, l));
                    }
                }
            } else {
                v.reasons.insert(0, reasons::default(l));
            }
            user.history.record(digits, at.unix, &cfg);
            user.remember(durable::Pending::Call {
                digits: digits.to_string(),
                unix: at.unix,
            });
            v
        };
        let mut verdict = verdict;
        self.after_screening(&mut verdict, false);
        Ok(verdict)
    }

    /// Layers 1–6 for a call; `Some` when a layer decided.
    #[allow(clippy::too_many_arguments)]
    fn call_layers(
        &self,
        loaded: &Loaded,
        rules: &RuleSet,
        user: &UserState,
        digits: &str,
        is_contact: bool,
        at: Moment,
        v: &mut Verdict,
    ) -> Option<Origin> {
        let l = self.locale();
        if user.emergency.iter().any(|e| e == digits) {
            v.decide(Action::Allow, reasons::emergency(l));
            return Some(Origin::Other);
        }
        if is_contact {
            v.decide(Action::Allow, reasons::contact(l));
            return Some(Origin::Other);
        }
        let hits = rules.matches(&Subject {
            digits: Some(digits),
            body: None,
            minute_of_week: at.minute_of_week,
        });
        if let Some(r) = hits.iter().find(|r| r.allows()) {
            v.category = r.category;
            v.decide(Action::Allow, reasons::rule(r, Action::Allow, l));
            return Some(Origin::Other);
        }
        let feedback = user.feedback.sender_override(Channel::Call, digits);
        if let Some(f) = feedback.filter(|f| !f.is_spam) {
            v.decide(Action::Allow, reasons::feedback(f, l));
            return Some(Origin::Other);
        }
        if let Some(r) = hits.first() {
            v.category = r.category;
            v.decide(
                call_action(r.action),
                reasons::rule(r, call_action(r.action), l),
            );
            return Some(Origin::Other);
        }
        if let Some(f) = feedback {
            v.decide(Action::Block, reasons::feedback(f, l));
            return Some(Origin::Other);
        }
        // A range the bundle names as a nuisance block (`identify` with an
        // unwanted category, e.g. the virtual-operator ranges) does not decide,
        // but it feeds the behaviour layer: it escalates one report sooner.
        let mut named_range = false;
        if let Some(m) = loaded.bundle.lists().lookup(digits) {
            let pattern = m.pattern(digits).to_string();
            let entry = m.entry;
            v.category = entry.category;
            v.label = Some(entry.label.clone()).filter(|l| !l.is_empty());
            v.matched = Some(pattern.clone());
            named_range = !m.exact
                && entry.action == ListAction::Identify
                && entry.category.is_some_and(|c| c.is_unwanted());
            let reason = reasons::list(&pattern, entry.category, &entry.label, entry.action, l);
            if let Some(action) = entry.action.call_action() {
                v.decide(action, reason);
                return Some(if m.exact {
                    Origin::Other
                } else {
                    Origin::Range
                });
            }
            v.reasons.push(reason);
        }
        if let Some(c) = user.consent.get(digits).filter(|c| c.state.withdrawn()) {
            v.decide(Action::Block, reasons::consent_withdrawn(c, l));
            return Some(Origin::Other);
        }
        let mut behaviour = user.behaviour;
        if named_range && behaviour.escalate_after > 1 {
            behaviour.escalate_after -= 1;
        }
        if let Some(e) = user.history.escalation(digits, at.unix, &behaviour) {
            v.decide(
                Action::Silence,
                reasons::escalated(
                    &e.range,
                    e.numbers,
                    user.behaviour.window_secs / 86_400,
                    named_range,
                    l,
                ),
            );
            if v.category.is_none() {
                v.category = Some(Category::Harassment);
            }
            return Some(Origin::Range);
        }
        None
    }

    /// Decides on an incoming message now. `sender` may be empty when unknown.
    pub fn screen_sms(&self, sender: &str, body: &str, is_contact: bool) -> Result<Verdict, Error> {
        self.screen_sms_at(sender, body, is_contact, self.now().unix)
    }

    /// Decides on an incoming message at `unix`.
    pub fn screen_sms_at(
        &self,
        sender: &str,
        body: &str,
        is_contact: bool,
        unix: i64,
    ) -> Result<Verdict, Error> {
        let l = self.locale();
        let loaded = self.snapshot();
        let rules = self.rule_snapshot();
        let digits = normalize(sender, &self.region_for(&loaded))
            .ok()
            .map(|k| k.digits().to_string());
        let key = self.sender_key(sender);
        let at = self.moment(unix);
        let mut v = Verdict::new(loaded.bundle.metadata().sequence);
        let (body, truncated) = sms::clip(body);
        let mut evidence = None;
        {
            let user = self.user();
            if !self.sms_layers(
                &loaded,
                &rules,
                &user,
                digits.as_deref(),
                &key,
                sender,
                body,
                is_contact,
                at,
                &mut v,
                &mut evidence,
            ) {
                v.reasons.insert(0, reasons::default(l));
            }
        }
        if truncated {
            v.reasons.push(sms::truncated_reason());
        }
        if let Some(e) = evidence {
            let mut user = self.user();
            user.consent.add_evidence(e.clone());
            user.remember(durable::Pending::Evidence(e));
            drop(user);
            // Evidence is rare and wanted for complaints: saved at once.
            self.after_screening(&mut v, true);
        }
        Ok(v)
    }

    #[allow(clippy::too_many_arguments)]
    fn sms_layers(
        &self,
        loaded: &Loaded,
        rules: &RuleSet,
        user: &UserState,
        digits: Option<&str>,
        key: &str,
        sender: &str,
        body: &str,
        is_contact: bool,
        at: Moment,
        v: &mut Verdict,
        evidence: &mut Option<EvidenceRecord>,
    ) -> bool {
        let l = self.locale();
        if digits.is_some_and(|d| user.emergency.iter().any(|e| e == d)) {
            v.decide(Action::Allow, reasons::emergency(l));
            return true;
        }
        if is_contact {
            v.decide(Action::Allow, reasons::contact(l));
            return true;
        }
        let hits = rules.matches(&Subject {
            digits,
            body: Some(body),
            minute_of_week: at.minute_of_week,
        });
        if let Some(r) = hits.iter().find(|r| r.allows()) {
            v.category = r.category;
            v.decide(
                sms_action(r.action),
                reasons::rule(r, sms_action(r.action), l),
            );
            return true;
        }
        let feedback = user.feedback.sender_override(Channel::Sms, key);
        if let Some(f) = feedback.filter(|f| !f.is_spam) {
            v.decide(Action::Allow, reasons::feedback(f, l));
            return true;
        }
        if let Some(r) = hits.first() {
            v.category = r.category;
            v.decide(
                sms_action(r.action),
                reasons::rule(r, sms_action(r.action), l),
            );
            return true;
        }
        if let Some(f) = feedback {
            v.decide(Action::Junk, reasons::feedback(f, l));
            return true;
        }
        let policy = Arc::clone(&self.sms_policy.read().unwrap_or_else(|p| p.into_inner()));
        // A range (prefix entry) that silences or names a nuisance block is a
        // hint for messages, not a verdict: millions of ordinary people, and
        // couriers' and riders' privacy numbers, text from such ranges. It
        // moves the spam score; exact entries and `block` ranges still decide.
        let mut prior = 0.0;
        if let Some(d) = digits {
            if let Some(m) = loaded.bundle.lists().lookup(d) {
                let pattern = m.pattern(d).to_string();
                let entry = m.entry;
                v.category = entry.category;
                v.label = Some(entry.label.clone()).filter(|l| !l.is_empty());
                v.matched = Some(pattern.clone());
                let reason = reasons::list(&pattern, entry.category, &entry.label, entry.action, l);
                let hint = !m.exact
                    && match entry.action {
                        ListAction::Silence => true,
                        ListAction::Identify => entry.category.is_some_and(|c| c.is_unwanted()),
                        ListAction::Allow | ListAction::Block => false,
                    };
                match entry.action {
                    _ if hint => {
                        prior = policy.range_prior;
                        v.reasons.push(Reason::new(
                            ReasonCode::ListEntry,
                            pattern,
                            sms::note_range(&entry.label, policy.locale),
                        ));
                    }
                    ListAction::Allow => {
                        v.decide(Action::Allow, reason);
                        return true;
                    }
                    ListAction::Block | ListAction::Silence => {
                        v.decide(Action::Junk, reason);
                        return true;
                    }
                    ListAction::Identify => v.reasons.push(reason),
                }
            }
        }
        let judged = sms::judge(&loaded.bundle, &policy, sender, body, prior, |ids| {
            user.feedback.adjustment(ids, at.unix)
        });
        let commercial = match &judged {
            Some(j) => is_commercial(Some(j.category)) || j.opt_out,
            None => sms::has_opt_out_suffix(body),
        };
        if commercial {
            if let Some(c) = user.consent.get(key) {
                if c.state.withdrawn() {
                    v.category = judged.as_ref().map(|j| j.category).or(v.category);
                    v.decide(Action::Junk, reasons::consent_withdrawn(c, l));
                    *evidence = Some(EvidenceRecord {
                        sender: key.to_string(),
                        received_unix: at.unix,
                        category: v.category.map(|c| c.as_str().to_string()),
                        withdrawn_unix: c.at_unix,
                        body: user.keep_evidence_bodies.then(|| body.to_string()),
                    });
                    return true;
                }
                if judged
                    .as_ref()
                    .is_none_or(|j| j.category != Category::Fraud)
                {
                    v.category = judged.as_ref().map(|j| j.category);
                    v.decide(Action::Allow, reasons::consent_given(c, l));
                    return true;
                }
            }
        }
        if let Some(j) = judged {
            v.category = Some(j.category);
            v.score = Some(j.score);
            v.action = j.action;
            v.reasons.splice(0..0, j.reasons);
            return true;
        }
        false
    }

    // ---- user rules -------------------------------------------------------

    /// Replaces the user's rules with a JSON rule document. A bad document is
    /// refused whole (with the index of the bad rule) and the old rules stay.
    pub fn set_rules(&self, json: &str) -> Result<usize, Error> {
        let loaded = self.snapshot();
        let set = RuleSet::parse(json, &self.region_for(&loaded))?;
        let count = set.rules().len();
        self.commit_with_rules(Some(Arc::new(set)), |s| {
            s.rules_json = json.to_string();
            Ok(count)
        })
    }

    /// The rule document in force.
    pub fn rules_json(&self) -> String {
        self.rule_snapshot().source().to_string()
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
            return Err(Error::State(format!(
                "`via` is at most {MAX_VIA_BYTES} bytes"
            )));
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
        self.commit(|s| {
            s.keep_evidence_bodies = keep;
            Ok(())
        })
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
            Some(b) => (
                Channel::Sms,
                sms::feature_ids(&self.snapshot().bundle, sender, b),
            ),
        };
        if key.is_empty() && body.is_none_or(|b| b.trim().is_empty()) {
            return Err(Error::State(
                "feedback needs a sender or a message body".into(),
            ));
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
        self.commit(|s| {
            s.behaviour = cfg;
            Ok(())
        })
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
        self.commit(|s| {
            s.emergency = digits;
            Ok(())
        })
    }

    /// The local time zone, minutes east of UTC (rule time windows use local time).
    pub fn set_utc_offset_minutes(&self, minutes: i32) -> Result<(), Error> {
        if !(-18 * 60..=18 * 60).contains(&minutes) {
            return Err(Error::State("UTC offset out of range".into()));
        }
        self.commit(|s| {
            s.utc_offset_minutes = minutes;
            Ok(())
        })
    }

    // ---- durable state: see screener/durable.rs ----------------------------
}

impl Verdict {
    fn new(bundle_sequence: u64) -> Verdict {
        Verdict {
            action: Action::Allow,
            category: None,
            matched: None,
            label: None,
            score: None,
            reasons: Vec::new(),
            bundle_sequence,
        }
    }

    /// Sets the action; the deciding reason goes first, earlier notes follow.
    fn decide(&mut self, action: Action, reason: Reason) {
        self.action = action;
        self.reasons.insert(0, reason);
    }
}

fn call_action(a: Action) -> Action {
    match a {
        Action::Junk => Action::Block,
        Action::Promotion => Action::Silence,
        Action::Transaction => Action::Allow,
        other => other,
    }
}

fn sms_action(a: Action) -> Action {
    match a {
        Action::Block | Action::Silence => Action::Junk,
        other => other,
    }
}

fn random_salt() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS per process: enough to make hashes unlinkable.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x6275_7261_6f00);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn a_saved_state_whose_rules_this_version_refuses_still_opens() {
        let dir = std::env::temp_dir().join(format!("burao-stale-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.bin");
        let path = path.to_str().unwrap();
        let old = Screener::with_default_bundle();
        old.open_state(path).unwrap();
        old.record_consent(
            "10690123456",
            ConsentState::OptedOut,
            "reply T",
            1_795_824_000,
        )
        .unwrap();
        // A rule document an older version accepted: `(?i)` is refused now.
        let stale = r#"{"schema":1,"rules":[{"id":"r","body_regex":"(?i)loan","action":"junk"}]}"#;
        let mut state = UserState::from_bytes(&old.export_state()).unwrap();
        state.rules_json = stale.to_string();
        crate::store::save_atomic(std::path::Path::new(path), &state.to_bytes()).unwrap();

        let s = Screener::with_default_bundle();
        let warning = s.open_state(path).unwrap().expect("a warning");
        assert!(warning.contains("rules are not applied"), "{warning}");
        assert_eq!(s.consent_records().len(), 1, "the opt-out survives");
        assert!(s.rule_snapshot().rules().is_empty(), "no rules in force");
        let saved = UserState::from_bytes(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(saved.rules_json, stale, "the stored document is kept");
        // New rules replace it as usual.
        s.set_rules(r#"{"schema":1,"rules":[{"id":"k","keywords":["loan"],"action":"junk"}]}"#)
            .unwrap();
        assert!(!s.rule_snapshot().rules().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

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

    #[test]
    fn contacts_ring_even_when_their_number_does_not_parse() {
        let s = Screener::with_default_bundle();
        assert_eq!(
            s.screen_call("138 0013 8000 ext 12", true).unwrap().action,
            Action::Allow
        );
        assert!(s.screen_call("138 0013 8000 ext 12", false).is_err());
    }

    #[test]
    fn bad_rules_keep_the_old_rules() {
        let s = Screener::with_default_bundle();
        let good = r#"{"schema":1,"rules":[{"id":"a","number":"138*","action":"block"}]}"#;
        assert_eq!(s.set_rules(good).unwrap(), 1);
        let bad = r#"{"schema":1,"rules":[{"id":"b","number":"139*","action":"nope"}]}"#;
        let e = s.set_rules(bad).unwrap_err();
        assert!(e.chain().contains("rule 0"), "{}", e.chain());
        assert_eq!(s.rules_json(), good);
        assert_eq!(
            s.screen_call("13800000000", false).unwrap().action,
            Action::Block
        );
    }
}

//! The user state on disk: one save discipline for threads and processes.
//!
//! - **User actions** (rules, consent, feedback, undo, call outcomes,
//!   settings, `import_state`) are all or nothing: the change is made on a
//!   copy, the copy is saved (temp file, fsync, rename, under the lock of
//!   [`crate::store`]), and only then does memory change. If the save fails
//!   the action returns `Err` and nothing changed, in memory or on disk.
//! - **Screening** never fails for a save. A call's history entry (and a
//!   message's evidence record) is kept in memory at once and written lazily:
//!   a screening call saves before it returns only when [`SAVE_EVERY_CALLS`]
//!   entries wait or the last save is [`SAVE_AFTER`] old (evidence: always).
//!   Waiting entries are also written by the next user action, by
//!   [`Screener::flush`] and when the `Screener` is dropped. A crash loses at
//!   most the waiting entries; never a user action. If a save fails the
//!   verdict still comes, with a `Note` reason `state-not-saved`, and the
//!   entries wait for the next save.
//! - **One writer at a time**: every save runs under the `durable` mutex (in
//!   the process) and an advisory lock on `state.bin.lock` (across
//!   processes). Before writing, a save checks whether another process saved
//!   since this one last read or wrote the file; if so it reloads that state,
//!   replays its own waiting entries onto it and applies its change there, so
//!   two processes on one state directory lose no update.

use std::path::PathBuf;
use std::sync::{Arc, MutexGuard};

use super::lock::{try_unpoisoned, unpoisoned};
use std::time::{Duration, Instant};

use super::Screener;
use crate::engine::consent::EvidenceRecord;
use crate::engine::rules::RuleSet;
use crate::engine::state::UserState;
use crate::store::{self, StateFile, StoreFs};
use crate::verdict::{Reason, ReasonCode, Verdict};
use crate::{Error, StateError};

/// A screening call saves when this many history entries wait to be saved.
pub const SAVE_EVERY_CALLS: usize = 32;
/// A screening call saves when the last save is at least this old.
pub const SAVE_AFTER: Duration = Duration::from_secs(1);
/// Entries kept waiting while saves fail (a full disk); older ones are dropped
/// from the wait list (they stay in memory until the history cap drops them).
const MAX_PENDING: usize = 10_000;

/// A change made by screening, kept to be replayed onto a state another
/// process saved meanwhile.
#[derive(Clone)]
pub(super) enum Pending {
    /// A call entered the history.
    Call { digits: String, unix: i64 },
    /// A message received after an opt-out.
    Evidence(EvidenceRecord),
}

impl Pending {
    fn apply(&self, s: &mut UserState) {
        match self {
            Pending::Call { digits, unix } => {
                let cfg = s.behaviour;
                s.history.record(digits, *unix, &cfg)
            }
            Pending::Evidence(e) => s.consent.add_evidence(e.clone()),
        }
    }
}

/// The user state in memory and what of it is not saved yet.
pub(super) struct User {
    pub(super) state: UserState,
    pending: Vec<Pending>,
    /// A state file is open: keep `pending`.
    persist: bool,
    saved_at: Instant,
    save_error: Option<String>,
}

impl User {
    pub(super) fn new(state: UserState) -> User {
        User {
            state,
            pending: Vec::new(),
            persist: false,
            saved_at: Instant::now(),
            save_error: None,
        }
    }

    /// Notes a change screening made to `state`.
    pub(super) fn remember(&mut self, p: Pending) {
        if self.persist {
            if self.pending.len() >= MAX_PENDING {
                self.pending.remove(0);
            }
            self.pending.push(p);
        }
    }
}

impl std::ops::Deref for User {
    type Target = UserState;
    fn deref(&self) -> &UserState {
        &self.state
    }
}

impl std::ops::DerefMut for User {
    fn deref_mut(&mut self) -> &mut UserState {
        &mut self.state
    }
}

/// The open state file; its mutex is the in-process writer lock.
#[derive(Default)]
pub(super) struct Durable {
    file: Option<StateFile>,
    /// Fingerprint of the main file as this process last read or wrote it;
    /// `None` when it is not a copy known to verify.
    seen: Option<u64>,
}

enum Wait {
    Yes,
    /// Give up (`Ok(false)`) if another process is saving.
    No,
}

impl Screener {
    fn durable(&self) -> MutexGuard<'_, Durable> {
        unpoisoned(self.durable.lock())
    }

    /// Applies a user action all or nothing (see the module docs).
    pub(super) fn commit<T>(
        &self,
        change: impl FnOnce(&mut UserState) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.commit_with_rules(None, change)
    }

    /// [`Screener::commit`], installing `rules` (already compiled from the
    /// document `change` stores) when it succeeds.
    pub(super) fn commit_with_rules<T>(
        &self,
        rules: Option<Arc<RuleSet>>,
        change: impl FnOnce(&mut UserState) -> Result<T, Error>,
    ) -> Result<T, Error> {
        // The write path is not generic (one copy in the library, not one
        // per action): the typed result travels beside it.
        let mut change = Some(change);
        let mut out = None;
        let mut apply = |s: &mut UserState| -> Result<(), Error> {
            if let Some(c) = change.take() {
                out = Some(c(s)?);
            }
            Ok(())
        };
        let mut d = self.durable();
        self.save_locked(&mut d, Wait::Yes, rules, &mut apply)?;
        Ok(out.expect("a waiting save applies the change or fails"))
    }

    /// The one write path. Holds the writer mutex (`d`) throughout and the
    /// user mutex only to copy and to install, never during I/O.
    /// `Ok(false)`: gave up because another process is saving (`Wait::No`).
    fn save_locked(
        &self,
        d: &mut Durable,
        wait: Wait,
        rules: Option<Arc<RuleSet>>,
        change: &mut dyn FnMut(&mut UserState) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        let Some(file) = d.file.as_ref() else {
            // No state file: the change applies in memory at once (every
            // change validates its input before it touches the state).
            let json = {
                let mut u = self.user();
                change(&mut u.state)?;
                u.rules_json.clone()
            };
            self.swap_rules(rules, &json);
            return Ok(true);
        };
        // The copy to change goes through the codec (linked anyway), which
        // costs the library less than a derived deep clone.
        let (copy, taken) = {
            let u = self.user();
            (u.to_bytes(), u.pending.len())
        };
        let mut next = UserState::from_bytes(&copy).map_err(|e| unreadable(e.to_string()))?;
        let lock = match wait {
            Wait::Yes => Some(file.lock()),
            Wait::No => file.try_lock().transpose(),
        };
        let _held = match lock {
            None => return Ok(false),
            Some(Ok(l)) => l,
            Some(Err(e)) => return Err(self.save_failed(e)),
        };
        let mut main_good = d.seen.is_some();
        let now = file.current_fingerprint();
        if now.is_none() {
            main_good = false;
        } else if now != d.seen {
            // Another process saved (or the file was damaged): start from
            // what is on disk and replay what this process has not saved.
            match file.load(UserState::parse_file) {
                Ok(Some(l)) => {
                    let ops = self.user().pending[..taken].to_vec();
                    next = l.value;
                    for op in &ops {
                        op.apply(&mut next);
                    }
                    main_good = l.main_fingerprint.is_some();
                }
                Ok(None) => main_good = false,
                Err(e) if e.newer => return Err(unreadable(e.message)),
                // Both copies damaged: memory is the good copy now.
                Err(_) => main_good = false,
            }
        }
        change(&mut next)?;
        let bytes = next.to_bytes();
        if let Err(e) = file.save(&bytes, main_good) {
            return Err(self.save_failed(e));
        }
        d.seen = Some(store::fingerprint(&bytes));
        drop(_held);
        self.install_saved(next, taken, rules);
        Ok(true)
    }

    fn save_failed(&self, e: std::io::Error) -> Error {
        self.user().save_error = Some(format!("cannot save ({})", e.kind()));
        Error::State(StateError::NotSaved { kind: e.kind() })
    }

    /// Puts a saved (or file-less) state in force: the entries screening
    /// added since `taken` are replayed onto it, and the rules follow the
    /// document it stores.
    fn install_saved(&self, mut next: UserState, taken: usize, rules: Option<Arc<RuleSet>>) {
        self.swap_rules(rules, &next.rules_json);
        let mut u = self.user();
        let taken = taken.min(u.pending.len());
        u.pending.drain(..taken);
        for op in &u.pending {
            op.apply(&mut next);
        }
        u.state = next;
        u.saved_at = Instant::now();
        u.save_error = None;
    }

    /// Puts `rules` in force, or else the rules of the document `json` if it
    /// is not the one in force (a state another process saved).
    fn swap_rules(&self, rules: Option<Arc<RuleSet>>, json: &str) {
        let rules = rules.or_else(|| {
            let current = self.rules.get();
            (current.source() != json).then(|| {
                // A document this version refuses (see `open_state`) leaves
                // no rules in force and stays stored.
                Arc::new(RuleSet::parse(json, &self.region()).unwrap_or_default())
            })
        });
        if let Some(r) = rules {
            self.rules.set(r);
        }
    }

    /// After a verdict: saves if the bound says so, never failing the verdict.
    pub(super) fn after_screening(&self, v: &mut Verdict, urgent: bool) {
        let due = {
            let u = self.user();
            if !u.persist || u.pending.is_empty() {
                return;
            }
            urgent || u.pending.len() >= SAVE_EVERY_CALLS || u.saved_at.elapsed() >= SAVE_AFTER
        };
        if due {
            // Another thread saving now takes this entry along or leaves it
            // to the next save: a screening call never waits for a writer.
            if let Some(mut d) = try_unpoisoned(self.durable.try_lock()) {
                let _ = self.save_locked(&mut d, Wait::No, None, &mut |_| Ok(()));
            }
        }
        if let Some(e) = self.user().save_error.clone() {
            v.reasons.push(
                Reason::new(
                    ReasonCode::Note,
                    "state-not-saved",
                    format!(
                    "the user state is not saved: {e}; the verdict stands and the save is retried"
                ),
                )
                .arg("error", e.to_string()),
            );
        }
    }

    /// Writes what screening has not saved yet (call history, evidence).
    /// Apps call it when going to the background; dropping the `Screener`
    /// does it too. `Ok` when nothing waits or no state file is open.
    pub fn flush(&self) -> Result<(), Error> {
        let mut d = self.durable();
        let waiting = {
            let u = self.user();
            !u.pending.is_empty() || u.save_error.is_some()
        };
        if d.file.is_none() || !waiting {
            return Ok(());
        }
        self.save_locked(&mut d, Wait::Yes, None, &mut |_| Ok(()))
            .map(|_| ())
    }

    /// The last save failure, until a save succeeds (`None`: all saved, or
    /// waiting within the bound).
    pub fn save_error(&self) -> Option<String> {
        self.user().save_error.clone()
    }

    /// The user state as verified bytes.
    pub fn export_state(&self) -> Vec<u8> {
        self.user().to_bytes()
    }

    /// Replaces the user state with verified bytes; bad bytes change nothing.
    /// With a state file open the new state is saved first (all or nothing).
    pub fn import_state(&self, bytes: &[u8]) -> Result<(), Error> {
        let state = UserState::from_bytes(bytes).map_err(|e| unreadable(e.to_string()))?;
        let rules = RuleSet::parse(&state.rules_json, &self.region())?;
        self.commit_with_rules(Some(Arc::new(rules)), |s| {
            *s = state;
            Ok(())
        })
    }

    /// Uses `path` as the state file: loads it if present (falling back to the
    /// last good copy, with a warning returned) and from then on saves as the
    /// module docs of `screener/durable.rs` say: user actions before they
    /// return, call history within `SAVE_EVERY_CALLS` / `SAVE_AFTER`.
    ///
    /// A file a newer format version wrote is refused (`Err`) and left as it
    /// is. Rules that this version no longer compiles do not cost the user
    /// the rest: the state is installed with no rules in force, the stored
    /// document is kept until new rules are set, and a warning says so.
    pub fn open_state(&self, path: &str) -> Result<Option<String>, Error> {
        self.open_state_with_fs(path, Arc::new(store::RealFs))
    }

    /// [`Screener::open_state`] with the file operations going through `fs`
    /// (tests use it to simulate a full disk).
    pub fn open_state_with_fs(
        &self,
        path: &str,
        fs: Arc<dyn StoreFs>,
    ) -> Result<Option<String>, Error> {
        let mut d = self.durable();
        if d.file.is_some() {
            // Best effort: the file being left gets what waits.
            let _ = self.save_locked(&mut d, Wait::Yes, None, &mut |_| Ok(()));
        }
        let file = StateFile::with_fs(PathBuf::from(path), fs);
        let loaded = {
            // A read-only directory cannot hold the lock file: load anyway.
            let _held = file.lock().ok();
            file.load(UserState::parse_file)
        };
        let loaded = loaded.map_err(|e| unreadable(e.message))?;
        let mut warnings = Vec::new();
        let seen = match loaded {
            Some(l) => {
                warnings.extend(l.warning);
                warnings.extend(self.install_opened(l.value));
                l.main_fingerprint
            }
            None => None,
        };
        d.file = Some(file);
        d.seen = seen;
        {
            let mut u = self.user();
            u.persist = true;
            u.pending.clear();
        }
        if seen.is_none() {
            // A first start (or a recovery): write the state now, but an
            // unwritable directory still lets screening go on.
            if let Err(e) = self.save_locked(&mut d, Wait::Yes, None, &mut |_| Ok(())) {
                warnings.push(e.to_string());
            }
        }
        Ok((!warnings.is_empty()).then(|| warnings.join("; ")))
    }

    fn install_opened(&self, state: UserState) -> Option<String> {
        let (rules, warning) = match RuleSet::parse(&state.rules_json, &self.region()) {
            Ok(r) => (r, None),
            Err(e) => (
                RuleSet::default(),
                Some(format!(
                    "the saved rules are not applied, this version refuses them ({e}); \
                     the rest of the state is loaded and the rules stay stored until new ones are set"
                )),
            ),
        };
        self.rules.set(Arc::new(rules));
        let mut u = self.user();
        u.state = state;
        u.saved_at = Instant::now();
        u.save_error = None;
        warning
    }
}

fn unreadable(reason: String) -> Error {
    Error::State(StateError::Unreadable(reason))
}

impl Drop for Screener {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

//! The user state: the state file, saving, and export/import as bytes.

use crate::{BuraoError, Screener};

#[uniffi::export]
impl Screener {
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
}

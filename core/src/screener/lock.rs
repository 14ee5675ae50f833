//! The screener's one way to take a lock, and its snapshot slots.
//!
//! A poisoned lock (a panic in another thread while it held it) is taken
//! anyway: what the slots hold is an `Arc` replaced whole, never half
//! written, and the user state changes only by whole assignments of values
//! computed before the lock is taken (see `screener/durable.rs`).

use std::sync::{Arc, LockResult, PoisonError, RwLock, RwLockWriteGuard, TryLockError};

/// The guard of a lock, poisoned or not.
pub(super) fn unpoisoned<G>(result: LockResult<G>) -> G {
    result.unwrap_or_else(PoisonError::into_inner)
}

/// The guard of a `try_lock`, poisoned or not; `None` when it is held.
pub(super) fn try_unpoisoned<G>(result: Result<G, TryLockError<G>>) -> Option<G> {
    match result {
        Ok(g) => Some(g),
        Err(TryLockError::Poisoned(p)) => Some(unpoisoned(Err(p))),
        Err(TryLockError::WouldBlock) => None,
    }
}

/// An immutable snapshot swapped whole: readers clone the `Arc` and never
/// see two versions mixed.
pub(super) struct Slot<T>(RwLock<Arc<T>>);

impl<T> Slot<T> {
    pub(super) fn new(value: T) -> Slot<T> {
        Slot(RwLock::new(Arc::new(value)))
    }

    /// The snapshot in force.
    pub(super) fn get(&self) -> Arc<T> {
        let slot = unpoisoned(self.0.read());
        Arc::clone(&slot)
    }

    /// Puts `value` in force.
    pub(super) fn set(&self, value: Arc<T>) {
        *self.write() = value;
    }

    /// The write lock, for a swap that checks what is in force first.
    pub(super) fn write(&self) -> RwLockWriteGuard<'_, Arc<T>> {
        unpoisoned(self.0.write())
    }

    /// Replaces the snapshot with a changed copy, under the write lock so
    /// two changes at once do not lose one (inputs are checked before).
    pub(super) fn update(&self, change: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        let mut slot = self.write();
        let mut next = T::clone(&slot);
        change(&mut next);
        *slot = Arc::new(next);
    }
}

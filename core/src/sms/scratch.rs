//! Buffers reused from one message to the next on the same thread.
//!
//! A message's features and the explanation's candidates take a few KB each,
//! past the allocator's fast path for small blocks: allocating and freeing
//! them for every message cost more than the work on many short messages
//! (issue 17). A buffer goes back to its thread's slot when dropped, cleared,
//! unless it grew past [`KEEP`] elements (a 64 KiB body's are freed instead
//! of staying with the thread).

use std::cell::Cell;
use std::thread::LocalKey;

/// Elements a kept buffer may hold (a long concatenated SMS stays under it).
pub(crate) const KEEP: usize = 2048;

/// A `Vec` taken from a thread's slot; returned to it on drop.
pub(crate) struct Reused<T: 'static> {
    v: Vec<T>,
    slot: &'static LocalKey<Cell<Vec<T>>>,
}

impl<T> Reused<T> {
    /// The slot's buffer (empty), or a new one when the slot is empty or gone.
    pub(crate) fn take(slot: &'static LocalKey<Cell<Vec<T>>>) -> Reused<T> {
        let v = slot.try_with(Cell::take).unwrap_or_default();
        Reused { v, slot }
    }
}

impl<T> std::ops::Deref for Reused<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.v
    }
}

impl<T> std::ops::DerefMut for Reused<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.v
    }
}

impl<T> Drop for Reused<T> {
    fn drop(&mut self) {
        let mut v = std::mem::take(&mut self.v);
        if v.capacity() <= KEEP {
            v.clear();
            // During thread teardown the slot is gone: the buffer is freed.
            let _ = self.slot.try_with(|c| c.set(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: Cell<Vec<u32>> = const { Cell::new(Vec::new()) };
    }

    #[test]
    fn a_buffer_comes_back_empty_and_a_large_one_is_freed() {
        let mut a = Reused::take(&SLOT);
        a.extend([1, 2, 3]);
        let ptr = a.as_ptr();
        drop(a);
        let b = Reused::take(&SLOT);
        assert!(b.is_empty());
        assert_eq!(b.as_ptr(), ptr, "the same allocation, reused");
        // Taken twice at once: the second is a fresh buffer.
        let c = Reused::take(&SLOT);
        assert_eq!(c.capacity(), 0);
        drop((b, c));
        let mut d = Reused::take(&SLOT);
        d.reserve(KEEP + 1);
        drop(d);
        assert!(Reused::take(&SLOT).capacity() <= KEEP);
    }
}

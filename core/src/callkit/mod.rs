//! Export for iOS CallKit (Call Directory extensions).
//!
//! CallKit blocks and identifies calls only from exact numbers, given as 64-bit
//! integers (E.164 digits, `8613800138000`) in strictly ascending order, ahead of
//! time. This module turns a bundle's lists into those numbers:
//!
//! - **What goes where.** The number's deciding entry is the one
//!   [`PrefixList::lookup`](crate::lists::PrefixList::lookup) finds (longest
//!   match, exact beats prefix). `block` entries go to the blocking stream.
//!   `silence` entries go to the *identification* stream with their label:
//!   CallKit cannot ring silently, and blocking them would hide real callers
//!   from the wrong-block-averse user (false positives are the worst failure).
//!   `identify` entries go to identification. `allow` entries are holes: their
//!   numbers are in neither stream, and longer entries inside an allowed range
//!   take their numbers back.
//! - **Prefixes become numbers** of the lengths `data/number_lengths.tsv` gives
//!   for them (CN mobile: 11 national digits; Beijing, Shanghai …: 10). Where the
//!   length depends on more than the prefix shows (short codes, most three-digit
//!   area codes, other countries), nothing is guessed: the pattern is named in
//!   [`ExportReport::unknown_length`]. Exact entries are always exported as they are.
//! - **Ascending numeric order.** Numbers come length by length (a shorter number
//!   is always smaller, no E.164 number starts with 0), and within one length in
//!   key order, which is then numeric order.
//! - **Budget.** At most [`CallKitOptions::budget`] numbers; what does not fit is
//!   left out whole by pattern, highest severity and most specific first, and
//!   named in [`ExportReport::over_budget`].
//! - **Batches and cursor.** [`CallKitExport::next_batch`] returns at most
//!   [`CallKitOptions::batch_size`] numbers and an opaque cursor to pass back in,
//!   across extension runs if need be; memory is bounded by the batch size, not
//!   by the lists. A cursor only fits the export (bundles, budget) that made it.
//! - **Incremental.** [`CallKitExport::incremental`] walks the previous and the
//!   new lists together and sends only numbers to remove and to add. It assumes
//!   the previous bundle was loaded in full with the same budget.
//!
//! # Example
//! ```
//! use burao_core::bundle::{Bundle, BundleWriter, Metadata};
//! use burao_core::callkit::{CallKitExport, CallKitOptions};
//! use burao_core::lists::{ListAction, ListBuilder};
//! use burao_core::number::Region;
//!
//! let mut lists = ListBuilder::new(Region::cn());
//! lists.add_csv("l.csv", "pattern,category,action,label\n\
//!     13800138*,fraud,block,scam ring\n13800138005,,allow,my dentist\n\
//!     95588,,identify,ICBC\n", ListAction::Block).unwrap();
//! let bytes = BundleWriter::new(Metadata::new("demo", "1", "CN")).lists(&lists.build().unwrap()).to_bytes();
//! let export = CallKitExport::full(Bundle::from_vec(bytes).unwrap(), CallKitOptions::default());
//!
//! let batch = export.next_batch(None).unwrap();
//! assert_eq!(batch.identify[0].number, 8695588);
//! assert_eq!(batch.identify[0].label, "ICBC");
//! assert_eq!(batch.block.len(), 999); // 8613800138000..=8613800138999, less the dentist
//! assert!(!batch.block.contains(&8613800138005));
//! assert!(batch.block.windows(2).all(|w| w[0] < w[1]));
//! assert!(batch.next_cursor.is_none());
//! ```

mod plan;
mod walk;

use std::fmt;
use std::ops::ControlFlow;

pub use plan::{ExportReport, PatternReport, REPORT_LIMIT};

use crate::bundle::Bundle;
use crate::lengths::LengthRules;
use crate::lists::{ListAction, ListEntry};
use plan::{class_of, Plan};
use walk::{Owner, Run, Visitor, Walker};

/// Numbers per batch unless told otherwise.
pub const DEFAULT_BATCH_SIZE: u32 = 5_000;
/// Numbers per export unless told otherwise: a conservative guess at what a Call
/// Directory extension loads in reasonable time and memory.
pub const DEFAULT_BUDGET: u64 = 2_000_000;

/// How an export is cut.
///
/// # Example
/// ```
/// let o = burao_core::callkit::CallKitOptions { budget: 1_000, ..Default::default() };
/// assert_eq!(o.batch_size, burao_core::callkit::DEFAULT_BATCH_SIZE);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallKitOptions {
    /// At most this many numbers, blocking and identification together.
    pub budget: u64,
    /// At most this many entries per batch (at least one number is always sent).
    pub batch_size: u32,
}

impl Default for CallKitOptions {
    fn default() -> CallKitOptions {
        CallKitOptions {
            budget: DEFAULT_BUDGET,
            batch_size: DEFAULT_BATCH_SIZE,
        }
    }
}

/// One number to identify, with the text CallKit shows.
#[derive(Clone, PartialEq, Eq)]
pub struct CallKitLabel {
    /// E.164 digits as an integer.
    pub number: i64,
    /// The list entry's label (its category when it has none).
    pub label: String,
}

/// One batch: add (and, incrementally, remove) these, then ask for the next.
///
/// Every list is in strictly ascending order, and every number of a batch is
/// below every number of the next one. Apply removals before additions.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CallKitBatch {
    /// Numbers to block.
    pub block: Vec<i64>,
    /// Numbers to identify.
    pub identify: Vec<CallKitLabel>,
    /// Numbers to stop blocking (incremental exports only).
    pub remove_block: Vec<i64>,
    /// Numbers to stop identifying (incremental exports only); a number whose
    /// label changed is removed here and added again in `identify`.
    pub remove_identify: Vec<i64>,
    /// Pass this to [`CallKitExport::next_batch`] for the next batch; `None` when done.
    pub next_cursor: Option<String>,
}

impl CallKitBatch {
    /// Entries in this batch, all lists together.
    pub fn len(&self) -> usize {
        self.block.len()
            + self.identify.len()
            + self.remove_block.len()
            + self.remove_identify.len()
    }

    /// True for a batch with nothing in it.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

// Batches are phone numbers: Debug shows only how many.
impl fmt::Debug for CallKitBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CallKitBatch(block {}, identify {}, remove_block {}, remove_identify {}, more: {})",
            self.block.len(),
            self.identify.len(),
            self.remove_block.len(),
            self.remove_identify.len(),
            self.next_cursor.is_some()
        )
    }
}

impl fmt::Debug for CallKitLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CallKitLabel({:?})", self.label)
    }
}

/// Why a batch could not be made. The fix is always to start again without a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallKitError {
    /// The cursor is not one this library wrote.
    InvalidCursor,
    /// The cursor was made by another export (other bundle, previous bundle or budget).
    CursorMismatch,
}

impl fmt::Display for CallKitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallKitError::InvalidCursor => {
                "the CallKit cursor is not one this library wrote: start the export again without a cursor"
            }
            CallKitError::CursorMismatch => {
                "the CallKit cursor belongs to another export (other bundle or budget): start the export again without a cursor"
            }
        })
    }
}

impl std::error::Error for CallKitError {}

/// A full or incremental export of a bundle's lists, cut into batches.
///
/// Making one counts every pattern's numbers once (a walk over the lists, not
/// over the numbers); each batch then walks only as far as it needs.
pub struct CallKitExport {
    bundle: Bundle,
    plan: Plan,
    previous: Option<(Bundle, Plan)>,
    rules: &'static LengthRules,
    batch_size: usize,
    fingerprint: u32,
}

impl fmt::Debug for CallKitExport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallKitExport")
            .field("incremental", &self.previous.is_some())
            .field("batch_size", &self.batch_size)
            .field("report", &self.plan.report)
            .finish()
    }
}

impl CallKitExport {
    /// Everything to load into an empty Call Directory.
    pub fn full(bundle: Bundle, options: CallKitOptions) -> CallKitExport {
        CallKitExport::make(bundle, None, options, LengthRules::builtin())
    }

    /// Only what changes from `previous` (loaded in full, same budget) to `bundle`.
    ///
    /// # Example
    /// ```
    /// use burao_core::bundle::{Bundle, BundleWriter, Metadata};
    /// use burao_core::callkit::{CallKitExport, CallKitOptions};
    /// use burao_core::lists::{ListAction, ListBuilder};
    /// use burao_core::number::Region;
    ///
    /// let bundle = |csv: &str| {
    ///     let mut b = ListBuilder::new(Region::cn());
    ///     b.add_csv("l.csv", &format!("pattern,category,action,label\n{csv}"), ListAction::Block).unwrap();
    ///     Bundle::from_vec(BundleWriter::new(Metadata::new("t", "1", "CN")).lists(&b.build().unwrap()).to_bytes()).unwrap()
    /// };
    /// let old = bundle("13800138000\n13800138001\n");
    /// let new = bundle("13800138001\n13800138002\n");
    /// let batch = CallKitExport::incremental(old, new, CallKitOptions::default()).next_batch(None).unwrap();
    /// assert_eq!(batch.remove_block, vec![8613800138000]);
    /// assert_eq!(batch.block, vec![8613800138002]);
    /// ```
    pub fn incremental(previous: Bundle, bundle: Bundle, options: CallKitOptions) -> CallKitExport {
        CallKitExport::make(bundle, Some(previous), options, LengthRules::builtin())
    }

    /// Reads and verifies the bundle bytes (and the previous bundle's, for an
    /// incremental export) and makes the export: the one call a binding needs.
    ///
    /// # Example
    /// ```
    /// use burao_core::callkit::{CallKitExport, CallKitOptions};
    /// let bytes = burao_core::DEFAULT_BUNDLE.to_vec();
    /// let export = CallKitExport::from_bytes(bytes.clone(), Some(bytes), CallKitOptions::default()).unwrap();
    /// assert!(export.is_incremental());
    /// assert!(export.next_batch(None).unwrap().is_empty(), "same bundle, nothing changes");
    /// assert!(CallKitExport::from_bytes(vec![1, 2, 3], None, CallKitOptions::default()).is_err());
    /// ```
    pub fn from_bytes(
        bundle: Vec<u8>,
        previous: Option<Vec<u8>>,
        options: CallKitOptions,
    ) -> Result<CallKitExport, crate::Error> {
        let bundle = Bundle::from_vec(bundle)?;
        let previous = previous.map(Bundle::from_vec).transpose()?;
        Ok(CallKitExport::make(
            bundle,
            previous,
            options,
            LengthRules::builtin(),
        ))
    }

    fn make(
        bundle: Bundle,
        previous: Option<Bundle>,
        options: CallKitOptions,
        rules: &'static LengthRules,
    ) -> CallKitExport {
        let plan = Plan::compute(bundle.lists(), rules, options.budget);
        let previous = previous.map(|b| {
            let p = Plan::compute(b.lists(), rules, options.budget);
            (b, p)
        });
        let mut h = crate::crc::Hasher::new();
        h.update(b"burao-callkit-1");
        h.update(format!("{rules:?}").as_bytes());
        h.update(&options.budget.to_le_bytes());
        h.update(stored_checksum(&bundle));
        if let Some((b, _)) = &previous {
            h.update(b"previous");
            h.update(stored_checksum(b));
        }
        CallKitExport {
            bundle,
            plan,
            previous,
            rules,
            batch_size: options.batch_size.max(1) as usize,
            fingerprint: h.finalize(),
        }
    }

    /// True for an export made by [`CallKitExport::incremental`].
    pub fn is_incremental(&self) -> bool {
        self.previous.is_some()
    }

    /// What the new bundle exports in full, and what it leaves out.
    pub fn report(&self) -> &ExportReport {
        &self.plan.report
    }

    /// The batch after `cursor` (`None`: the first one).
    pub fn next_batch(&self, cursor: Option<&str>) -> Result<CallKitBatch, CallKitError> {
        let from = match cursor {
            None => 0,
            Some(c) => decode_cursor(c, self.fingerprint)?,
        };
        let mut filler = Filler {
            sides: [
                Some((self.bundle.lists().entries(), &self.plan)),
                self.previous
                    .as_ref()
                    .map(|(b, p)| (b.lists().entries(), p)),
            ],
            batch: CallKitBatch::default(),
            room: self.batch_size,
            next: None,
        };
        let walker = Walker {
            fsts: [
                Some(self.bundle.lists().raw_fst()),
                self.previous.as_ref().map(|(b, _)| b.lists().raw_fst()),
            ],
            rules: self.rules,
            entries: [
                self.bundle.lists().entries().len(),
                self.previous
                    .as_ref()
                    .map_or(0, |(b, _)| b.lists().entries().len()),
            ],
        };
        // Only numbers one of the plans exports can be added or removed.
        let mut spans = self.plan.spans;
        if let Some((_, p)) = &self.previous {
            for (s, o) in spans.iter_mut().zip(p.spans) {
                *s = (s.0.min(o.0), s.1.max(o.1));
            }
        }
        let _ = walker.ascending_from(from, &spans, &mut filler);
        let mut batch = filler.batch;
        batch.next_cursor = filler
            .next
            .map(|n| format!("ck1-{:08x}-{n:x}", self.fingerprint));
        Ok(batch)
    }
}

fn stored_checksum(bundle: &Bundle) -> &[u8] {
    let bytes = bundle.bytes();
    &bytes[bytes.len().saturating_sub(4)..]
}

fn decode_cursor(cursor: &str, fingerprint: u32) -> Result<u64, CallKitError> {
    let mut parts = cursor.split('-');
    let (Some("ck1"), Some(fp), Some(next), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CallKitError::InvalidCursor);
    };
    let fp = u32::from_str_radix(fp, 16).map_err(|_| CallKitError::InvalidCursor)?;
    let next = u64::from_str_radix(next, 16).map_err(|_| CallKitError::InvalidCursor)?;
    if fp != fingerprint {
        return Err(CallKitError::CursorMismatch);
    }
    Ok(next)
}

/// What one number is in CallKit under one side's lists and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State<'a> {
    Nothing,
    Block,
    Identify(&'a str),
}

fn label_of(entry: &ListEntry) -> &str {
    if !entry.label.is_empty() {
        &entry.label
    } else if let Some(c) = entry.category {
        c.as_str()
    } else {
        "listed"
    }
}

struct Filler<'a> {
    sides: [Option<(&'a [ListEntry], &'a Plan)>; 2],
    batch: CallKitBatch,
    room: usize,
    next: Option<u64>,
}

impl<'a> Filler<'a> {
    fn state(&self, side: usize, owner: Option<Owner>, digits: &[u8]) -> State<'a> {
        let (Some((entries, plan)), Some(owner)) = (self.sides[side], owner) else {
            return State::Nothing;
        };
        let entry = &entries[owner.value as usize];
        match class_of(entry.action, owner) {
            Some(c) if plan.includes(c, &digits[..owner.len as usize]) => match entry.action {
                ListAction::Block => State::Block,
                _ => State::Identify(label_of(entry)),
            },
            _ => State::Nothing,
        }
    }
}

impl Visitor for Filler<'_> {
    fn run(&mut self, run: Run<'_>) -> ControlFlow<()> {
        let Run {
            digits,
            start,
            end,
            owners,
        } = run;
        let new = self.state(0, owners[0], digits);
        let old = self.state(1, owners[1], digits);
        if new == old {
            return ControlFlow::Continue(());
        }
        let add_block = new == State::Block;
        let remove_block = old == State::Block;
        let add_label = match new {
            State::Identify(l) => Some(l),
            _ => None,
        };
        let remove_label = matches!(old, State::Identify(_));
        let per_number = [add_block, remove_block, add_label.is_some(), remove_label]
            .iter()
            .filter(|&&b| b)
            .count()
            .max(1);
        let used = self.batch.len();
        let mut take = ((self.room.saturating_sub(used)) / per_number) as u64;
        if take == 0 {
            if used > 0 {
                self.next = Some(start);
                return ControlFlow::Break(());
            }
            take = 1;
        }
        let stop = start.saturating_add(take).min(end);
        for n in start..stop {
            let n = n as i64;
            if remove_block {
                self.batch.remove_block.push(n);
            }
            if remove_label {
                self.batch.remove_identify.push(n);
            }
            if add_block {
                self.batch.block.push(n);
            }
            if let Some(label) = add_label {
                self.batch.identify.push(CallKitLabel {
                    number: n,
                    label: label.to_string(),
                });
            }
        }
        if stop < end {
            self.next = Some(stop);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests;

//! The CallKit export (iOS Call Directory): the core's batches and labels
//! (`#[uniffi::remote]`) and a copy of its report, whose counts are signed here.

use std::sync::Arc;

pub use burao_core::callkit::{CallKitBatch, CallKitLabel};

use crate::convert::{signed, unsigned, U32};
use crate::BuraoError;

/// One batch for `CXCallDirectoryExtensionContext`, numbers in ascending order.
#[uniffi::remote(Record)]
pub struct CallKitBatch {
    /// Numbers to add as blocking entries.
    pub block: Vec<i64>,
    /// Numbers to add as identification entries.
    pub identify: Vec<CallKitLabel>,
    /// Numbers to remove from blocking (incremental loads).
    pub remove_block: Vec<i64>,
    /// Numbers to remove from identification (incremental loads).
    pub remove_identify: Vec<i64>,
    /// Pass to the next call; `null` when the export is complete.
    pub next_cursor: Option<String>,
}

/// An identification entry.
#[uniffi::remote(Record)]
pub struct CallKitLabel {
    /// E.164 digits as an integer.
    pub number: i64,
    /// The label iOS shows.
    pub label: String,
}

/// What an export holds and what it had to leave out.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CallKitReport {
    /// The budget the export was planned for.
    pub budget: i64,
    /// Blocking numbers in the export.
    pub block_numbers: i64,
    /// Identification numbers in the export.
    pub identify_numbers: i64,
    /// Numbers left out for the budget.
    pub over_budget_numbers: i64,
    /// Patterns left out for the budget.
    pub over_budget_patterns: i64,
    /// Patterns whose number length is unknown (not exported).
    pub unknown_length_patterns: i64,
    /// Patterns that cannot be exported at all.
    pub not_exportable_patterns: i64,
}

/// Streams a bundle's lists as CallKit batches. Memory stays bounded by the batch size.
#[derive(uniffi::Object)]
pub struct CallKitExporter {
    inner: burao_core::callkit::CallKitExport,
}

#[uniffi::export]
impl CallKitExporter {
    /// A full export of `bundle`, or, with `previous`, only the changes since it.
    #[uniffi::constructor]
    pub fn new(
        bundle: Vec<u8>,
        previous: Option<Vec<u8>>,
        budget: i64,
        batch_size: i32,
    ) -> Result<Arc<Self>, BuraoError> {
        let options = burao_core::callkit::CallKitOptions {
            budget: unsigned(budget, u64::MAX, "budget")?,
            batch_size: unsigned(batch_size.into(), U32, "batchSize")? as u32,
        };
        let inner = burao_core::callkit::CallKitExport::from_bytes(bundle, previous, options)?;
        Ok(Arc::new(CallKitExporter { inner }))
    }

    /// True when the export holds only changes (`isIncremental` in CallKit).
    pub fn is_incremental(&self) -> bool {
        self.inner.is_incremental()
    }

    /// The next batch after `cursor` (`null` for the first).
    pub fn next_batch(&self, cursor: Option<String>) -> Result<CallKitBatch, BuraoError> {
        let batch = self.inner.next_batch(cursor.as_deref());
        Ok(batch.map_err(burao_core::Error::from)?)
    }

    /// Counts, and what was left out.
    pub fn report(&self) -> CallKitReport {
        self.inner.report().into()
    }
}

impl From<&burao_core::callkit::ExportReport> for CallKitReport {
    fn from(r: &burao_core::callkit::ExportReport) -> Self {
        CallKitReport {
            budget: signed(r.budget),
            block_numbers: signed(r.block_numbers),
            identify_numbers: signed(r.identify_numbers),
            over_budget_numbers: signed(r.over_budget_numbers),
            over_budget_patterns: signed(r.over_budget_patterns),
            unknown_length_patterns: signed(r.unknown_length_patterns),
            not_exportable_patterns: signed(r.not_exportable_patterns),
        }
    }
}

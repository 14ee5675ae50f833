//! # burao-core
//!
//! The on-device core of Burao, a call and SMS screening SDK: phone-number
//! normalisation, fst prefix lists, the verified bundle format, and the
//! [`Screener`] that turns them into explained [`Verdict`]s. It knows nothing
//! of FFI, files or platforms: it takes bytes and strings and returns values.
//!
//! ```
//! use burao_core::{Action, Category, Screener};
//!
//! let screener = Screener::with_default_bundle();
//! // A virtual-operator range names the caller; ranges are hints, not verdicts.
//! let v = screener.screen_call("170-0000-0000", false).unwrap();
//! assert_eq!(v.action, Action::Allow);
//! assert_eq!(v.category, Some(Category::Harassment));
//! assert_eq!(v.matched.as_deref(), Some("+86170*"));
//! ```
#![deny(missing_docs)]

pub mod bundle;
pub mod callkit;
// Public for the load benchmark only (the checksum's own cost).
mod codec;
#[doc(hidden)]
pub mod crc;
pub mod engine;
mod error;
mod lengths;
pub mod limits;
pub mod lists;
pub mod number;
mod redact;
mod screener;
pub mod sms;
pub mod store;
#[cfg(test)]
mod test_support;
mod verdict;

pub use error::{Error, SettingError, StateError};
pub use screener::{Screener, DEFAULT_BUNDLE};
pub use sms::policy::SmsPolicy;
pub use verdict::Span;
pub use verdict::{
    Action, Category, Locale, Reason, ReasonArg, ReasonCode, Verdict, QUOTING_ARGS,
    REASON_ARG_NAMES,
};

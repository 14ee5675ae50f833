//! # burao (bindings)
//!
//! The Kotlin and Swift face of [`burao_core`]: a thin exported [`Screener`]
//! whose every method is one call into the core engine, grouped by topic
//! ([`screening`], [`bundle`], [`consent`], [`state`], [`callkit`]), and one
//! small error enum ([`BuraoError`]). The enums and most records are the
//! core's own, exported with `#[uniffi::remote]`; copies remain only where
//! the shape differs (every exported integer is signed, see `convert`).
//! The bindings themselves are generated from the built library by
//! `uniffi-bindgen generate --library` and never committed.
//!
//! Panics unwind (the workspace never sets `panic = "abort"`), so UniFFI turns
//! one into `InternalException` in Kotlin and `UniffiInternalError.rustPanic`
//! in Swift instead of killing the app.
//!
//! ```
//! use burao::{Action, Screener};
//! let screener = Screener::new();
//! let v = screener.screen_call("+86 170 0000 0000".into(), false).unwrap();
//! assert_eq!(v.action, Action::Allow); // named as a virtual-operator number, not silenced
//! assert_eq!(v.matched.as_deref(), Some("+86170*"));
//! ```

pub mod bundle;
pub mod callkit;
pub mod consent;
mod convert;
mod error;
pub mod screening;
pub mod state;
#[cfg(feature = "testing")]
mod testing;
pub mod verdict;

pub use bundle::{BundleInfo, BundleSection, Metadata};
pub use callkit::{CallKitBatch, CallKitExporter, CallKitLabel, CallKitReport};
pub use consent::{Channel, ConsentRecord, ConsentState, EvidenceRecord, FeedbackRecord, Outcome};
pub use error::BuraoError;
pub use screening::BehaviourConfig;
pub use verdict::{Action, Category, Reason, ReasonArg, ReasonCode, Span, Verdict};

uniffi::setup_scaffolding!();

/// Screens calls and messages against a bundle. One per process, shared by all
/// threads. Call off the main thread: `openState`, bundle loads, and, with a
/// state file open, screening and every change to the user state (they write
/// the file). See bindings/README.md, "Threading".
#[derive(uniffi::Object)]
pub struct Screener {
    inner: burao_core::Screener,
}

impl Screener {
    fn wrap(inner: burao_core::Screener) -> Screener {
        Screener { inner }
    }
}

#[cfg(test)]
mod redaction_tests;

//! # burao (bindings)
//!
//! The Kotlin and Swift face of [`burao_core`]: a thin exported [`Screener`]
//! whose every method is one call into the core engine, records and enums that
//! mirror the core's ([`types`]), and one small error enum ([`BuraoError`]).
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

mod convert;
pub mod engine;
mod error;
#[cfg(feature = "testing")]
mod testing;
pub mod types;

pub use engine::{
    BehaviourConfig, CallKitBatch, CallKitExporter, CallKitLabel, CallKitReport, Channel,
    ConsentRecord, ConsentState, EvidenceRecord, FeedbackRecord, Outcome,
};
pub use error::BuraoError;
pub use types::{
    Action, BundleInfo, BundleSection, Category, Metadata, Reason, ReasonCode, Span, Verdict,
};

uniffi::setup_scaffolding!();

/// Screens calls and messages against a bundle. One per process, shared by all
/// threads. Call off the main thread: `openState`, bundle loads, and, with a
/// state file open, screening and every change to the user state (they write
/// the file). See bindings/README.md, "Threading".
#[derive(uniffi::Object)]
pub struct Screener {
    inner: burao_core::Screener,
}

#[uniffi::export]
impl Screener {
    /// A screener over the bundle embedded in the library.
    #[uniffi::constructor]
    #[allow(clippy::new_without_default)] // `Default` means nothing to Kotlin or Swift.
    pub fn new() -> Self {
        Screener {
            inner: burao_core::Screener::with_default_bundle(),
        }
    }

    /// A screener over a bundle file's bytes (as written by `burao build`).
    #[uniffi::constructor]
    pub fn from_bundle(bytes: Vec<u8>) -> Result<Self, BuraoError> {
        Ok(Screener {
            inner: burao_core::Screener::from_bytes(bytes)?,
        })
    }

    /// Decides on an incoming call; contacts are always allowed. With a state
    /// file open it never fails for a save (see `openState`): the call enters
    /// the history, saved at most 32 calls or one second later.
    #[uniffi::method(default(is_contact = false))]
    pub fn screen_call(&self, number: String, is_contact: bool) -> Result<Verdict, BuraoError> {
        Ok(self.inner.screen_call(&number, is_contact)?.into())
    }

    /// A screener over a signed bundle, pinned to `trustedKeys` (32-byte
    /// Ed25519 public keys) from the start: later bundles must be signed too.
    #[uniffi::constructor]
    pub fn from_signed_bundle(
        bytes: Vec<u8>,
        trusted_keys: Vec<Vec<u8>>,
    ) -> Result<Self, BuraoError> {
        Ok(Screener {
            inner: burao_core::Screener::from_signed_bytes(
                bytes,
                engine::public_keys(trusted_keys)?,
            )?,
        })
    }

    /// Swaps in a new bundle atomically; a bad one is refused and the old one keeps serving.
    pub fn replace_bundle(&self, bytes: Vec<u8>) -> Result<BundleInfo, BuraoError> {
        Ok(self.inner.replace_bundle(bytes)?.into())
    }

    /// A summary of the bundle in force, and what it can do (`hasSmsModel`).
    pub fn bundle_info(&self) -> BundleInfo {
        self.inner.bundle_info().into()
    }

    /// Reads national numbers as from `code` (ISO region, e.g. "CN") instead of the bundle's region.
    pub fn set_region(&self, code: String) -> Result<(), BuraoError> {
        Ok(self.inner.set_region(&code)?)
    }
}

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
//! assert_eq!(v.action, Action::Silence);
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

/// Screens calls and messages against a bundle. Create one per process and share it:
/// every method is thread-safe and may be called from any thread at once.
///
/// What blocks: a verdict is microseconds of computation, but with a state file
/// open (`openState`) the calls that change the user state (rules, consent,
/// feedback and its undo, call outcomes, settings, `importState`) write the
/// file, with fsync, before they return, and screening writes the call history
/// too (see `openState` for when): milliseconds on a phone. Loading a bundle
/// (`fromBundle`, `replaceBundle`) verifies every byte of it. So call
/// `openState`, the setters and bundle loads off the main thread (Android: a
/// background executor; `CallScreeningService` must answer within 5 s. iOS:
/// the extension's own queue). `bundleInfo`, `rulesJson` and the record getters
/// only read memory. A bundle swap never pauses screening on other threads:
/// each verdict comes from exactly one bundle.
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
    /// Refused whole (`InvalidBundle`) when corrupt, truncated or of another format.
    #[uniffi::constructor]
    pub fn from_bundle(bytes: Vec<u8>) -> Result<Self, BuraoError> {
        Ok(Screener {
            inner: burao_core::Screener::from_bytes(bytes)?,
        })
    }

    /// Decides on an incoming call now; contacts are always allowed. `number`
    /// may be written in any usual form ("+86 138 0013 8000", "13800138000",
    /// "0086-138…"); a number that cannot be read is `InvalidNumber`, unless the
    /// caller is a contact (then it is allowed).
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

    /// Swaps in a new bundle atomically and returns its summary. A bad one
    /// (corrupt, unsigned when keys are pinned, or older than the one in force)
    /// is refused with `InvalidBundle` and the old one keeps serving.
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

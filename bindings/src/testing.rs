//! Built only with the `testing` feature: a way for the Kotlin and Swift suites
//! to prove that a Rust panic surfaces as an exception instead of an abort.
//! A feature, not a hidden method, so no shipped library carries it.

use crate::BuraoError;

/// Panics on purpose. Declared fallible so that Swift's generated wrapper is
/// `throws` (a non-throwing wrapper would `try!` and crash the test process).
#[uniffi::export]
pub fn force_panic_for_tests() -> Result<(), BuraoError> {
    panic!("burao: panic forced by force_panic_for_tests")
}

//! [`BuraoError`]: the one error type Kotlin and Swift see, mapped from
//! [`burao_core::Error`] here and nowhere else.

use std::fmt;

use burao_core::number::NumberError;

/// Why a call into Burao failed. The message is a sentence for developers; it
/// never contains the phone number or message that was screened.
///
/// Kotlin: `BuraoException.InvalidNumber` … whose `message` (and `reason`) is that
/// sentence. Swift: `BuraoError.InvalidNumber(message:)` …, with `kind`
/// (`.invalidNumber` …), `reason` and a readable `description` and
/// `localizedDescription`.
///
/// Flat: only the sentence crosses the boundary, so Kotlin's message is the
/// sentence itself rather than `reason=…`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi(flat_error)]
#[non_exhaustive]
pub enum BuraoError {
    /// The phone number could not be read.
    InvalidNumber {
        /// What is wrong with it.
        reason: String,
    },
    /// A bundle was refused (corrupt, truncated, wrong version); the old one keeps serving.
    InvalidBundle {
        /// Which check failed.
        reason: String,
    },
    /// An argument other than a number or bundle is wrong (an unknown region, a bad rule document).
    InvalidInput {
        /// What is wrong with it.
        reason: String,
    },
    /// The saved user state could not be read or written.
    State {
        /// What failed.
        reason: String,
    },
    /// A bug in Burao; please report it.
    Internal {
        /// What went wrong.
        reason: String,
    },
}

impl BuraoError {
    /// The sentence, without the kind (which the Kotlin class or Swift case names).
    pub fn reason(&self) -> &str {
        match self {
            BuraoError::InvalidNumber { reason }
            | BuraoError::InvalidBundle { reason }
            | BuraoError::InvalidInput { reason }
            | BuraoError::State { reason }
            | BuraoError::Internal { reason } => reason,
        }
    }

    pub(crate) fn input(reason: impl Into<String>) -> BuraoError {
        BuraoError::InvalidInput {
            reason: reason.into(),
        }
    }
}

/// The sentence alone: this is what Kotlin's `message` and Swift's `message:`
/// carry (the kind is already in the exception class or enum case).
impl fmt::Display for BuraoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for BuraoError {}

impl From<burao_core::Error> for BuraoError {
    fn from(e: burao_core::Error) -> BuraoError {
        // The core's messages never repeat their input, so the chain is safe to pass on.
        let reason = e.chain();
        match e {
            burao_core::Error::Number(NumberError::UnknownRegion(_)) => {
                BuraoError::InvalidInput { reason }
            }
            burao_core::Error::Number(_) => BuraoError::InvalidNumber { reason },
            burao_core::Error::Bundle(_) => BuraoError::InvalidBundle { reason },
            burao_core::Error::List(_)
            | burao_core::Error::Rules(_)
            | burao_core::Error::CallKit(_)
            | burao_core::Error::Setting(_) => BuraoError::InvalidInput { reason },
            burao_core::Error::State(_) => BuraoError::State { reason },
            _ => BuraoError::Internal { reason },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_errors_do_not_repeat_the_number() {
        let s = burao_core::Screener::with_default_bundle();
        for input in ["13800138000x", "+86+13800138000", "++8613800138000"] {
            let e: BuraoError = s.screen_call(input, false).unwrap_err().into();
            assert!(matches!(e, BuraoError::InvalidNumber { .. }), "{e}");
            assert!(!e.to_string().contains("13800138000"), "{e}");
        }
    }

    #[test]
    fn the_message_is_the_sentence_alone() {
        let e = BuraoError::input("a rule document is JSON");
        assert_eq!(e.to_string(), "a rule document is JSON");
        assert!(!e.to_string().contains("reason="));
    }

    #[test]
    fn unknown_region_is_invalid_input() {
        let s = burao_core::Screener::with_default_bundle();
        let e: BuraoError = s.set_region("XX").unwrap_err().into();
        assert!(matches!(e, BuraoError::InvalidInput { .. }), "{e}");
    }
}

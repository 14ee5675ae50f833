//! [`BuraoError`]: the one error type Kotlin and Swift see, mapped from
//! [`burao_core::Error`] here and nowhere else.

use std::fmt;

use burao_core::number::NumberError;

/// Why a call into Burao failed. `reason` is a sentence for developers; it never
/// contains the phone number or message that was screened.
///
/// Kotlin: `BuraoException.InvalidNumber` …; Swift: `BuraoError.InvalidNumber` ….
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
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

impl fmt::Display for BuraoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, reason) = match self {
            BuraoError::InvalidNumber { reason } => ("invalid number", reason),
            BuraoError::InvalidBundle { reason } => ("invalid bundle", reason),
            BuraoError::InvalidInput { reason } => ("invalid input", reason),
            BuraoError::State { reason } => ("user state", reason),
            BuraoError::Internal { reason } => ("internal error", reason),
        };
        write!(f, "{kind}: {reason}")
    }
}

impl std::error::Error for BuraoError {}

impl From<burao_core::Error> for BuraoError {
    fn from(e: burao_core::Error) -> BuraoError {
        // The core's messages never repeat their input, so the chain is safe to pass on.
        let reason = e.chain();
        match e {
            burao_core::Error::Number(NumberError::UnknownRegion) => {
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
    fn unknown_region_is_invalid_input() {
        let s = burao_core::Screener::with_default_bundle();
        let e: BuraoError = s.set_region("XX").unwrap_err().into();
        assert!(matches!(e, BuraoError::InvalidInput { .. }), "{e}");
    }
}

//! The crate's error type: a short `Display`, the cause in `source()`.

use std::fmt;

use crate::bundle::BundleError;
use crate::callkit::CallKitError;
use crate::engine::rules::RuleError;
use crate::lists::ListError;
use crate::number::NumberError;

/// Anything that can go wrong in the core. Messages never contain a phone
/// number or a message body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A phone number could not be read.
    Number(NumberError),
    /// A list source is malformed.
    List(ListError),
    /// A bundle was refused.
    Bundle(BundleError),
    /// A rule document was refused; the previous rules stay in force.
    Rules(RuleError),
    /// The saved user state could not be read or written.
    State(String),
    /// A CallKit export could not go on.
    CallKit(CallKitError),
    /// A setting was given a value this version does not know (e.g. a reason language).
    Setting(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Number(_) => f.write_str("invalid phone number"),
            Error::List(_) => f.write_str("invalid list source"),
            Error::Bundle(_) => f.write_str("bundle refused"),
            Error::Rules(_) => f.write_str("rules refused"),
            Error::State(m) => write!(f, "user state: {m}"),
            Error::CallKit(_) => f.write_str("CallKit export failed"),
            Error::Setting(m) => write!(f, "invalid setting: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Number(e) => Some(e),
            Error::List(e) => Some(e),
            Error::Bundle(e) => Some(e),
            Error::Rules(e) => Some(e),
            Error::State(_) => None,
            Error::CallKit(e) => Some(e),
            Error::Setting(_) => None,
        }
    }
}

impl Error {
    /// The short message followed by its causes: `bundle refused: checksum mismatch …`.
    pub fn chain(&self) -> String {
        let mut s = self.to_string();
        let mut cur = std::error::Error::source(self);
        while let Some(e) = cur {
            s.push_str(": ");
            s.push_str(&e.to_string());
            cur = e.source();
        }
        s
    }
}

impl From<NumberError> for Error {
    fn from(e: NumberError) -> Error {
        Error::Number(e)
    }
}

impl From<ListError> for Error {
    fn from(e: ListError) -> Error {
        Error::List(e)
    }
}

impl From<BundleError> for Error {
    fn from(e: BundleError) -> Error {
        Error::Bundle(e)
    }
}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Error {
        Error::Rules(e)
    }
}

impl From<CallKitError> for Error {
    fn from(e: CallKitError) -> Error {
        Error::CallKit(e)
    }
}

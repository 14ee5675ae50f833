//! The crate's error type: a short `Display`, the cause in `source()`.

use std::fmt;

use crate::bundle::BundleError;
use crate::callkit::CallKitError;
use crate::engine::consent::{MAX_SENDER_BYTES, MAX_VIA_BYTES};
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
    /// A user action was refused, or the saved user state could not be read
    /// or written; nothing changed.
    State(StateError),
    /// A CallKit export could not go on.
    CallKit(CallKitError),
    /// A setting was given a value this version does not know (e.g. a reason language).
    Setting(SettingError),
}

/// Why a user action or the user state was refused ([`Error::State`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// A sender id is longer than [`MAX_SENDER_BYTES`].
    SenderTooLong,
    /// A consent's `via` is longer than [`MAX_VIA_BYTES`].
    ViaTooLong,
    /// Feedback with neither a sender nor a message body.
    EmptyFeedback,
    /// A UTC offset beyond ±18 hours.
    UtcOffset,
    /// The state file could not be written; memory and disk are unchanged.
    NotSaved {
        /// The kind of I/O failure (no path).
        kind: std::io::ErrorKind,
    },
    /// State bytes or a state file that do not read: damaged, or written by
    /// a newer version. The text is the reader's, naming no path, number or body.
    Unreadable(String),
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::SenderTooLong => write!(f, "a sender is at most {MAX_SENDER_BYTES} bytes"),
            StateError::ViaTooLong => write!(f, "`via` is at most {MAX_VIA_BYTES} bytes"),
            StateError::EmptyFeedback => f.write_str("feedback needs a sender or a message body"),
            StateError::UtcOffset => f.write_str("UTC offset out of range"),
            StateError::NotSaved { kind } => write!(f, "cannot save ({kind}); nothing changed"),
            StateError::Unreadable(m) => f.write_str(m),
        }
    }
}

/// A setting's value this version does not know ([`Error::Setting`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingError {
    /// A reason language other than `en` or `zh`.
    ReasonLanguage {
        /// The tag as given, cut to 16 letters and dashes.
        shown: String,
    },
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::ReasonLanguage { shown } => write!(
                f,
                "reason language `{shown}` is not known: use `en` or `zh`"
            ),
        }
    }
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

/// Each module's error converts into its variant, for `?`.
macro_rules! from_module_errors {
    ($($source:ty => $variant:ident),* $(,)?) => {$(
        impl From<$source> for Error {
            fn from(e: $source) -> Error {
                Error::$variant(e)
            }
        }
    )*};
}

from_module_errors!(
    NumberError => Number,
    ListError => List,
    BundleError => Bundle,
    RuleError => Rules,
    CallKitError => CallKit,
    StateError => State,
    SettingError => Setting,
);

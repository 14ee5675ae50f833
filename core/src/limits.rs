//! Every input limit in one place, so an app knows what to expect.
//!
//! Inputs beyond a limit get a clear error, except message bodies, which are
//! cut deterministically and say so in the verdict. No limit depends on the
//! machine, and none makes screening take time proportional to more than the
//! capped input.
//!
//! | Input | Limit | Beyond it |
//! |---|---|---|
//! | phone number text | [`MAX_NUMBER_INPUT_CHARS`] characters | `Error::Number(TooLong)` |
//! | canonical number | [`MAX_E164_DIGITS`] digits ([`MAX_SMS_PORT_DIGITS`] for `+86 106…` SMS ports) | `Error::Number(TooLong)` |
//! | exact or fixed-length (`#`) list pattern | the most digits numbers of its calling code have (libphonenumber data; SMS ports excepted) | `ListError`: "too long for calling code +CC" |
//! | SMS body | [`MAX_BODY_BYTES`] bytes of UTF-8 | screened on the first 64 KB (cut on a character boundary); a `Note` reason `input-limit` says so |
//! | SMS body encoding | Rust strings are UTF-8 | bindings turn unpaired surrogates into U+FFFD before the core sees them |
//! | rules per document | [`MAX_RULES`] | `Error::Rules`, the old rules stay |
//! | keywords per rule | [`MAX_KEYWORDS`] | `Error::Rules` |
//! | keyword or regex source | [`MAX_PATTERN_CHARS`] characters | `Error::Rules` |
//! | compiled regex size | [`REGEX_SIZE_LIMIT`] bytes (program and lazy DFA each) | `Error::Rules` ("regex does not compile") |
//! | regex nesting (groups, stacked repetitions) | [`REGEX_NEST_LIMIT`] levels | `Error::Rules` ("regex does not compile") |
//! | regex dialect | lower case, no `(?i)` (regexes see the lowercased body) | `Error::Rules` ("write them in lower case") |
//! | regex matching | linear time (the `regex` crate has no backtracking) | — |
//! | bundle file | [`MAX_BUNDLE_BYTES`] bytes | `BundleError::TooLarge`, before any parsing |
//! | bundle sections | [`MAX_SECTIONS`] | `BundleError::Invalid` |
//! | structured section decoding | [`DECODE_LIMIT`] bytes allocated | `BundleError::Invalid` |
//! | delta patch file | [`MAX_PATCH_BYTES`] bytes (past it, ship the full bundle) | `PatchError::TooLarge`, before any parsing |
//! | patched bundle | [`MAX_BUNDLE_BYTES`] bytes, and exactly the length the patch states | `PatchError::ResultTooLarge` / `Corrupt` |
//! | duplicate bundle section names, unknown metadata region | — | `BundleError::Invalid` at load (also `inspect`, `sign`, `verify`) |
//! | list entry label | [`MAX_LABEL_BYTES`] bytes | `ListError` with the file and line |
//! | sender id (consent, feedback, evidence) | [`MAX_SENDER_BYTES`] bytes | user actions: `Error::State`; screening keys evidence by the first 256 bytes |
//! | consent `via` | [`MAX_VIA_BYTES`] bytes | `Error::State` |

pub use crate::bundle::delta::MAX_PATCH_BYTES;
pub use crate::bundle::{MAX_BUNDLE_BYTES, MAX_SECTIONS};
pub use crate::codec::DECODE_LIMIT;
pub use crate::engine::consent::{MAX_SENDER_BYTES, MAX_VIA_BYTES};
pub use crate::engine::rules::{
    MAX_KEYWORDS, MAX_PATTERN_CHARS, MAX_RULES, REGEX_NEST_LIMIT, REGEX_SIZE_LIMIT,
};
pub use crate::lists::MAX_LABEL_BYTES;
pub use crate::number::{MAX_E164_DIGITS, MAX_SMS_PORT_DIGITS};
pub use crate::sms::MAX_SMS_BYTES as MAX_BODY_BYTES;

/// Longest phone-number text read (separators included).
pub const MAX_NUMBER_INPUT_CHARS: usize = crate::number::MAX_INPUT_CHARS;

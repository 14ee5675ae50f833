//! Integer and time conversions at the boundary.
//!
//! Every integer Kotlin and Swift see is signed (`Long`/`Int64`, `Int`/`Int32`):
//! Kotlin's `ULong`/`UInt` are inline classes whose methods and getters Java
//! can only call under mangled names (`reportFeedback-lY-8dp8`). The core keeps
//! its unsigned types; the conversions live here.
//!
//! Times are Unix **seconds**. A value a thousand times too large is almost
//! certainly `System.currentTimeMillis()` or `Date().timeIntervalSince1970 * 1000`,
//! and would file a report in the year 58886: it is refused.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::BuraoError;

/// Seconds from which a time is taken for milliseconds: 10^11 s is the year
/// 5138, while 10^11 ms is 1973-03-03, so no real time in seconds comes near it
/// and no plausible time in milliseconds falls below it.
pub(crate) const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// `u32::MAX`, as the bound `unsigned` takes.
pub(crate) const U32: u64 = u32::MAX as u64;

/// A count, size or id from the core, as a signed 64-bit value (saturating:
/// no real count reaches 2^63).
pub(crate) fn signed(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A small count from the core, as a signed 32-bit value (saturating).
pub(crate) fn signed32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// A non-negative argument from Kotlin or Swift of at most `max`, for the
/// core's unsigned types (one function, not one per type: library size).
pub(crate) fn unsigned(v: i64, max: u64, what: &str) -> Result<u64, BuraoError> {
    match u64::try_from(v) {
        Ok(u) if u <= max => Ok(u),
        _ => Err(BuraoError::input(format!(
            "{what} must be between 0 and {max}"
        ))),
    }
}

/// Checks that `at_unix` is seconds, not milliseconds.
pub(crate) fn seconds(at_unix: i64) -> Result<i64, BuraoError> {
    if at_unix >= MILLIS_THRESHOLD || at_unix <= -MILLIS_THRESHOLD {
        return Err(BuraoError::input(
            "a time is Unix seconds, and this one looks like milliseconds \
             (Kotlin: System.currentTimeMillis() / 1000, Swift: Int64(Date().timeIntervalSince1970))",
        ));
    }
    Ok(at_unix)
}

/// `at_unix` checked, or now when it is absent (the Kotlin/Swift default).
pub(crate) fn seconds_or_now(at_unix: Option<i64>) -> Result<i64, BuraoError> {
    match at_unix {
        Some(t) => seconds(t),
        None => Ok(now_unix()),
    }
}

/// Ed25519 public keys from Kotlin or Swift byte arrays (32 bytes each).
pub(crate) fn public_keys(keys: Vec<Vec<u8>>) -> Result<Vec<[u8; 32]>, BuraoError> {
    keys.into_iter()
        .map(|k| {
            <[u8; 32]>::try_from(k.as_slice())
                .map_err(|_| BuraoError::input("an Ed25519 public key is 32 bytes"))
        })
        .collect()
}

/// A text for `Debug` with every digit shown as `#`: the copies here print
/// senders and list patterns that can be the caller's number.
pub(crate) fn hide_digits(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_numeric() { '#' } else { c })
        .collect()
}

pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| signed(d.as_secs()))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_pass_and_milliseconds_are_refused() {
        assert_eq!(seconds(1_796_083_200).unwrap(), 1_796_083_200); // 2026-12-01
        assert_eq!(seconds(0).unwrap(), 0);
        let e = seconds(1_796_083_200_000).unwrap_err();
        assert!(matches!(e, BuraoError::InvalidInput { .. }));
        assert!(e.to_string().contains("milliseconds"), "{e}");
        assert!(seconds(-1_796_083_200_000).is_err());
        assert!(seconds_or_now(None).unwrap() > 1_700_000_000);
    }

    #[test]
    fn negative_counts_are_refused_and_large_ones_saturate() {
        assert_eq!(unsigned(5, u64::MAX, "an id").unwrap(), 5);
        assert!(unsigned(-1, u32::MAX.into(), "batchSize").is_err());
        let e = unsigned(256, u8::MAX.into(), "rangeDropDigits").unwrap_err();
        assert_eq!(e.to_string(), "rangeDropDigits must be between 0 and 255");
        assert_eq!(signed(u64::MAX), i64::MAX);
        assert_eq!(signed32(u32::MAX), i32::MAX);
    }
}

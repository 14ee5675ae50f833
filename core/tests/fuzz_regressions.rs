//! Inputs the fuzzers (fuzz/) found, kept as tests so they stay fixed.

use burao_core::number::{normalize, Region};

/// `number`: a national part with two leading zeros after a trunk-`0`
/// calling code lost one more zero each time its canonical digits were read
/// again, so stored keys (consent, feedback) drifted from fresh ones.
#[test]
fn canonical_digits_are_a_fixed_point_after_leading_zeros() {
    let cn = Region::cn();
    for input in [
        "+810001288",
        "+86 00 1288",
        "+44 (0)0 1234 5678",
        "+86 021 1234 5678",
    ] {
        let once = normalize(input, &cn).unwrap();
        let twice = normalize(&format!("+{}", once.digits()), &cn).unwrap();
        assert_eq!(once.digits(), twice.digits(), "{input}");
    }
    assert_eq!(
        normalize("+86 021 1234 5678", &cn).unwrap().digits(),
        "862112345678"
    );
}

//! Signed bundle updates: pinned keys, tampering, rollback protection.

mod support;

use burao_core::bundle::signature::{self, public_key, sign, verify};
use burao_core::bundle::{Bundle, BundleError};
use burao_core::{Action, Screener};
use support::{bundle_err, probe_bundle as bundle, PROBE};

const KEY_A: [u8; 32] = [7; 32];
const KEY_B: [u8; 32] = [9; 32];

fn signed(sequence: u64, key: &[u8; 32]) -> Vec<u8> {
    sign(&bundle(sequence), key).unwrap()
}

fn pinned(sequence: u64) -> Screener {
    Screener::from_signed_bytes(signed(sequence, &KEY_A), vec![public_key(&KEY_A)]).unwrap()
}

fn answer(s: &Screener) -> (Action, u64) {
    support::answer(s, PROBE)
}

#[test]
fn a_signed_bundle_loads_everywhere_and_an_unsigned_one_still_loads() {
    let plain = bundle(3);
    let s = signed(3, &KEY_A);
    assert_eq!(s.len(), plain.len() + signature::TRAILER_LEN);
    assert_eq!(&s[..plain.len()], &plain[..], "signing only appends");
    assert!(Bundle::from_vec(s.clone()).unwrap().is_signed());
    assert!(!Bundle::from_vec(plain).unwrap().is_signed());
    verify(&s, &[public_key(&KEY_A)]).unwrap();
    // Signing twice replaces the trailer, never stacks it.
    assert_eq!(sign(&s, &KEY_B).unwrap().len(), s.len());
}

#[test]
fn every_tampered_byte_is_refused() {
    let good = signed(3, &KEY_A);
    let keys = [public_key(&KEY_A)];
    // Content, CRC, signature and magic alike; step through to keep it quick.
    for i in (0..good.len()).step_by(7).chain([good.len() - 1]) {
        let mut bad = good.clone();
        bad[i] ^= 0x01;
        let err = verify(&bad, &keys).unwrap_err();
        assert!(
            matches!(err, BundleError::BadSignature | BundleError::Unsigned),
            "byte {i}: {err:?}"
        );
    }
    // A forged trailer on the right content, and a truncated file.
    let mut forged = good.clone();
    let n = forged.len();
    forged[n - signature::TRAILER_LEN..n - 8].fill(0);
    assert_eq!(verify(&forged, &keys), Err(BundleError::BadSignature));
    assert_eq!(verify(&good[..n - 1], &keys), Err(BundleError::Unsigned));
}

#[test]
fn pinned_screener_refuses_unsigned_wrong_key_and_tampered_and_keeps_serving() {
    let s = pinned(1);
    assert_eq!(answer(&s), (Action::Block, 1));

    assert_eq!(
        bundle_err(s.replace_bundle(bundle(2))),
        BundleError::Unsigned
    );
    assert_eq!(
        bundle_err(s.replace_bundle(signed(2, &KEY_B))),
        BundleError::BadSignature
    );
    let mut tampered = signed(2, &KEY_A);
    tampered[40] ^= 0x80;
    assert_eq!(
        bundle_err(s.replace_bundle(tampered)),
        BundleError::BadSignature
    );
    assert_eq!(
        answer(&s),
        (Action::Block, 1),
        "the old bundle keeps serving"
    );

    let info = s.replace_bundle(signed(2, &KEY_A)).unwrap();
    assert_eq!(info.metadata.sequence, 2);
    assert_eq!(answer(&s), (Action::Silence, 2));
}

#[test]
fn any_of_several_pinned_keys_is_accepted() {
    let s = Screener::with_default_bundle();
    s.set_trusted_keys(vec![public_key(&KEY_A), public_key(&KEY_B)])
        .unwrap();
    s.replace_bundle(signed(5, &KEY_B)).unwrap();
    s.replace_bundle(signed(6, &KEY_A)).unwrap();
    assert_eq!(answer(&s), (Action::Silence, 6));
    assert_eq!(s.trusted_keys().len(), 2);
}

#[test]
fn rollback_is_refused_unless_allowed() {
    let s = pinned(5);
    assert_eq!(
        bundle_err(s.replace_bundle(signed(4, &KEY_A))),
        BundleError::Rollback {
            in_force: 5,
            offered: 4
        }
    );
    assert_eq!(answer(&s), (Action::Block, 5));
    // The same sequence again is a re-install, not a rollback.
    s.replace_bundle(signed(5, &KEY_A)).unwrap();
    // An explicit rollback is allowed, but never skips the signature check.
    assert_eq!(
        bundle_err(s.replace_bundle_allowing_rollback(bundle(4))),
        BundleError::Unsigned
    );
    s.replace_bundle_allowing_rollback(signed(4, &KEY_A))
        .unwrap();
    assert_eq!(answer(&s), (Action::Silence, 4));
}

#[test]
fn rollback_protection_applies_without_pinned_keys() {
    let s = Screener::from_bytes(bundle(3)).unwrap();
    assert!(matches!(
        bundle_err(s.replace_bundle(bundle(2))),
        BundleError::Rollback { .. }
    ));
    s.replace_bundle(bundle(4)).unwrap();
    assert_eq!(answer(&s), (Action::Silence, 4));
}

#[test]
fn bad_keys_are_refused_and_change_nothing() {
    let s = pinned(1);
    // The y-coordinate 2 is not on the curve.
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert_eq!(
        bundle_err(s.set_trusted_keys(vec![not_a_point])),
        BundleError::InvalidKey
    );
    assert_eq!(s.trusted_keys(), vec![public_key(&KEY_A)]);
    assert_eq!(
        bundle_err(Screener::from_signed_bytes(signed(1, &KEY_A), vec![])),
        BundleError::InvalidKey
    );
    assert_eq!(
        bundle_err(Screener::from_signed_bytes(
            bundle(1),
            vec![public_key(&KEY_A)]
        )),
        BundleError::Unsigned
    );
    // Unpinning is explicit, and then unsigned bundles are welcome again.
    s.set_trusted_keys(vec![]).unwrap();
    s.replace_bundle(bundle(2)).unwrap();
}

#[test]
fn signing_refuses_a_broken_bundle() {
    let mut b = bundle(1);
    b[20] ^= 1;
    assert!(matches!(
        sign(&b, &KEY_A),
        Err(BundleError::Checksum { .. })
    ));
}

#[test]
fn errors_explain_what_to_do() {
    let texts = [
        BundleError::Unsigned.to_string(),
        BundleError::BadSignature.to_string(),
        BundleError::Rollback {
            in_force: 5,
            offered: 4,
        }
        .to_string(),
    ];
    assert!(texts[0].contains("trusted key"));
    assert!(texts[1].contains("changed after signing"));
    assert!(texts[2].contains("4") && texts[2].contains("5") && texts[2].contains("rollback"));
}

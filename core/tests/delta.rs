//! Delta updates: `diff` then `apply` rebuilds the exact new bundle; every
//! refusal (wrong base, damage, bad signature, rollback) names what is wrong
//! and leaves the bundle in force serving.

mod support;

use std::collections::BTreeMap;

use burao_core::bundle::delta::{self, bundle_hash, Patch, PatchError};
use burao_core::bundle::signature::{public_key, sign};
use burao_core::bundle::{Bundle, BundleError};
use burao_core::callkit::{CallKitBatch, CallKitExport, CallKitOptions};
use burao_core::{Error, Screener};
use proptest::prelude::*;
use support::{answer, bundle_err, list_bundle, sequenced};

const KEY_A: [u8; 32] = [7; 32];
const KEY_B: [u8; 32] = [9; 32];

/// `pattern -> (category, action, label)` rows, as CSV.
type Rows = BTreeMap<String, (&'static str, &'static str, &'static str)>;

fn bundle_of(rows: &Rows, sequence: u64, extra: Option<&[u8]>) -> Vec<u8> {
    let mut csv = String::new();
    for (p, (c, a, l)) in rows {
        csv.push_str(&format!("{p},{c},{a},{l}\n"));
    }
    let mut w = list_bundle(sequenced(sequence), &csv);
    if let Some(e) = extra {
        w = w.section("extra", e.to_vec());
    }
    w.to_bytes()
}

const ENTRIES: [(&str, &str, &str); 5] = [
    ("harassment", "block", "reported"),
    ("loan", "silence", "loans"),
    ("fraud", "block", "fraud"),
    ("", "allow", "bank"),
    ("insurance", "identify", "insurance"),
];

/// `n` patterns from a seed: mobile numbers and prefixes, a few entries.
fn rows(seed: u64, n: usize) -> Rows {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = Rows::new();
    while out.len() < n {
        let r = next();
        let number = format!("13{:09}", r % 1_000_000_000);
        let pattern = if r % 7 == 0 {
            format!("{}*", &number[..3 + (r % 5) as usize])
        } else {
            number
        };
        out.insert(pattern, ENTRIES[(r >> 40) as usize % ENTRIES.len()]);
    }
    out
}

/// Day `d`'s list: drops and adds about `churn` patterns a day.
fn day(d: u64, base: usize, churn: usize) -> Rows {
    let mut r = rows(1, base);
    for k in 1..=d {
        let keys: Vec<String> = r.keys().cloned().collect();
        // Every `step`-th key, at an offset that moves with the day.
        let step = (base / churn.max(1)).max(1) as u64;
        for (i, key) in keys.iter().enumerate() {
            if (i as u64 * 7 + k) % step == step - 1 {
                r.remove(key);
            }
        }
        r.extend(rows(1000 + k, churn));
    }
    r
}

fn patch_err<T: std::fmt::Debug>(r: Result<T, Error>) -> PatchError {
    match bundle_err(r) {
        BundleError::Patch(p) => p,
        other => panic!("expected a patch refusal, got {other:?}"),
    }
}

fn diff(old: &[u8], new: &[u8]) -> Vec<u8> {
    delta::diff(old, new).unwrap().to_bytes()
}

/// What the screener answers for a number, and from which bundle.
#[test]
fn a_patch_rebuilds_the_exact_new_bundle_and_carries_little() {
    let old = bundle_of(&day(0, 5_000, 50), 1, None);
    let new = bundle_of(&day(1, 5_000, 50), 2, None);
    let patch = diff(&old, &new);
    assert_eq!(delta::apply(&old, &patch).unwrap(), new);
    let p = Patch::from_bytes(&patch).unwrap();
    assert_eq!(p.base_hash(), bundle_hash(&old));
    assert_eq!(p.result_hash(), bundle_hash(&new));
    assert_eq!(p.result_sequence(), 2);
    assert_eq!(p.result_len(), new.len() as u64);
    let s = p.summary();
    assert!(s.keys_added >= 40 && s.keys_removed >= 40, "{s:?}");
    // 1% churn: the patch is a small fraction of the bundle (measured at
    // 1M patterns by `cargo bench --bench delta`).
    assert!(
        patch.len() * 100 < new.len() * 3,
        "patch {} bytes for a {}-byte bundle",
        patch.len(),
        new.len()
    );
}

#[test]
fn unchanged_sections_are_copied_and_changed_ones_carried() {
    let rows = day(0, 300, 3);
    let old = bundle_of(&rows, 1, Some(&[5u8; 4000]));
    let same = bundle_of(&rows, 2, Some(&[5u8; 4000]));
    let changed = bundle_of(&rows, 2, Some(&[6u8; 4000]));
    let p = Patch::from_bytes(&diff(&old, &same)).unwrap();
    assert!(p.summary().literal_bytes < 200, "{:?}", p.summary());
    assert_eq!(p.summary().keys_added, 0);
    let p = Patch::from_bytes(&diff(&old, &changed)).unwrap();
    assert!(p.summary().literal_bytes >= 4000, "{:?}", p.summary());
    assert_eq!(p.apply(&old).unwrap(), changed);
    // A section dropped or added, and an empty list, round-trip too.
    let without = bundle_of(&rows, 3, None);
    assert_eq!(delta::apply(&old, &diff(&old, &without)).unwrap(), without);
    assert_eq!(delta::apply(&without, &diff(&without, &old)).unwrap(), old);
    let empty = bundle_of(&Rows::new(), 4, None);
    assert_eq!(delta::apply(&old, &diff(&old, &empty)).unwrap(), empty);
    assert_eq!(delta::apply(&empty, &diff(&empty, &old)).unwrap(), old);
}

#[test]
fn moved_entry_indexes_are_remapped_not_resent() {
    // The entry table is numbered in pattern order; a new first pattern with
    // a new entry renumbers every entry, which the remap absorbs.
    let mut rows = day(0, 2_000, 0);
    let old = bundle_of(&rows, 1, None);
    rows.insert("1300*".into(), ("other_promo", "silence", "new entry"));
    let new = bundle_of(&rows, 2, None);
    let p = Patch::from_bytes(&diff(&old, &new)).unwrap();
    let s = p.summary();
    assert!(s.values_remapped >= 1, "{s:?}");
    assert!(s.keys_added <= 10, "{s:?}");
    assert_eq!(p.apply(&old).unwrap(), new);
}

#[test]
fn a_chain_applies_in_order_and_a_skipped_patch_is_refused() {
    let days: Vec<Vec<u8>> = (0..4)
        .map(|d| bundle_of(&day(d, 1_000, 20), d + 1, None))
        .collect();
    let patches: Vec<Vec<u8>> = days.windows(2).map(|w| diff(&w[0], &w[1])).collect();
    let s = Screener::from_bytes(days[0].clone()).unwrap();
    let info = s.apply_update(&patches[0]).unwrap();
    assert_eq!(info.metadata.sequence, 2);
    assert_eq!(s.bundle_info().size, days[1].len() as u64);
    // Day 3 → 4 on day 2: wrong base, named, and day 2 keeps serving.
    let e = patch_err(s.apply_update(&patches[2]));
    assert!(matches!(e, PatchError::WrongBase { .. }), "{e:?}");
    let text = Error::Bundle(BundleError::Patch(e)).chain();
    assert!(
        text.contains("base bundle") && text.contains("full bundle"),
        "{text}"
    );
    assert_eq!(s.bundle_info().metadata.sequence, 2);
    // The same patch twice: its base is gone.
    assert!(matches!(
        patch_err(s.apply_update(&patches[0])),
        PatchError::WrongBase { .. }
    ));
    s.apply_update(&patches[1]).unwrap();
    s.apply_update(&patches[2]).unwrap();
    assert_eq!(s.bundle_info().metadata.sequence, 4);
    assert_eq!(
        s.bundle_bytes(),
        days[3],
        "the file to save is day 4's, exactly"
    );
    // The screener serves day 4's lists exactly.
    let direct = Screener::from_bytes(days[3].clone()).unwrap();
    for number in day(3, 1_000, 20)
        .keys()
        .filter(|k| !k.ends_with('*'))
        .take(50)
    {
        assert_eq!(answer(&s, number), answer(&direct, number));
    }
    for gone in day(0, 1_000, 20)
        .keys()
        .filter(|k| !k.ends_with('*'))
        .take(200)
    {
        assert_eq!(answer(&s, gone), answer(&direct, gone));
    }
}

#[test]
fn a_patch_to_an_older_bundle_is_a_rollback() {
    let d1 = bundle_of(&day(0, 200, 5), 5, None);
    let d0 = bundle_of(&day(1, 200, 5), 4, None);
    let s = Screener::from_bytes(d1.clone()).unwrap();
    let e = bundle_err(s.apply_update(&diff(&d1, &d0)));
    assert_eq!(
        e,
        BundleError::Rollback {
            in_force: 5,
            offered: 4
        }
    );
    assert_eq!(s.bundle_info().metadata.sequence, 5);
}

#[test]
fn with_pinned_keys_the_result_must_be_signed_by_them() {
    let d1 = sign(&bundle_of(&day(0, 500, 10), 1, None), &KEY_A).unwrap();
    let d2_plain = bundle_of(&day(1, 500, 10), 2, None);
    let d2 = sign(&d2_plain, &KEY_A).unwrap();
    let d2_other = sign(&d2_plain, &KEY_B).unwrap();
    let s = Screener::from_signed_bytes(d1.clone(), vec![public_key(&KEY_A)]).unwrap();
    assert_eq!(
        bundle_err(s.apply_update(&diff(&d1, &d2_plain))),
        BundleError::Unsigned
    );
    assert_eq!(
        bundle_err(s.apply_update(&diff(&d1, &d2_other))),
        BundleError::BadSignature
    );
    assert_eq!(s.bundle_info().metadata.sequence, 1);
    let p = diff(&d1, &d2);
    assert!(Patch::from_bytes(&p).unwrap().summary().keys_added > 0);
    s.apply_update(&p).unwrap();
    assert_eq!(s.bundle_info().metadata.sequence, 2);
    assert!(Bundle::from_vec(delta::apply(&d1, &p).unwrap())
        .unwrap()
        .is_signed());
    assert_eq!(
        delta::apply(&d1, &p).unwrap(),
        d2,
        "signature bytes included"
    );
}

#[test]
fn damage_at_every_offset_is_refused_and_nothing_changes() {
    let d1 = bundle_of(&day(0, 40, 4), 1, None);
    let d2 = bundle_of(&day(1, 40, 4), 2, None);
    let patch = diff(&d1, &d2);
    assert!(Patch::from_bytes(&patch).unwrap().summary().keys_added > 0);
    let s = Screener::from_bytes(d1.clone()).unwrap();
    for i in 0..patch.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = patch.clone();
            bad[i] ^= flip;
            let e = s.apply_update(&bad).unwrap_err();
            assert!(!e.chain().is_empty());
        }
    }
    for cut in 0..patch.len() {
        let e = patch_err(s.apply_update(&patch[..cut]));
        assert!(
            matches!(e, PatchError::TooSmall { .. } | PatchError::Checksum { .. }),
            "cut at {cut}: {e:?}"
        );
    }
    let mut longer = patch.clone();
    longer.push(0);
    assert!(s.apply_update(&longer).is_err());
    assert_eq!(s.bundle_info().metadata.sequence, 1);
    assert_eq!(s.bundle_info().size, d1.len() as u64);
}

/// Damage past the checksum (a forger who recomputes the CRC): the body
/// checks and the result hash refuse it, or it still rebuilds the exact new
/// bundle. Never anything else.
#[test]
fn forged_damage_never_installs_anything_but_the_new_bundle() {
    let d1 = bundle_of(&day(0, 40, 4), 1, None);
    let d2 = bundle_of(&day(1, 40, 4), 2, None);
    let patch = diff(&d1, &d2);
    let recrc = |mut b: Vec<u8>| {
        let end = b.len() - 4;
        let crc = crc32fast::hash(&b[..end]);
        b[end..].copy_from_slice(&crc.to_le_bytes());
        b
    };
    let mut refused = BTreeMap::<String, usize>::new();
    for i in 0..patch.len() - 4 {
        for flip in [0x01u8, 0x10, 0xff] {
            let mut bad = patch.clone();
            bad[i] ^= flip;
            match delta::apply(&d1, &recrc(bad)) {
                Ok(out) => assert_eq!(out, d2, "offset {i} built another file"),
                Err(e) => {
                    let kind = format!("{e:?}");
                    let kind = kind.split([' ', '{', '(']).next().unwrap().to_string();
                    *refused.entry(kind).or_default() += 1;
                    assert!(!e.to_string().contains("1380"), "{e}");
                }
            }
        }
    }
    // The checks past the CRC all take part.
    for kind in [
        "BadMagic",
        "Version",
        "Invalid",
        "WrongBase",
        "ResultMismatch",
        "Corrupt",
    ] {
        assert!(refused.contains_key(kind), "no {kind} refusal: {refused:?}");
    }
}

#[test]
fn refusals_name_what_is_wrong() {
    let d1 = bundle_of(&day(0, 50, 2), 1, None);
    let d2 = bundle_of(&day(1, 50, 2), 2, None);
    let patch = diff(&d1, &d2);
    let msg = |r: Result<Vec<u8>, PatchError>| r.unwrap_err().to_string();
    assert!(msg(delta::apply(&d1, b"short")).contains("too small"));
    assert!(msg(delta::apply(&d1, &[0u8; 64])).contains("magic"));
    let mut v = patch.clone();
    v[8] = 2;
    assert!(msg(delta::apply(&d1, &v)).contains("format version 2"));
    let mut c = patch.clone();
    let mid = c.len() / 2;
    c[mid] ^= 1;
    assert!(msg(delta::apply(&d1, &c)).contains("checksum"));
    assert!(msg(delta::apply(&d2, &patch)).contains("base bundle"));
    assert!(msg(delta::apply(&d1, &vec![0u8; delta::MAX_PATCH_BYTES + 1])).contains("full bundle"));
    // Not bundles at all: diff refuses them.
    assert!(delta::diff(b"nope", &d2).is_err());
    assert!(delta::diff(&d1, b"nope").is_err());
}

#[test]
fn callkit_incremental_export_works_from_the_patched_bundle() {
    let d1 = bundle_of(&day(0, 3_000, 60), 1, None);
    let d2 = bundle_of(&day(1, 3_000, 60), 2, None);
    let patched = delta::apply(&d1, &diff(&d1, &d2)).unwrap();
    let opts = || CallKitOptions {
        batch_size: 500,
        ..CallKitOptions::default()
    };
    let all = |e: CallKitExport| {
        let mut out: Vec<CallKitBatch> = Vec::new();
        let mut cursor = None;
        loop {
            let b = e.next_batch(cursor.as_deref()).unwrap();
            cursor = b.next_cursor.clone();
            out.push(b);
            if cursor.is_none() {
                return out;
            }
        }
    };
    let via_patch = all(CallKitExport::from_bytes(patched, Some(d1.clone()), opts()).unwrap());
    let direct = all(CallKitExport::from_bytes(d2, Some(d1), opts()).unwrap());
    assert!(via_patch == direct, "same batches from the patched bundle");
    let changes: usize = via_patch.iter().map(CallKitBatch::len).sum();
    assert!(changes >= 60, "{changes} changes");
    assert!(via_patch.iter().any(|b| !b.remove_block.is_empty()));
}

fn arb_rows() -> impl Strategy<Value = Rows> {
    proptest::collection::btree_map(
        // Chinese mobile shapes; not 179…, which China's dialling rules read as
        // an IP-call carrier prefix (17900 + 00 dials abroad).
        ("1(?:[3-68][0-9]|7[0-8]|9[0-9])[0-9]{0,8}", any::<bool>()).prop_map(|(d, prefix)| {
            if prefix || d.len() < 11 {
                format!("{}*", &d[..d.len().min(7)])
            } else {
                d
            }
        }),
        (0..ENTRIES.len()).prop_map(|i| ENTRIES[i]),
        0..120,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trip_on_random_lists(old in arb_rows(), new in arb_rows(), keep in 0usize..120, signed in any::<bool>()) {
        // `new` shares the first `keep` patterns of `old`, some with other entries.
        let mut new = new;
        for (i, (k, v)) in old.iter().enumerate().take(keep) {
            let entry = if i % 5 == 0 { ENTRIES[(i / 5) % ENTRIES.len()] } else { *v };
            new.insert(k.clone(), entry);
        }
        let a = bundle_of(&old, 1, None);
        let mut b = bundle_of(&new, 2, Some(b"x"));
        if signed {
            b = sign(&b, &KEY_A).unwrap();
        }
        let patch = diff(&a, &b);
        prop_assert_eq!(delta::apply(&a, &patch).unwrap(), b.clone());
        let s = Screener::from_bytes(a.clone()).unwrap();
        s.apply_update(&patch).unwrap();
        prop_assert_eq!(s.bundle_info().size, b.len() as u64);
        // And back.
        prop_assert_eq!(delta::apply(&b, &diff(&b, &a)).unwrap(), a);
    }
}

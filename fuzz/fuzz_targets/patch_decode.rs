#![no_main]
//! Delta patches against a small base bundle. The first input byte picks how
//! the rest is read (`mode >> 1`) and which applier checks it (`mode & 1`):
//! - kind 0: a whole patch file, as is (mostly refused at the checksum);
//! - kind 1: a whole patch file with its checksum recomputed, so mutations
//!   reach the body decoder and the applier;
//! - kind 2..: one of the known-good patches (base → variant), with the rest
//!   read as `(offset u16 LE, xor u8)` edits, checksum recomputed: damage deep
//!   in a real patch.
//!
//! The appliers: 0 is `delta::apply` (an accepted patch rebuilt exactly the
//! file its hash names; for a known-good patch, exactly its variant); 1 is
//! `Screener::apply_update` (an accepted patch installed exactly that file, a
//! refusal kept serving the base). One applier per input, not both: each
//! rebuilds the fst, which is most of an input's cost, so this doubles the
//! executions a second without losing either check.
use std::sync::OnceLock;

use burao_core::bundle::delta::{self, bundle_hash, Patch};
use burao_core::bundle::signature::sign;
use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::Screener;
use libfuzzer_sys::fuzz_target;

struct Seeds {
    base: Vec<u8>,
    /// (patch, the exact file it builds)
    good: Vec<(Vec<u8>, Vec<u8>)>,
    screener: Screener,
}

/// A bundle of `n` invented numbers starting at `from`, a few prefixes, and
/// optionally an extra section.
fn bundle(from: u64, n: u64, sequence: u64, extra: Option<&[u8]>) -> Vec<u8> {
    let mut csv =
        String::from("pattern,category,action,label\n1065*,other_promo,silence,SMS port\n");
    for i in from..from + n {
        let (cat, action) = if i % 3 == 0 {
            ("loan", "block")
        } else {
            ("harassment", "silence")
        };
        csv.push_str(&format!("139{:08},{cat},{action},r{}\n", i * 7919, i % 4));
        if i % 10 == 0 {
            csv.push_str(&format!("170{:04}*,fraud,block,range\n", i));
        }
    }
    let mut b = ListBuilder::new(Region::cn());
    b.add_csv("f.csv", &csv, ListAction::Block)
        .expect("the seed list is valid");
    let mut m = Metadata::new("fuzz", &sequence.to_string(), "CN");
    m.sequence = sequence;
    let mut w = BundleWriter::new(m).lists(&b.build().expect("the seed list builds"));
    if let Some(e) = extra {
        w = w.section("extra", e.to_vec());
    }
    w.to_bytes()
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let base = bundle(0, 120, 1, Some(b"side table v1"));
        let variants = [
            bundle(6, 120, 2, Some(b"side table v1")),
            bundle(0, 150, 2, Some(b"side table v2")),
            sign(&bundle(3, 117, 3, None), &[5; 32]).expect("signs"),
            bundle(0, 120, 1, Some(b"side table v1")),
        ];
        let good = variants
            .into_iter()
            .map(|v| (delta::diff(&base, &v).expect("diff").to_bytes(), v))
            .collect();
        let screener = Screener::from_bytes(base.clone()).expect("the base loads");
        Seeds {
            base,
            good,
            screener,
        }
    })
}

fn recrc(mut b: Vec<u8>) -> Vec<u8> {
    if b.len() >= 4 {
        let end = b.len() - 4;
        let crc = burao_fuzz::crc32(&b[..end]);
        b[end..].copy_from_slice(&crc.to_le_bytes());
    }
    b
}

fuzz_target!(|data: &[u8]| {
    burao_fuzz::no_escaping_panic(|| {
        let Some((&mode, rest)) = data.split_first() else {
            return;
        };
        let s = seeds();
        let (patch, expected) = match mode >> 1 {
            0 => (rest.to_vec(), None),
            1 => (recrc(rest.to_vec()), None),
            k => {
                let (good, result) = &s.good[usize::from(k - 2) % s.good.len()];
                let mut p = good.clone();
                for e in rest.chunks_exact(3) {
                    let at = usize::from(u16::from_le_bytes([e[0], e[1]])) % p.len();
                    p[at] ^= e[2];
                }
                (recrc(p), Some(result))
            }
        };
        let decoded = Patch::from_bytes(&patch);
        if let Ok(p) = &decoded {
            let _ = format!("{p:?}");
            let _ = p.summary();
        }
        // The file an accepted patch built must be the one it names.
        let check = |out: &[u8]| {
            let p = decoded.as_ref().expect("an applied patch decodes");
            assert_eq!(bundle_hash(out), p.result_hash(), "accepted a wrong result");
            assert_eq!(out.len() as u64, p.result_len());
            if let Some(want) = expected {
                if p.result_hash() == bundle_hash(want) {
                    assert!(
                        out == want.as_slice(),
                        "a damaged known patch built another file"
                    );
                }
            }
        };
        if mode & 1 == 0 {
            match delta::apply(&s.base, &patch) {
                Ok(out) => check(&out),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
            return;
        }
        let before = s.screener.bundle_info();
        match s.screener.apply_update(&patch) {
            Ok(info) => {
                assert!(info.metadata.sequence >= before.metadata.sequence);
                check(&s.screener.bundle_bytes());
                s.screener
                    .replace_bundle_allowing_rollback(s.base.clone())
                    .expect("the base loads again");
            }
            Err(e) => {
                assert!(!e.chain().is_empty());
                assert_eq!(
                    s.screener.bundle_info(),
                    before,
                    "a refusal changed the bundle"
                );
            }
        }
    });
});

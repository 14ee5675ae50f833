#![no_main]
//! Each part of a valid bundle, mutated behind a recomputed checksum, so the
//! mutations reach the header and section decoders instead of stopping at
//! the CRC. The first input byte picks the part; the rest replaces it.
use std::sync::OnceLock;

use burao_core::bundle::{Bundle, BundleWriter};
use burao_core::{Screener, DEFAULT_BUNDLE};
use libfuzzer_sys::fuzz_target;

struct Seed {
    bundle: Bundle,
    names: Vec<String>,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let bundle = Bundle::from_static(DEFAULT_BUNDLE).expect("default bundle loads");
        let names = bundle.info().sections.into_iter().map(|(n, _)| n).collect();
        Seed { bundle, names }
    })
}

/// CRC-32 (IEEE), bitwise: the fuzz crate keeps no dependency of its own.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let seed = seed();
    let parts = seed.names.len() + 1;
    let file = match usize::from(pick) % parts {
        0 => {
            // The header: keep magic and version, splice in new header bytes.
            let good = seed.bundle.bytes();
            let header_len = u32::from_le_bytes(good[12..16].try_into().unwrap()) as usize;
            let mut f = good[..12].to_vec();
            f.extend_from_slice(&(rest.len() as u32).to_le_bytes());
            f.extend_from_slice(rest);
            let tail = &good[16 + header_len..good.len() - 4];
            f.extend_from_slice(tail);
            let crc = crc32(&f);
            f.extend_from_slice(&crc.to_le_bytes());
            f
        }
        i => {
            let name = &seed.names[i - 1];
            let mut w = BundleWriter::new(seed.bundle.metadata().clone());
            for n in &seed.names {
                let bytes = if n == name {
                    rest.to_vec()
                } else {
                    seed.bundle.section(n).unwrap().to_vec()
                };
                w = w.section(n, bytes);
            }
            w.to_bytes()
        }
    };
    let Ok(bundle) = Bundle::from_vec(file) else {
        return;
    };
    for _ in bundle.lists().patterns() {}
    if let Ok(s) = Screener::from_bundle(bundle) {
        let _ = s.screen_call_at("+86 170 0000 0000", false, 0);
        let _ = s.screen_call_at("95588", false, 0);
        let _ = s.screen_sms_at(
            "1069 0000 1234",
            "【某银行】贷款额度已到账，回T退订",
            false,
            0,
        );
    }
});

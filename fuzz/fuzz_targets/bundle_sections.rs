#![no_main]
//! Each part of a valid bundle, mutated behind a recomputed checksum, so the
//! mutations reach the header and section decoders instead of stopping at
//! the CRC. The first input byte picks the part; the rest replaces it.
use std::sync::OnceLock;

use burao_core::bundle::{Bundle, SECTION_SMS_MODEL};
use burao_core::sms::features::FeatureOptions;
use burao_core::sms::model::{FloatWeights, Model};
use burao_core::{Screener, DEFAULT_BUNDLE};
use libfuzzer_sys::fuzz_target;

struct Seed {
    bundle: Bundle,
    names: Vec<String>,
}

/// The default bundle with its 188 KB model swapped for a 2^6-bucket one: the
/// same decoders run, but copying and checksumming 190 KB per input made the
/// instrumented harness 20x slower (200 inputs a second) for no new coverage.
fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let full = Bundle::from_static(DEFAULT_BUNDLE).expect("default bundle loads");
        let names: Vec<String> = full.info().sections.into_iter().map(|(n, _)| n).collect();
        let weight = |i: usize| ((i * 7) % 11) as f32 / 10.0 - 0.5;
        let small = Model::from_float(&FloatWeights {
            spam_bits: 6,
            spam: (0..1 << 6).map(weight).collect(),
            spam_bias: -0.2,
            cat_bits: 4,
            cat: (0..(1 << 4) * 7).map(weight).collect(),
            cat_bias: [0.0; 7],
            platt: (1.0, 0.0),
            // Model format 3, as the default model is.
            length_norm: 120.0,
            options: FeatureOptions { word_pieces: 5 },
        });
        let bytes = burao_fuzz::with_section(&full, SECTION_SMS_MODEL, small.to_bytes());
        let bundle = Bundle::from_vec(bytes).expect("the small-model bundle loads");
        Seed { bundle, names }
    })
}

fuzz_target!(|data: &[u8]| {
    burao_fuzz::no_escaping_panic(|| {
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
                let crc = burao_fuzz::crc32(&f);
                f.extend_from_slice(&crc.to_le_bytes());
                f
            }
            i => burao_fuzz::with_section(&seed.bundle, &seed.names[i - 1], rest.to_vec()),
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
});

//! Load time of a bundle and what it is made of: the bundle checksum (this
//! library's slice-by-8 CRC-32 against the bytewise one it replaced and
//! `crc32fast`), the fst's own checksum, and the walk over every fst value
//! that loading used to do (dropped: values are checked where read).
//!
//! `cargo bench -p burao-core --bench load` prints a table for the default
//! bundle and a generated 1M-pattern one (the `lists` bench's generator);
//! `BURAO_LOAD_BUNDLES=a.bundle,b.bundle` adds bundle files, e.g. a 10M one
//! from `scripts/gen-big-list.py 10000000` and `burao build`. Medians of 7
//! runs (3 for bundles over 32 MiB). Under `cargo test --benches` it runs a
//! small list once, as a check.

use std::hint::black_box;
use std::time::{Duration, Instant};

use burao_core::bundle::{Bundle, SECTION_LIST_FST};
use burao_core::{Screener, DEFAULT_BUNDLE};

#[allow(dead_code)]
#[path = "lists/data.rs"]
mod data;

/// The load-time walk `PrefixList::new` did before: every value checked.
fn old_value_walk(fst_bytes: &[u8], entries: usize) -> bool {
    let fst = fst::raw::Fst::new(fst_bytes).expect("fst");
    let mut stream = fst.stream();
    while let Some((_, out)) = fst::Streamer::next(&mut stream) {
        if out.value() >= entries as u64 {
            return false;
        }
    }
    true
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn report(name: &str, bytes: &'static [u8], full: bool) {
    let runs = match (full, bytes.len() > 32 << 20) {
        (false, _) => 1,
        (true, true) => 3,
        (true, false) => 7,
    };
    let bundle = Bundle::from_static(bytes).expect("bundle loads");
    let patterns = bundle.lists().len();
    let entries = bundle.lists().entries().len();
    let fst_bytes = bundle.section(SECTION_LIST_FST).expect("fst section");
    let mb = bytes.len() as f64 / (1 << 20) as f64;
    let rate = |d: Duration| mb / d.as_secs_f64();
    let old_crc = median(runs, || {
        black_box(burao_core::crc::bytewise(black_box(bytes)));
    });
    let new_crc = median(runs, || {
        black_box(burao_core::crc::hash(black_box(bytes)));
    });
    let fast_crc = median(runs, || {
        black_box(crc32fast::hash(black_box(bytes)));
    });
    assert_eq!(
        burao_core::crc::bytewise(bytes),
        burao_core::crc::hash(bytes)
    );
    let verify = median(runs, || {
        let fst = fst::raw::Fst::new(fst_bytes).expect("fst");
        fst.verify().expect("fst checksum");
    });
    let walk = median(runs, || assert!(old_value_walk(fst_bytes, entries)));
    let load = median(runs, || {
        black_box(Bundle::from_static(bytes).expect("bundle loads"));
    });
    let screener = median(runs, || {
        black_box(Screener::from_bundle(Bundle::from_static(bytes).unwrap()).unwrap());
    });
    println!(
        "| {name}: {patterns} patterns, {mb:.1} MiB | {} ({:.0} MB/s) | {} ({:.0} MB/s) | {} ({:.0} MB/s) | {} | {} | {} | {} | {} |",
        ms(old_crc),
        rate(old_crc),
        ms(new_crc),
        rate(new_crc),
        ms(fast_crc),
        rate(fast_crc),
        ms(verify),
        ms(walk),
        ms(load),
        ms(screener),
        ms((load + walk + old_crc).saturating_sub(new_crc)),
    );
}

/// The generator's seed for this bench's list.
const SEED: u64 = 0x6c6f_6164;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    println!(
        "| bundle | CRC-32 bytewise, before (ms) | CRC-32 slice-by-8, now (ms) | crc32fast, peer (ms) \
         | fst checksum (ms) | old load walk of every value (ms) | Bundle load, now (ms) \
         | Screener from bundle, now (ms) | Bundle load, before (estimated: now + walk + CRC difference, ms) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    report("default bundle", DEFAULT_BUNDLE, full);
    let generated = data::list_bundle("load", SEED, if full { 1_000_000 } else { 10_000 });
    report("generated", Box::leak(generated.into_boxed_slice()), full);
    if let Ok(paths) = std::env::var("BURAO_LOAD_BUNDLES") {
        for path in paths.split(',').filter(|p| !p.is_empty()) {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            report(path, Box::leak(bytes.into_boxed_slice()), full);
        }
    }
    println!();
    println!(
        "Bundle load = `Bundle::from_static` (bundle checksum, header, entry table, fst header and \
         checksum; no walk). Medians; one process, so the ratios hold even on a loaded machine."
    );
}

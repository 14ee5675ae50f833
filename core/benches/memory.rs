//! Heap memory of a screener: what it keeps after loading a bundle, the peak
//! while it loads, and the peak while it screens. This is the budget an iOS
//! message-filter or Call Directory extension pays, where the system kills a
//! process that grows too large. Counted by `peak_alloc`'s global allocator,
//! which tracks live bytes and their high-water mark (`stats_alloc` keeps
//! totals only); it reallocates by copying, so a growing buffer's peak counts
//! the old and the new block together, the worst case.
//! Run with `cargo bench -p burao-core --bench memory`; it prints a table.
//! Under `cargo test` (`--test`, no `--bench`) it runs a small list only.

use std::hint::black_box;
use std::time::Instant;

use burao_core::{Screener, DEFAULT_BUNDLE};
use peak_alloc::PeakAlloc;

// Probes and samples are the `lists` bench's; only `generate` is used here.
#[allow(dead_code)]
#[path = "lists/data.rs"]
mod data;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Heap figures of one step, in bytes, relative to the live bytes before it.
struct Step {
    kept: isize,
    peak: usize,
    micros: f64,
}

/// Runs `f`, returning its value and the heap it kept and peaked at.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Step) {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let t = Instant::now();
    let value = f();
    let micros = t.elapsed().as_secs_f64() * 1e6;
    let step = Step {
        kept: HEAP.current_usage() as isize - before as isize,
        peak: HEAP.peak_usage() - before,
        micros,
    };
    (value, step)
}

fn rules(n: usize) -> String {
    let rules: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id":"r{i}","keywords":["关键词{i}"],"action":"junk"}}"#))
        .collect();
    format!(r#"{{"schema":1,"rules":[{}]}}"#, rules.join(","))
}

const MESSAGE: &str =
    "【速借】尊敬的客户，您有一笔50000元额度待领取，无抵押当天到账，点击 t.cn/Ab12 立即申请，回T退订";

fn kib(b: isize) -> String {
    format!("{:.1}", b as f64 / 1024.0)
}

fn row(what: &str, s: &Step) {
    println!(
        "| {what} | {} | {} | {:.0} |",
        kib(s.kept),
        kib(s.peak as isize),
        s.micros
    );
}

/// The generator's seed for this bench's list.
const SEED: u64 = 0x6d65_6d6f_7279;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Same rule as criterion: only `cargo bench` (`--bench` without `--test`) measures in full.
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let patterns = if full { 1_000_000 } else { 10_000 };

    println!("| step | heap kept (KiB) | heap peak (KiB) | µs |");
    println!("| --- | ---: | ---: | ---: |");
    let (default, s) = measure(Screener::with_default_bundle);
    row(
        &format!(
            "default screener (embedded {} KiB bundle, read in place)",
            DEFAULT_BUNDLE.len() / 1024
        ),
        &s,
    );
    // Warm up the verdict path once (lazily built tables), then measure one
    // verdict and then a thousand: the second shows whether screening leaks.
    black_box(default.screen_sms("1069012345678", MESSAGE, false).unwrap());
    black_box(default.screen_call("+86 170 1234 5678", false).unwrap());
    let (_, s) = measure(|| black_box(default.screen_sms("1069012345678", MESSAGE, false)));
    row("one SMS verdict (67 chars)", &s);
    let (_, s) = measure(|| {
        for _ in 0..1_000 {
            black_box(default.screen_sms("1069012345678", MESSAGE, false).unwrap());
        }
    });
    row("1,000 SMS verdicts", &s);
    let long: String = MESSAGE.repeat(64 * 1024 / MESSAGE.len() + 1);
    let (_, s) = measure(|| black_box(default.screen_sms("1069012345678", &long, false)));
    row(
        &format!("one SMS verdict ({} KiB body)", long.len() / 1024),
        &s,
    );
    let (_, s) = measure(|| black_box(default.screen_call("+86 170 1234 5678", false)));
    row("one call verdict", &s);
    let (_, s) = measure(|| default.set_rules(&rules(1_000)).expect("rules compile"));
    row("1,000 keyword rules (JSON built inside the step)", &s);
    let (_, s) = measure(|| {
        for _ in 0..1_000 {
            black_box(default.screen_sms("1069012345678", MESSAGE, false).unwrap());
        }
    });
    row("1,000 SMS verdicts with those rules", &s);
    let (_, s) = measure(|| drop(default));
    row("drop the screener", &s);

    let bytes = data::list_bundle("memory", SEED, patterns);
    let len = bytes.len();
    let (big, s) = measure(move || Screener::from_bytes(bytes).expect("bundle loads"));
    row(
        &format!(
            "screener over a {patterns}-pattern bundle ({} KiB, handed over, not copied)",
            len / 1024
        ),
        &s,
    );
    let (_, s) = measure(|| {
        for i in 0..1_000u32 {
            let n = format!("13{:09}", i.wrapping_mul(2_654_435_761) % 1_000_000_000);
            black_box(big.screen_call(&n, false).unwrap());
        }
    });
    row("1,000 call verdicts on it (numbers formatted inside)", &s);
    println!();
    println!(
        "kept: live heap after the step minus before; peak: the step's high-water mark above \
         the live heap before it. The bundle's own bytes count where the screener owns them \
         (`from_bytes` takes the Vec) and not for the embedded default."
    );
}

//! The CallKit export runs in memory bounded by the batch size, not by the
//! numbers it sends: ten million numbers go through while the process's peak
//! resident memory grows by less than a tenth of what holding them would take.
//!
//! The only test in this binary, so no other test moves the peak. It reads the
//! peak from `/proc/self/status` and fails (not skips) where there is none.

mod support;

use burao_core::bundle::{Bundle, Metadata};
use burao_core::callkit::{CallKitExport, CallKitOptions};
use support::list_bundle;

fn bundle(csv: &str) -> Bundle {
    Bundle::from_vec(list_bundle(Metadata::new("t", "1", "CN"), csv).to_bytes()).unwrap()
}

/// Peak resident set size of this process, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status")
        .expect("this test measures memory through /proc/self/status (Linux)");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("VmHWM value");
    kb * 1024
}

/// Sends every batch to nowhere, checking order; returns (numbers, batches).
fn drain(export: &CallKitExport) -> (u64, u64) {
    let (mut numbers, mut batches, mut last) = (0u64, 0u64, 0i64);
    let mut cursor: Option<String> = None;
    loop {
        let batch = export.next_batch(cursor.as_deref()).unwrap();
        assert!(batch.len() <= 5_000);
        for &n in &batch.block {
            assert!(n > last, "strictly ascending");
            last = n;
        }
        numbers += batch.block.len() as u64;
        batches += 1;
        match batch.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (numbers, batches),
        }
    }
}

#[test]
fn ten_million_numbers_in_constant_memory() {
    let options = CallKitOptions {
        budget: 20_000_000,
        batch_size: 5_000,
    };
    // Warm up every code path (and the allocator) on a small list first.
    let small = CallKitExport::full(bundle("1390000*,,,\n139000001*,,allow,\n"), options);
    assert_eq!(drain(&small), (10_000 - 100, 2));
    let before = peak_rss();

    // 138 0xxx xxxx: ten million mobile numbers, less a 1,000-number allowed hole.
    let big = CallKitExport::full(bundle("1380*,fraud,block,\n1380013*,,allow,\n"), options);
    assert_eq!(big.report().block_numbers, 10_000_000 - 10_000);
    let (numbers, batches) = drain(&big);
    let grown = peak_rss().saturating_sub(before);

    assert_eq!(numbers, 10_000_000 - 10_000);
    assert_eq!(batches, 1_998);
    let materialised = numbers * std::mem::size_of::<i64>() as u64;
    eprintln!(
        "10M export: peak RSS grew by {} KiB (holding the numbers: {} KiB)",
        grown / 1024,
        materialised / 1024
    );
    assert!(
        grown < materialised / 10,
        "peak RSS grew by {grown} bytes for {numbers} numbers"
    );
}

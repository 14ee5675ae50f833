//! Delta updates on a big list: patch size against the full bundle, the time
//! to make and apply a patch, and the heap the phone needs while applying it.
//! Lists are the `lists` bench's generator; a day's churn drops random
//! patterns and adds as many new ones. Heap is counted by `peak_alloc` as in
//! the `memory` bench (peak above the live heap before the step).
//! Run with `cargo bench -p burao-core --bench delta`; it prints a table.
//! Under `cargo test` (`--test`, no `--bench`) it runs a 20k-pattern list only.
//! With `BURAO_DELTA_DUMP=DIR` it also writes the bundles and patches there
//! (to compare with a generic binary diff, see README "Delta updates").

use std::collections::HashSet;
use std::time::Instant;

use burao_core::bundle::delta;
use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use burao_core::Screener;
use peak_alloc::PeakAlloc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[allow(dead_code)]
#[path = "lists/data.rs"]
mod data;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

fn csv<'a>(pats: impl Iterator<Item = &'a data::Pat>, entries: &[data::Entry]) -> String {
    let mut s = String::from("pattern,category,action,label\n");
    for p in pats {
        let e = &entries[p.entry as usize];
        let cat = e.category.map_or("", |c| c.as_str());
        let star = if p.prefix { "*" } else { "" };
        s.push_str(&format!(
            "+{}{star},{cat},{},{}\n",
            p.digits,
            e.action.as_str(),
            e.label
        ));
    }
    s
}

fn bundle(csv: &str, sequence: u64) -> Vec<u8> {
    let mut b = ListBuilder::new(Region::cn());
    b.add_csv("delta.csv", csv, ListAction::Block)
        .expect("generated CSV is valid");
    let mut m = Metadata::new("delta", &sequence.to_string(), "CN");
    m.sequence = sequence;
    BundleWriter::new(m)
        .lists(&b.build().expect("generated list builds"))
        .to_bytes()
}

/// Day 1 and day 2 bundles over `n` patterns with `churn` removed and added.
fn pair(n: usize, churn: usize) -> (Vec<u8>, Vec<u8>) {
    let mut rng = StdRng::seed_from_u64(0x64_656c_7461);
    let gen = data::generate(&mut rng, n + churn);
    let mut gone = HashSet::new();
    while gone.len() < churn {
        gone.insert(rng.random_range(0..n));
    }
    let old = csv(gen.patterns[..n].iter(), &gen.entries);
    let new = csv(
        gen.patterns
            .iter()
            .enumerate()
            .filter(|(i, _)| !gone.contains(i))
            .map(|(_, p)| p),
        &gen.entries,
    );
    (bundle(&old, 1), bundle(&new, 2))
}

/// CPU time of this thread in ms (Linux `/proc`, clock ticks of 10 ms): the
/// machine is shared, so wall time alone overstates the work under load.
fn thread_cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the
    // 12th and stime the 13th of them.
    let rest = stat.rsplit_once(')').map_or("", |r| r.1);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    if f.len() < 13 {
        return f64::NAN;
    }
    (f[11] + f[12]) * 10.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn mib(b: usize) -> String {
    format!("{:.1}", b as f64 / (1 << 20) as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let n = if full { 1_000_000 } else { 20_000 };
    let runs = if full { 5 } else { 1 };
    let dump = std::env::var_os("BURAO_DELTA_DUMP");

    println!(
        "| patterns | churn (removed + added) | bundle (bytes) | patch (bytes) | patch / bundle | diff (ms) | apply (ms wall / CPU, median of {runs}) | apply peak extra heap (MiB) | apply_update (ms wall / CPU) | apply_update peak extra heap (MiB) | replace_bundle peak extra heap (MiB) |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for churn in [n / 100, n / 1000] {
        let (old, new) = pair(n, churn);
        let t = Instant::now();
        let patch = delta::diff(&old, &new).expect("diff").to_bytes();
        let diff_ms = t.elapsed().as_secs_f64() * 1e3;
        eprintln!(
            "{:?}",
            delta::Patch::from_bytes(&patch).expect("decodes").summary()
        );
        if let Some(dir) = &dump {
            let dir = std::path::Path::new(dir);
            std::fs::create_dir_all(dir).expect("dump dir");
            let tag = format!("{n}-{churn}");
            std::fs::write(dir.join(format!("old-{tag}.bundle")), &old).expect("write");
            std::fs::write(dir.join(format!("new-{tag}.bundle")), &new).expect("write");
            std::fs::write(dir.join(format!("{tag}.patch")), &patch).expect("write");
        }

        // The bare rebuild: base bytes and patch in, verified result bytes out.
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut apply_peak = 0;
        for _ in 0..runs {
            let before = HEAP.current_usage();
            HEAP.reset_peak_usage();
            let c = thread_cpu_ms();
            let t = Instant::now();
            let out = delta::apply(&old, &patch).expect("patch applies");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            cpu.push(thread_cpu_ms() - c);
            apply_peak = apply_peak.max(HEAP.peak_usage() - before);
            assert!(out == new, "byte-identical result");
        }

        // What an app calls: rebuild, load, verify, swap. The old bundle
        // (handed to the screener) is live before, so it does not count.
        let mut update_times = Vec::new();
        let mut update_cpu = Vec::new();
        let mut update_peak = 0;
        for _ in 0..runs {
            let s = Screener::from_bytes(old.clone()).expect("day 1 loads");
            let before = HEAP.current_usage();
            HEAP.reset_peak_usage();
            let c = thread_cpu_ms();
            let t = Instant::now();
            let info = s.apply_update(&patch).expect("update applies");
            update_times.push(t.elapsed().as_secs_f64() * 1e3);
            update_cpu.push(thread_cpu_ms() - c);
            update_peak = update_peak.max(HEAP.peak_usage() - before);
            assert_eq!(info.metadata.sequence, 2);
        }

        // For comparison: the full new bundle handed over.
        let s = Screener::from_bytes(old.clone()).expect("day 1 loads");
        let copy = new.clone();
        let before = HEAP.current_usage();
        HEAP.reset_peak_usage();
        s.replace_bundle(copy).expect("full bundle loads");
        let replace_peak = HEAP.peak_usage() - before;

        println!(
            "| {n} | {churn} + {churn} | {} | {} | {:.2}% | {diff_ms:.0} | {:.0} / {:.0} | {} | {:.0} / {:.0} | {} | {} |",
            new.len(),
            patch.len(),
            patch.len() as f64 * 100.0 / new.len() as f64,
            median(times),
            median(cpu),
            mib(apply_peak),
            median(update_times),
            median(update_cpu),
            mib(update_peak),
            mib(replace_peak),
        );
    }
    println!();
    println!(
        "apply: `delta::apply` (hash the base, rebuild, hash the result). apply_update: \
         `Screener::apply_update` (the same, then load and verify the bundle and swap it in). \
         Peak extra heap: the step's high-water mark above the live heap before it; the result \
         bundle itself is part of it (it becomes the bundle in force). replace_bundle: the \
         same screener given the full new bundle (already in memory: a download buffer). \
         CPU: this thread's user + system time (10 ms ticks), which a busy machine does not inflate."
    );
}

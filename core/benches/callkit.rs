//! CallKit export throughput: a full export drained batch by batch, for lists
//! standing for 10^5, 10^6 and 10^7 numbers. Criterion prints numbers per second
//! for each size side by side; flat throughput means the cost is per number sent,
//! with no hidden cost growing with the list. Then the cost of making an export
//! (the plan: counting every pattern's numbers, the cuts of a budget): the
//! default bundle, and a generated list of 1M patterns (the `lists` bench's
//! generator; 100k under `cargo test --benches`) with budgets of 1 number
//! (nearly every pattern left out and counted) and the default 2,000,000.

use burao_core::bundle::{Bundle, BundleWriter, Metadata};
use burao_core::callkit::{CallKitExport, CallKitOptions};
use burao_core::lists::{ListAction, ListBuilder};
use burao_core::number::Region;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[allow(dead_code)]
#[path = "lists/data.rs"]
mod data;

fn bundle(prefix: &str) -> Bundle {
    let mut b = ListBuilder::new(Region::cn());
    // One range with an allowed hole, as in real lists.
    let csv =
        format!("pattern,category,action,label\n{prefix}*,fraud,block,\n{prefix}1*,,allow,\n");
    b.add_csv("l.csv", &csv, ListAction::Block).unwrap();
    let bytes = BundleWriter::new(Metadata::new("bench", "1", "CN"))
        .lists(&b.build().unwrap())
        .to_bytes();
    Bundle::from_vec(bytes).unwrap()
}

fn drain(export: &CallKitExport) -> u64 {
    let mut sent = 0u64;
    let mut cursor: Option<String> = None;
    loop {
        let batch = export.next_batch(cursor.as_deref()).unwrap();
        sent += batch.block.len() as u64;
        match batch.next_cursor {
            Some(c) => cursor = Some(c),
            None => return sent,
        }
    }
}

fn full_export(c: &mut Criterion) {
    let mut group = c.benchmark_group("callkit_full_export");
    group.sample_size(10);
    // 138000 (10^5), 13800 (10^6), 1380 (10^7): national prefixes of 11-digit mobiles.
    for prefix in ["138000", "13800", "1380"] {
        let export = CallKitExport::full(
            bundle(prefix),
            CallKitOptions {
                budget: 20_000_000,
                ..CallKitOptions::default()
            },
        );
        let numbers = export.report().block_numbers;
        group.throughput(Throughput::Elements(numbers));
        group.bench_with_input(BenchmarkId::from_parameter(numbers), &export, |b, e| {
            b.iter(|| drain(e))
        });
    }
    group.finish();
}

fn plan(c: &mut Criterion) {
    // Making an export counts every pattern once: the default bundle's cost.
    c.bench_function("callkit_plan_default_bundle", |b| {
        b.iter(|| {
            let bundle = Bundle::from_static(burao_core::DEFAULT_BUNDLE).unwrap();
            CallKitExport::full(bundle, CallKitOptions::default())
                .report()
                .identify_numbers
        })
    });
}

fn plan_generated(c: &mut Criterion) {
    let full = std::env::args().any(|a| a == "--bench");
    let patterns = if full { 1_000_000 } else { 100_000 };
    let bytes = data::list_bundle("callkit", 0x6361_6c6c, patterns);
    let mut group = c.benchmark_group(format!("callkit_plan_generated_{patterns}"));
    group.sample_size(10);
    for budget in [1, burao_core::callkit::DEFAULT_BUDGET] {
        group.bench_with_input(BenchmarkId::new("budget", budget), &budget, |b, &budget| {
            b.iter(|| {
                let bundle = Bundle::from_vec(bytes.clone()).unwrap();
                let options = CallKitOptions {
                    budget,
                    ..CallKitOptions::default()
                };
                CallKitExport::full(bundle, options)
                    .report()
                    .over_budget_patterns
            })
        });
    }
    group.finish();
}

criterion_group!(benches, full_export, plan, plan_generated);
criterion_main!(benches);

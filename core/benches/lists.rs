//! List lookup benchmark: the fst `PrefixList` against the structures other
//! blockers use (SQLite among them, as Android blocklist apps store numbers),
//! over 1M random patterns shaped like real Chinese lists.
//!
//! `cargo bench -p burao-core --bench lists` prints a table (also written to
//! `target/bench-lists.md`) and then runs criterion on every lookup. Under
//! `cargo test --benches` it runs the same code on a small list, as a check.
//!
//! Per-lookup percentiles come from timing each lookup on its own, minus the
//! measured cost of reading the clock; "mean" is a tight loop without clocks.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use burao_core::bundle::{BundleWriter, Metadata};
use burao_core::lists::{ListAction, ListBuilder, PrefixList};
use burao_core::number::Region;
use criterion::Criterion;
use rand::rngs::StdRng;
use rand::SeedableRng;

#[path = "lists/data.rs"]
mod data;
#[path = "lists/rivals.rs"]
mod rivals;

use rivals::{Answer, ExactSet, ProbeMap, RegexList, SortedVec, SqliteList};

struct Size {
    patterns: usize,
    regex_patterns: usize,
    probes: usize,
    regex_probes: usize,
}

const FULL: Size = Size {
    patterns: 1_000_000,
    regex_patterns: 10_000,
    probes: 200_000,
    regex_probes: 20_000,
};

const SMOKE: Size = Size {
    patterns: 20_000,
    regex_patterns: 500,
    probes: 5_000,
    regex_probes: 1_000,
};

/// One row of the table.
struct Row {
    name: String,
    patterns: usize,
    build: Option<Duration>,
    bytes_per_pattern: Option<f64>,
    p50: f64,
    p99: f64,
    mean: f64,
}

/// The rows from here on are over the regex sample, not the whole list.
const SMALL_ROWS: usize = 5;

/// What `f` makes, and how long it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let made = f();
    (made, t.elapsed())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Same rule as criterion: only `cargo bench` (`--bench` without `--test`) measures.
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let size = if full { FULL } else { SMOKE };
    let mut rng = StdRng::seed_from_u64(0x0062_7572_616f);

    let gen = data::generate(&mut rng, size.patterns);
    let csv = gen.csv();
    let t = Instant::now();
    let mut builder = ListBuilder::new(Region::cn());
    builder
        .add_csv("bench.csv", &csv, ListAction::Block)
        .expect("generated CSV is valid");
    let parsed = t.elapsed();
    let t = Instant::now();
    let built = builder.build().expect("generated list builds");
    let fst_build = t.elapsed();
    let bundle_len = BundleWriter::new(Metadata::new("bench", "0", "CN"))
        .lists(&built)
        .to_bytes()
        .len();
    let fst_len = built.fst.len();
    let t = Instant::now();
    let list = PrefixList::new(built.fst, built.entries).expect("fst loads");
    let load = t.elapsed();
    assert_eq!(list.len(), size.patterns);

    let probes = data::probes(&mut rng, &gen, size.probes);
    let regex_gen = gen.sample(&mut rng, size.regex_patterns);
    let regex_probes = data::probes(&mut rng, &regex_gen, size.regex_probes);

    let (exact, exact_build) = timed(|| ExactSet::new(&gen));
    let (sorted, sorted_build) = timed(|| SortedVec::new(&gen));
    let (probe_map, probe_build) = timed(|| ProbeMap::new(&gen));
    let (regex, regex_build) = timed(|| RegexList::new(&regex_gen));
    let (sqlite, sqlite_build) = timed(|| SqliteList::new(&gen));
    let sqlite_statement = std::cell::RefCell::new(sqlite.statement());
    let mut small = ListBuilder::new(Region::cn());
    small
        .add_csv("small.csv", &regex_gen.csv(), ListAction::Block)
        .expect("sampled CSV is valid");
    let small_built = small.build().expect("sampled list builds");
    let small_fst_len = small_built.fst.len();
    let small_list = PrefixList::new(small_built.fst, small_built.entries).expect("fst loads");

    check_agreement(&list, &exact, &sorted, &probe_map, &probes);
    let sqlite_lookup = |d: &str| sqlite.lookup(&mut sqlite_statement.borrow_mut(), d);
    for p in &probes {
        let want = Answer::of(list.lookup(p));
        assert_eq!(sqlite_lookup(p), want, "SQLite disagrees with the fst");
    }
    check_agreement_regex(&small_list, &regex, &regex_probes);

    let fst_lookup = |d: &str| Answer::of(list.lookup(d));
    let small_lookup = |d: &str| Answer::of(small_list.lookup(d));
    let exact_lookup = |d: &str| exact.contains(d);
    let sorted_lookup = |d: &str| sorted.lookup(d);
    let probe_lookup = |d: &str| probe_map.lookup(d);
    let regex_lookup = |d: &str| regex.lookup(d);

    let n = size.patterns;
    let m = size.regex_patterns;
    let mut rows = vec![
        row(
            "fst PrefixList (CSV parse + build)",
            n,
            Some(parsed + fst_build),
            Some(bundle_len as f64 / n as f64),
            &probes,
            fst_lookup,
        ),
        row(
            "HashSet<u64> exact numbers only (a)",
            gen.exact_count(),
            Some(exact_build),
            Some(exact.heap_bytes() as f64 / gen.exact_count() as f64),
            &probes,
            exact_lookup,
        ),
        row(
            "sorted Vec, binary search per length (b)",
            n,
            Some(sorted_build),
            Some(sorted.heap_bytes() as f64 / n as f64),
            &probes,
            sorted_lookup,
        ),
        row(
            "HashMap, probe per length",
            n,
            Some(probe_build),
            Some(probe_map.heap_bytes() as f64 / n as f64),
            &probes,
            probe_lookup,
        ),
        row(
            "SQLite in memory, indexed prefix query (d)",
            n,
            Some(sqlite_build),
            Some(sqlite.bytes() as f64 / n as f64),
            &probes,
            sqlite_lookup,
        ),
        row(
            "fst PrefixList, same sample as regex",
            m,
            None,
            Some(small_fst_len as f64 / m as f64),
            &regex_probes,
            small_lookup,
        ),
        row(
            "RegexSet of prefix patterns (c)",
            m,
            Some(regex_build),
            None,
            &regex_probes,
            regex_lookup,
        ),
    ];
    let extra = format!(
        "fst list: {n} patterns, {} distinct entries; CSV parse+normalise {:.2} s, fst build {:.2} s, \
         load check (PrefixList::new) {:.1} ms; fst {:.2} B/pattern, whole bundle {:.2} B/pattern; \
         RegexSet over {m} patterns vs fst over the same {m}: fst {:.2} B/pattern.",
        list.entries().len(),
        parsed.as_secs_f64(),
        fst_build.as_secs_f64(),
        load.as_secs_f64() * 1e3,
        fst_len as f64 / n as f64,
        bundle_len as f64 / n as f64,
        small_fst_len as f64 / m as f64,
    );

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
        .configure_from_args();
    criterion_lookups(&mut c, "fst_1m", &probes, fst_lookup);
    criterion_lookups(&mut c, "hashset_exact", &probes, exact_lookup);
    criterion_lookups(&mut c, "sorted_vec", &probes, sorted_lookup);
    criterion_lookups(&mut c, "hashmap_probe", &probes, probe_lookup);
    criterion_lookups(&mut c, "sqlite", &probes, sqlite_lookup);
    criterion_lookups(&mut c, "fst_regex_sample", &regex_probes, small_lookup);
    criterion_lookups(&mut c, "regexset", &regex_probes, regex_lookup);
    c.final_summary();

    // Ratios are against the fst over the same list (the last two rows against row 6).
    let base_big = (rows[0].p50, rows[0].mean);
    let base_small = (rows[SMALL_ROWS].p50, rows[SMALL_ROWS].mean);
    let table = render(&mut rows, base_big, base_small, &extra, full);
    println!("\n{table}");
    if full {
        write_report(&table);
    }
}

fn row<T>(
    name: &str,
    patterns: usize,
    build: Option<Duration>,
    bytes_per_pattern: Option<f64>,
    probes: &[String],
    f: impl Fn(&str) -> T,
) -> Row {
    let (p50, p99, mean) = time_lookups(probes, f);
    Row {
        name: name.into(),
        patterns,
        build,
        bytes_per_pattern,
        p50,
        p99,
        mean,
    }
}

/// p50, p99 of single timed lookups (clock cost subtracted) and the tight-loop mean, in ns.
fn time_lookups<T>(probes: &[String], f: impl Fn(&str) -> T) -> (f64, f64, f64) {
    for p in probes.iter().take(1000) {
        black_box(f(black_box(p)));
    }
    let clock = {
        let mut empty: Vec<u64> = (0..10_000)
            .map(|_| {
                let t = Instant::now();
                black_box(());
                t.elapsed().as_nanos() as u64
            })
            .collect();
        empty.sort_unstable();
        empty[empty.len() / 2] as f64
    };
    let mut ns: Vec<u64> = probes
        .iter()
        .map(|p| {
            let t = Instant::now();
            black_box(f(black_box(p)));
            t.elapsed().as_nanos() as u64
        })
        .collect();
    ns.sort_unstable();
    let pct = |q: f64| (ns[((ns.len() - 1) as f64 * q) as usize] as f64 - clock).max(0.0);
    let t = Instant::now();
    for p in probes {
        black_box(f(black_box(p)));
    }
    let mean = t.elapsed().as_nanos() as f64 / probes.len() as f64;
    (pct(0.50), pct(0.99), mean)
}

fn criterion_lookups<T>(c: &mut Criterion, name: &str, probes: &[String], f: impl Fn(&str) -> T) {
    let mut i = 0usize;
    c.bench_function(&format!("lookup/{name}"), |b| {
        b.iter(|| {
            i = (i + 1) % probes.len();
            f(black_box(&probes[i]))
        })
    });
}

fn check_agreement(
    list: &PrefixList<Vec<u8>>,
    exact: &ExactSet,
    sorted: &SortedVec,
    probe_map: &ProbeMap,
    probes: &[String],
) {
    let mut hits = 0;
    for p in probes {
        let want = Answer::of(list.lookup(p));
        hits += usize::from(want.is_some());
        assert_eq!(sorted.lookup(p), want, "sorted Vec disagrees with the fst");
        assert_eq!(probe_map.lookup(p), want, "HashMap disagrees with the fst");
        let exact_hit = want.is_some_and(|a| a.exact);
        assert_eq!(
            exact.contains(p),
            exact_hit,
            "HashSet disagrees with the fst"
        );
    }
    // A probe set that never hits would measure only the miss path.
    assert!(
        hits * 4 > probes.len(),
        "only {hits} of {} probes hit",
        probes.len()
    );
}

fn check_agreement_regex(list: &PrefixList<Vec<u8>>, regex: &RegexList, probes: &[String]) {
    for p in probes {
        assert_eq!(
            regex.lookup(p),
            Answer::of(list.lookup(p)),
            "RegexSet disagrees"
        );
    }
}

fn render(rows: &mut [Row], big: (f64, f64), small: (f64, f64), extra: &str, full: bool) -> String {
    let mut s = String::new();
    if !full {
        s.push_str("SMOKE RUN on a small list (not a measurement; use `cargo bench`)\n\n");
    }
    s.push_str("| structure | patterns | build | bytes/pattern | p50 ns | p99 ns | mean ns | p50 vs fst | mean vs fst |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (i, r) in rows.iter_mut().enumerate() {
        let (bp50, bmean) = if i >= SMALL_ROWS { small } else { big };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.0} | {} | {:.2}x |",
            r.name,
            r.patterns,
            r.build
                .map_or("-".into(), |d| format!("{:.0} ms", d.as_secs_f64() * 1e3)),
            r.bytes_per_pattern
                .map_or("n/a".into(), |b| format!("{b:.2}")),
            r.p50,
            r.p99,
            r.mean,
            if bp50 > 0.0 {
                format!("{:.2}x", r.p50 / bp50)
            } else {
                "-".into()
            },
            r.mean / bmean,
        );
    }
    let _ = writeln!(s, "\n{extra}");
    s.push_str(
        "\nfst bytes/pattern counts the whole bundle (fst + entry table + header); HashSet, \
         Vec and HashMap count their heap, SQLite its database pages; p50/p99 subtract the clock's own cost, so values \
         near the clock resolution (~20 ns) are rough: trust the mean column for those.\n",
    );
    s
}

fn write_report(table: &str) {
    // target/release/deps/lists-… → target/
    let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|p| p.ancestors().nth(3).map(|p| p.to_path_buf()))
    else {
        eprintln!("cannot find the target directory; table not written");
        return;
    };
    let path = target.join("bench-lists.md");
    match std::fs::write(&path, format!("# List lookup benchmark\n\n{table}")) {
        Ok(()) => eprintln!("wrote {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

//! `burao export callkit`: a bundle's lists as the batches an iOS Call Directory
//! extension would load, for inspection and tests.

use std::io::Write;
use std::path::{Path, PathBuf};

use burao_core::callkit::{
    CallKitExport, CallKitOptions, ExportReport, PatternReport, DEFAULT_BATCH_SIZE, DEFAULT_BUDGET,
};
use clap::{Args, Subcommand};

use crate::build::write_atomically;
use crate::inspect::load;
use crate::output;

/// Patterns named per list in the summary; the rest are counted.
const SUMMARY_PATTERNS: usize = 10;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Numbers for iOS CallKit: ascending, in batches, under a budget.
    Callkit(CallkitArgs),
}

#[derive(Args)]
pub struct CallkitArgs {
    /// The bundle to export.
    #[arg(long)]
    bundle: PathBuf,
    /// The bundle loaded before: export only what changes (removals and additions).
    #[arg(long)]
    previous: Option<PathBuf>,
    /// At most this many numbers, blocking and identification together.
    #[arg(long, default_value_t = DEFAULT_BUDGET)]
    budget: u64,
    /// At most this many entries per batch.
    #[arg(long, default_value_t = DEFAULT_BATCH_SIZE, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// Write one `batch-NNNNNN.json` per batch here (default: JSON lines on stdout).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(cmd: ExportCommand) -> Result<(), String> {
    match cmd {
        ExportCommand::Callkit(args) => callkit(args),
    }
}

fn callkit(args: CallkitArgs) -> Result<(), String> {
    let bundle = load(&args.bundle)?;
    let name = format!("{} {}", bundle.metadata().name, bundle.metadata().version);
    let options = CallKitOptions {
        budget: args.budget,
        batch_size: args.batch,
    };
    let export = match &args.previous {
        Some(p) => CallKitExport::incremental(load(p)?, bundle, options),
        None => CallKitExport::full(bundle, options),
    };
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    let mut totals = [0u64; 4];
    let mut cursor: Option<String> = None;
    let mut batches = 0u64;
    loop {
        let batch = export
            .next_batch(cursor.as_deref())
            .map_err(|e| e.to_string())?;
        batches += 1;
        for (t, n) in totals.iter_mut().zip([
            batch.block.len(),
            batch.identify.len(),
            batch.remove_block.len(),
            batch.remove_identify.len(),
        ]) {
            *t += n as u64;
        }
        let json = output::callkit_batch(batches, &batch);
        match &args.out {
            Some(dir) => write_batch(dir, batches, &json)?,
            None => writeln!(stdout, "{json}").map_err(|e| format!("cannot write: {e}"))?,
        }
        match batch.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let kind = if export.is_incremental() {
        "incremental"
    } else {
        "full"
    };
    eprintln!(
        "{kind} CallKit export of {name}: {batches} batches; block {}, identify {}, remove block {}, remove identify {} (budget {}, batch size {})",
        totals[0], totals[1], totals[2], totals[3], args.budget, args.batch
    );
    summarise(export.report());
    Ok(())
}

fn write_batch(dir: &Path, n: u64, json: &serde_json::Value) -> Result<(), String> {
    let path = dir.join(format!("batch-{n:06}.json"));
    let text = serde_json::to_string_pretty(json).map_err(|e| e.to_string())?;
    write_atomically(&path, text.as_bytes())
}

fn summarise(r: &ExportReport) {
    let lists: [(&str, u64, &[PatternReport]); 3] = [
        (
            "over budget (left out)",
            r.over_budget_patterns,
            &r.over_budget,
        ),
        (
            "with numbers of unknown length (not guessed)",
            r.unknown_length_patterns,
            &r.unknown_length,
        ),
        (
            "not callable numbers (over 15 digits)",
            r.not_exportable_patterns,
            &r.not_exportable,
        ),
    ];
    if r.over_budget_numbers > 0 {
        eprintln!(
            "over budget: {} numbers left out, highest priority first:",
            r.over_budget_numbers
        );
    }
    for (what, count, named) in lists {
        if count == 0 {
            continue;
        }
        eprintln!("{count} patterns {what}:");
        for p in named.iter().take(SUMMARY_PATTERNS) {
            eprintln!(
                "  {} {} {:?}: {} numbers",
                p.pattern, p.action, p.label, p.numbers
            );
        }
        if count > SUMMARY_PATTERNS as u64 {
            eprintln!("  … and {} more", count - SUMMARY_PATTERNS as u64);
        }
    }
}

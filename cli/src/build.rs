//! `burao build`: CSV lists in, one verified bundle file out.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use burao_core::bundle::{Bundle, BundleWriter, Metadata, SECTION_INSTITUTIONS, SECTION_SMS_MODEL};
use burao_core::engine::Content;
use burao_core::lists::ListAction;
use burao_core::lists::ListBuilder;
use burao_core::number::Region;
use burao_core::sms::institutions::Institutions;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

/// Sources above this size get a progress bar.
const PROGRESS_BYTES: u64 = 4 << 20;

#[derive(Args)]
pub struct BuildArgs {
    /// Blocklist CSV files (action defaults to `block`).
    #[arg(long, num_args = 1.., required = true)]
    blocklist: Vec<PathBuf>,
    /// Allowlist CSV files (action defaults to `allow`).
    #[arg(long, num_args = 1..)]
    allowlist: Vec<PathBuf>,
    /// Region whose national forms the lists use.
    #[arg(long, default_value = "CN")]
    region: String,
    /// An SMS model file to carry in the bundle: `core/data/sms.model` (the
    /// default model) or one from `burao train`. Without it the bundle screens
    /// calls, but its text classifier is off (a warning says so).
    #[arg(long)]
    model: Option<PathBuf>,
    /// The institution table (CSV: name_en,name_zh,aliases,numbers,domains,source)
    /// for the impersonation checks.
    #[arg(long)]
    institutions: Option<PathBuf>,
    /// Where to write the bundle.
    #[arg(long)]
    out: PathBuf,
    /// Bundle name.
    #[arg(long, default_value = "burao")]
    name: String,
    /// Bundle version string.
    #[arg(long = "bundle-version", default_value = "0")]
    bundle_version: String,
    /// Sequence number (must grow with every published bundle).
    #[arg(long, default_value_t = 1)]
    sequence: u64,
    /// Creation time in Unix seconds (default: $SOURCE_DATE_EPOCH, else now),
    /// so a build can be reproduced byte for byte.
    #[arg(long)]
    created_unix: Option<u64>,
}

/// Printed on stderr by a build without `--model`.
pub const NO_MODEL_WARNING: &str = "warning: no --model: this bundle carries no SMS classifier, \
so apps that screen messages with it allow phishing and spam from unknown senders by default \
(bundleInfo().hasSmsModel is false); pass --model core/data/sms.model (the default model) \
or a model from `burao train`";

pub fn run(args: BuildArgs) -> Result<(), String> {
    let region = Region::parse(&args.region).map_err(|e| format!("--region: {e}"))?;
    let mut lists = ListBuilder::new(region.clone());
    let sources = args
        .blocklist
        .iter()
        .map(|p| (p, ListAction::Block))
        .chain(args.allowlist.iter().map(|p| (p, ListAction::Allow)));
    for (path, default_action) in sources {
        add_source(&mut lists, path, default_action)?;
    }
    let built = lists.build().map_err(|e| e.to_string())?;
    if built.patterns == 0 && args.model.is_none() {
        return Err(
            "the sources hold no patterns: nothing to build (check the line ends and the header)"
                .into(),
        );
    }
    let mut meta = Metadata::new(&args.name, &args.bundle_version, region.code());
    meta.sequence = args.sequence;
    meta.created_unix = created_unix(args.created_unix)?;
    let mut writer = BundleWriter::new(meta).lists(&built);
    if let Some(path) = &args.model {
        let model =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        writer = writer.section(SECTION_SMS_MODEL, model);
    }
    if let Some(path) = &args.institutions {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let table =
            Institutions::parse_csv(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        writer = writer.section(SECTION_INSTITUTIONS, table.to_bytes());
    }
    if args.model.is_none() {
        eprintln!("{NO_MODEL_WARNING}");
    }
    let bytes = writer.to_bytes();
    // Never write what we could not read back.
    let check = Bundle::from_vec(bytes.clone())
        .and_then(Content::new)
        .map(Content::into_bundle)
        .map_err(|e| format!("internal: {e}"))?;
    write_atomically(&args.out, &bytes)?;
    eprintln!(
        "wrote {}: {} patterns, {} entries, {} bytes ({:.1} bytes/pattern)",
        args.out.display(),
        check.lists().len(),
        check.lists().entries().len(),
        bytes.len(),
        bytes.len() as f64 / built.patterns.max(1) as f64
    );
    Ok(())
}

fn add_source(lists: &mut ListBuilder, path: &Path, action: ListAction) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    let name = path.display().to_string();
    let bar = if size > PROGRESS_BYTES {
        let bar = ProgressBar::new(size);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} {eta}")
                .map_err(|e| e.to_string())?,
        );
        bar.set_message(name.clone());
        Some(bar)
    } else {
        None
    };
    // Line by line: the source is never held whole.
    let result = lists.add_csv_reader(&name, file, action, &mut |done| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result.map(|_| ()).map_err(|e| e.to_string())
}

fn created_unix(given: Option<u64>) -> Result<u64, String> {
    if let Some(t) = given {
        return Ok(t);
    }
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH") {
        return s
            .trim()
            .parse()
            .map_err(|_| "SOURCE_DATE_EPOCH is not a whole number".to_string());
    }
    Ok(SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0))
}

/// Temp file, fsync, rename: a crash leaves the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    // A per-process name next to the target: never the target itself, never shared.
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // Make the rename durable too (where a directory can be opened).
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

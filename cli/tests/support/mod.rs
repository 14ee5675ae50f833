//! What the `burao` end-to-end tests share: the binary, scratch directories,
//! paths and output as text. Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `burao ARGS`.
pub fn burao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_burao"))
        .args(args)
        .output()
        .expect("the burao binary runs")
}

/// A fresh directory for one test (`NAME` unique across the test files), so
/// tests can run in parallel.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A path as the `&str` argument the binary takes.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The output of a run that must succeed.
pub fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", text(&o.stderr));
    o
}

/// The error text of a run that must fail.
pub fn err(o: Output) -> String {
    assert!(!o.status.success(), "expected a refusal");
    text(&o.stderr)
}

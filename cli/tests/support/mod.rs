//! What the `burao` end-to-end tests share: the binary, scratch directories,
//! paths and output as text. Each test file uses part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;

use serde_json::Value;

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

/// Starts `burao ARGS` with every stream piped and `input` written to its
/// standard input from a thread (so a large input cannot dead-lock against a
/// full output pipe). Join the thread after waiting for the child.
pub fn spawn_with_input(args: &[&str], input: Vec<u8>) -> (Child, JoinHandle<std::io::Result<()>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_burao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the burao binary runs");
    let mut stdin = child.stdin.take().unwrap();
    // A run that refuses its bundle or arguments exits without reading its
    // input: a broken pipe is that run's answer, which its output shows.
    let writer = std::thread::spawn(move || match stdin.write_all(&input) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    });
    (child, writer)
}

/// Runs `burao ARGS` with `input` on its standard input.
pub fn burao_with_input(args: &[&str], input: &[u8]) -> Output {
    let (child, writer) = spawn_with_input(args, input.to_vec());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// Each line of standard output, parsed as JSON.
pub fn json_lines(o: &Output) -> Vec<Value> {
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The names of the entries of `dir` that contain `part`.
pub fn names_containing(dir: &Path, part: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part))
        .collect()
}

/// The header line of a list CSV.
pub const CSV_HEAD: &str = "pattern,category,action,label\n";

/// Writes `csv` to `DIR/NAME.csv` and runs `burao build --blocklist` on it
/// into `DIR/NAME.bundle` with the `extra` options: the run and the bundle's path.
pub fn build_list(dir: &Path, name: &str, csv: &str, extra: &[&str]) -> (Output, PathBuf) {
    let (source, out) = (
        dir.join(format!("{name}.csv")),
        dir.join(format!("{name}.bundle")),
    );
    std::fs::write(&source, csv).unwrap();
    let mut args = vec!["build", "--blocklist", s(&source), "--out", s(&out)];
    args.extend_from_slice(extra);
    (burao(&args), out)
}

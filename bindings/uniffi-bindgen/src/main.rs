//! `uniffi-bindgen`: generates the Kotlin and Swift bindings from the built libburao,
//! e.g. `cargo run -p uniffi-bindgen -- generate --library target/debug/libburao.so
//! --language kotlin --out-dir build/kotlin`.
//!
//! UniFFI finds `bindings/uniffi.toml` (package and module names) through
//! `cargo metadata`, which reads the workspace of the *current directory*: started
//! anywhere else it failed with a `cargo metadata` error. So when it is started
//! outside the Burao workspace it makes the paths it was given absolute and runs
//! itself again inside the workspace it was built from.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Set on the inner run, so it never re-runs itself again.
const INNER: &str = "BURAO_UNIFFI_BINDGEN_IN_WORKSPACE";

fn main() -> ExitCode {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match (std::env::var_os(INNER), std::env::current_dir()) {
        (None, Ok(cwd)) if workspace.is_dir() && !inside(&cwd, &workspace) => {
            let args = absolute_paths(std::env::args_os().skip(1).collect(), &cwd);
            let status = std::env::current_exe().and_then(|exe| {
                Command::new(exe)
                    .args(args)
                    .current_dir(&workspace)
                    .env(INNER, "1")
                    .status()
            });
            match status {
                Ok(s) if s.success() => ExitCode::SUCCESS,
                Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
                Err(e) => {
                    eprintln!("uniffi-bindgen: cannot run inside the Burao workspace: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            uniffi::uniffi_bindgen_main();
            ExitCode::SUCCESS
        }
    }
}

fn inside(dir: &Path, workspace: &Path) -> bool {
    match (dir.canonicalize(), workspace.canonicalize()) {
        (Ok(d), Ok(w)) => d.starts_with(w),
        _ => false,
    }
}

/// The arguments with every path made absolute against `cwd`: the values of
/// `--out-dir`/`-o` and `--config`/`-c` (also as `--flag=value`) and every
/// positional argument after the subcommand (the library or UDL file).
fn absolute_paths(args: Vec<OsString>, cwd: &Path) -> Vec<OsString> {
    let abs = |a: &OsString| -> OsString {
        let p = PathBuf::from(a);
        if p.is_absolute() {
            a.clone()
        } else {
            cwd.join(p).into_os_string()
        }
    };
    let mut out = Vec::with_capacity(args.len());
    let mut seen_subcommand = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        match s.as_ref() {
            "--out-dir" | "-o" | "--config" | "-c" => {
                out.push(a.clone());
                if let Some(v) = it.next() {
                    out.push(abs(v));
                }
            }
            "--language" | "-l" | "--crate" => {
                out.push(a.clone());
                out.extend(it.next().cloned());
            }
            _ => {
                if let Some((flag, value)) = s
                    .split_once('=')
                    .filter(|(f, _)| *f == "--out-dir" || *f == "--config")
                {
                    let mut joined = OsString::from(format!("{flag}="));
                    joined.push(abs(&OsString::from(value)));
                    out.push(joined);
                } else if s.starts_with('-') {
                    out.push(a.clone());
                } else if !seen_subcommand {
                    seen_subcommand = true;
                    out.push(a.clone());
                } else {
                    out.push(abs(a));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Vec<String> {
        absolute_paths(
            args.iter().map(OsString::from).collect(),
            Path::new("/home/app"),
        )
        .into_iter()
        .map(|a| a.into_string().unwrap())
        .collect()
    }

    #[test]
    fn paths_become_absolute_and_the_rest_stays() {
        assert_eq!(
            run(&[
                "generate",
                "--library",
                "libs/libburao.so",
                "--language",
                "kotlin",
                "--out-dir",
                "gen",
                "--no-format",
            ]),
            [
                "generate",
                "--library",
                "/home/app/libs/libburao.so",
                "--language",
                "kotlin",
                "--out-dir",
                "/home/app/gen",
                "--no-format"
            ]
        );
        assert_eq!(
            run(&[
                "generate",
                "-l",
                "swift",
                "-o",
                "/abs/out",
                "--config=c.toml",
                "x.so"
            ]),
            [
                "generate",
                "-l",
                "swift",
                "-o",
                "/abs/out",
                "--config=/home/app/c.toml",
                "/home/app/x.so"
            ]
        );
    }

    #[test]
    fn inside_the_workspace_is_detected() {
        let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        assert!(inside(&ws.join("bindings"), &ws));
        assert!(!inside(Path::new("/"), &ws));
    }
}

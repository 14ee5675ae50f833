//! Crash-safe files for the user state: the one place in the core that touches
//! the file system, because the guarantee (nothing lost if the process dies
//! between any two writes) belongs with the format, not with each app.
//!
//! A save writes `NAME.tmp`, fsyncs it, hard-links the current file to
//! `NAME.bak` (the last good copy), renames the temp file over the current one
//! and fsyncs the directory. At every instant `NAME` is a complete old or new
//! file; if it is damaged anyway (a bad disk), loading falls back to `NAME.bak`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, keeping the previous file as `path.bak`.
pub fn save_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = sibling(path, "tmp");
    let bak = sibling(path, "bak");
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    if path.exists() {
        match fs::remove_file(&bak) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        fs::hard_link(path, &bak).or_else(|_| fs::copy(path, &bak).map(|_| ()))?;
    }
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Persist the rename itself; not every platform can open a directory.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// What [`load_verified`] found.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The value read.
    pub value: T,
    /// Set when the main file was unusable and the last good copy was used.
    pub warning: Option<String>,
}

/// Reads `path`, checking it with `parse`; on failure falls back to `path.bak`
/// with a warning. `Ok(None)` when neither file exists (a first start).
pub fn load_verified<T>(
    path: &Path,
    parse: impl Fn(&[u8]) -> Result<T, String>,
) -> Result<Option<Loaded<T>>, String> {
    let main_err = match fs::read(path) {
        Ok(bytes) => match parse(&bytes) {
            Ok(value) => {
                return Ok(Some(Loaded {
                    value,
                    warning: None,
                }))
            }
            Err(e) => e,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "missing".to_string(),
        Err(e) => format!("unreadable: {e}"),
    };
    let bak = sibling(path, "bak");
    match fs::read(&bak) {
        Ok(bytes) => parse(&bytes)
            .map(|value| {
                Some(Loaded {
                    value,
                    warning: Some(format!(
                        "state file {main_err}; restored the last good copy"
                    )),
                })
            })
            .map_err(|e| format!("state file {main_err}, and its last good copy too: {e}")),
        Err(_) if main_err == "missing" => Ok(None),
        Err(_) => Err(format!(
            "state file {main_err}, and no last good copy exists"
        )),
    }
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(b: &[u8]) -> Result<String, String> {
        let s = String::from_utf8(b.to_vec()).map_err(|e| e.to_string())?;
        s.strip_suffix('!')
            .map(str::to_string)
            .ok_or("incomplete".into())
    }

    #[test]
    fn saves_keep_the_last_good_copy() {
        let dir = std::env::temp_dir().join(format!("burao-store-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("state");
        assert!(load_verified(&p, parse).unwrap().is_none());
        save_atomic(&p, b"one!").unwrap();
        save_atomic(&p, b"two!").unwrap();
        let l = load_verified(&p, parse).unwrap().unwrap();
        assert_eq!((l.value.as_str(), l.warning.is_none()), ("two", true));
        fs::write(&p, b"tw").unwrap(); // torn by a bad disk
        let l = load_verified(&p, parse).unwrap().unwrap();
        assert_eq!(l.value, "one");
        assert!(l.warning.unwrap().contains("last good copy"));
        fs::write(sibling(&p, "bak"), b"x").unwrap();
        assert!(load_verified(&p, parse).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}

//! Crash-safe files for the user state: the one place in the core that touches
//! the file system, because the guarantee (nothing lost if the process dies
//! between any two writes) belongs with the format, not with each app.
//!
//! # One save discipline
//! A save ([`StateFile::save`]) runs under an exclusive advisory lock on
//! `NAME.lock` (`flock` on Unix, `LockFileEx` on Windows, through
//! [`std::fs::File::lock`]), so one writer at a time across threads *and*
//! processes. In order it:
//! 1. writes the new bytes to a temp file whose name cannot collide
//!    (`NAME.tmp-PID-N`) and fsyncs it;
//! 2. if the current `NAME` is a copy this process loaded or wrote (so it is
//!    known to verify), links it to a second temp name and renames that over
//!    `NAME.bak`, the last good copy (a file that did not load never becomes
//!    `.bak`, so after a recovery `.bak` stays the copy that loaded);
//! 3. renames the temp file over `NAME` and fsyncs the directory.
//!
//! At every instant `NAME` is a complete old or new file and `NAME.bak` a
//! complete good one; nothing is deleted before its replacement is durable. A
//! failed save removes its temp files and leaves both files as they were.
//!
//! Loading ([`load_verified`]) checks `NAME`, falls back to `NAME.bak` with a
//! warning, and refuses (never replaces) a file a newer format version wrote.
//! The file system calls go through [`StoreFs`] so tests can inject faults
//! (a full disk, a failing rename).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The file operations a save uses. [`RealFs`] is the real file system; tests
/// wrap it to fail on purpose.
pub trait StoreFs: Send + Sync {
    /// Creates `path` (which must not exist), writes `bytes` and fsyncs it.
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Makes `to` a second name (or a synced copy) of `from`.
    fn link_or_copy(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Renames `from` over `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Makes the renames in `dir` durable (best effort where a platform cannot).
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Reads a whole file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Removes a file (used for temp files only).
    fn remove(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl StoreFs for RealFs {
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    fn link_or_copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        if fs::hard_link(from, to).is_ok() {
            return Ok(());
        }
        let bytes = fs::read(from)?;
        self.write_new_synced(to, &bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        // Not every platform can open a directory (Windows): the rename is
        // then as durable as the platform makes it.
        match fs::File::open(dir) {
            Ok(d) => d.sync_all().or(Ok(())),
            Err(_) => Ok(()),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
}

/// What [`load_verified`] found.
#[derive(Debug)]
pub struct Loaded<T> {
    /// The value read.
    pub value: T,
    /// Set when the main file was unusable and the last good copy was used.
    pub warning: Option<String>,
    /// A fingerprint of the main file's bytes when the value came from it
    /// (`None` after a fall-back to the last good copy).
    pub main_fingerprint: Option<u64>,
}

/// Why a file did not parse: damaged, or written by a newer format version
/// (which must be refused, never replaced by an older copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a state file, truncated, or failing its checksum.
    Corrupt(String),
    /// A complete, checksummed file of a newer format version.
    Newer(String),
}

impl From<String> for ParseError {
    fn from(s: String) -> ParseError {
        ParseError::Corrupt(s)
    }
}

/// Reads `path`, checking it with `parse`; on failure falls back to `path.bak`
/// with a warning. `Ok(None)` when neither file exists (a first start). A file
/// of a newer format version is an error, whichever of the two it is.
pub fn load_verified<T>(
    path: &Path,
    parse: impl Fn(&[u8]) -> Result<T, ParseError>,
) -> Result<Option<Loaded<T>>, String> {
    load_with(&RealFs, path, parse).map_err(|e| e.message)
}

/// Why neither file could be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// For people; no path, number or body.
    pub message: String,
    /// A file of a newer format version is in the way (refused, untouched).
    pub newer: bool,
}

fn load_with<T>(
    fs: &dyn StoreFs,
    path: &Path,
    parse: impl Fn(&[u8]) -> Result<T, ParseError>,
) -> Result<Option<Loaded<T>>, LoadError> {
    let fail = |message: String| LoadError {
        message,
        newer: false,
    };
    let main_err = match fs.read(path) {
        Ok(bytes) => match parse(&bytes) {
            Ok(value) => {
                return Ok(Some(Loaded {
                    value,
                    warning: None,
                    main_fingerprint: Some(fingerprint(&bytes)),
                }))
            }
            Err(ParseError::Newer(e)) => return Err(newer(e)),
            Err(ParseError::Corrupt(e)) => e,
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => "missing".to_string(),
        Err(e) => format!("unreadable ({})", e.kind()),
    };
    let bak = sibling(path, "bak");
    match fs.read(&bak) {
        Ok(bytes) => match parse(&bytes) {
            Ok(value) => Ok(Some(Loaded {
                value,
                warning: Some(format!(
                    "state file {main_err}; restored the last good copy"
                )),
                main_fingerprint: None,
            })),
            Err(ParseError::Newer(e)) => Err(newer(e)),
            Err(ParseError::Corrupt(e)) => Err(fail(format!(
                "state file {main_err}, and its last good copy too: {e}"
            ))),
        },
        Err(_) if main_err == "missing" => Ok(None),
        Err(_) => Err(fail(format!(
            "state file {main_err}, and no last good copy exists"
        ))),
    }
}

fn newer(e: String) -> LoadError {
    LoadError {
        message: format!("{e}: written by a newer version of Burao; refused and left untouched"),
        newer: true,
    }
}

/// A 64-bit fingerprint of file contents, to notice that another process
/// saved since this one last read or wrote the file.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    // FNV-1a over the whole file, not a CRC: every file that ends in the CRC
    // of its content has the same whole-file CRC (the CRC residue), so a CRC
    // could not tell two versions of equal length apart.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (bytes.len() as u64).rotate_left(32)
}

/// One state file and its lock, last good copy and temp files.
pub struct StateFile {
    path: PathBuf,
    fs: Arc<dyn StoreFs>,
    lock: std::sync::OnceLock<fs::File>,
}

impl std::fmt::Debug for StateFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFile").finish_non_exhaustive()
    }
}

/// Held while a save (or a read-modify-write) runs; unlocks on drop.
#[derive(Debug)]
pub struct FileLock<'a> {
    file: Option<&'a fs::File>,
}

impl Drop for FileLock<'_> {
    fn drop(&mut self) {
        if let Some(f) = self.file {
            let _ = f.unlock();
        }
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl StateFile {
    /// A state file at `path` on the real file system.
    pub fn new(path: PathBuf) -> StateFile {
        StateFile::with_fs(path, Arc::new(RealFs))
    }

    /// A state file whose saves go through `fs` (tests inject faults here).
    pub fn with_fs(path: PathBuf, fs: Arc<dyn StoreFs>) -> StateFile {
        StateFile {
            path,
            fs,
            lock: std::sync::OnceLock::new(),
        }
    }

    /// The main file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Loads as [`load_verified`] does, through this file's [`StoreFs`].
    pub fn load<T>(
        &self,
        parse: impl Fn(&[u8]) -> Result<T, ParseError>,
    ) -> Result<Option<Loaded<T>>, LoadError> {
        load_with(&*self.fs, &self.path, parse)
    }

    /// The fingerprint of the main file now, `None` if it cannot be read.
    pub fn current_fingerprint(&self) -> Option<u64> {
        self.fs.read(&self.path).ok().map(|b| fingerprint(&b))
    }

    fn lock_file(&self) -> io::Result<&fs::File> {
        if let Some(f) = self.lock.get() {
            return Ok(f);
        }
        // Opened on first use, so a directory that is not writable yet
        // (or a full disk) is retried at the next save.
        let f = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(sibling(&self.path, "lock"))?;
        let _ = self.lock.set(f);
        Ok(self.lock.get().expect("set above"))
    }

    /// Takes the cross-process lock, waiting for another process's save.
    pub fn lock(&self) -> io::Result<FileLock<'_>> {
        let f = self.lock_file()?;
        f.lock()?;
        Ok(FileLock { file: Some(f) })
    }

    /// Takes the cross-process lock if it is free; `Ok(None)` if another
    /// process holds it.
    pub fn try_lock(&self) -> io::Result<Option<FileLock<'_>>> {
        let f = self.lock_file()?;
        match f.try_lock() {
            Ok(()) => Ok(Some(FileLock { file: Some(f) })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// Writes `bytes` as the new main file (the caller holds the lock).
    /// `main_is_good`: the current main file is one that verified, so it
    /// becomes the last good copy; otherwise `.bak` is left as it is.
    /// On error both files are as they were and no temp file is left.
    pub fn save(&self, bytes: &[u8], main_is_good: bool) -> io::Result<()> {
        let tmp = self.temp_name("tmp");
        if let Err(e) = self.fs.write_new_synced(&tmp, bytes) {
            let _ = self.fs.remove(&tmp);
            return Err(e);
        }
        if main_is_good {
            let bak_tmp = self.temp_name("baktmp");
            let linked = self
                .fs
                .link_or_copy(&self.path, &bak_tmp)
                .and_then(|()| self.fs.rename(&bak_tmp, &sibling(&self.path, "bak")));
            if let Err(e) = linked {
                let _ = self.fs.remove(&bak_tmp);
                let _ = self.fs.remove(&tmp);
                return Err(e);
            }
        }
        if let Err(e) = self.fs.rename(&tmp, &self.path) {
            let _ = self.fs.remove(&tmp);
            return Err(e);
        }
        match self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => self.fs.sync_dir(dir),
            None => self.fs.sync_dir(Path::new(".")),
        }
    }

    fn temp_name(&self, what: &str) -> PathBuf {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        sibling(&self.path, &format!("{what}-{}-{n}", std::process::id()))
    }
}

/// Writes `bytes` to `path` atomically under the lock, keeping the previous
/// file as `path.bak` (a convenience over [`StateFile::save`]).
pub fn save_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let file = StateFile::new(path.to_path_buf());
    let main_exists = file.fs.read(path).is_ok();
    let _held = file.lock()?;
    file.save(bytes, main_exists)
}

/// `path` with `.ext` appended to its file name.
pub fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(b: &[u8]) -> Result<String, ParseError> {
        let s = String::from_utf8(b.to_vec()).map_err(|e| e.to_string())?;
        if let Some(v) = s.strip_prefix("v9:") {
            return Err(ParseError::Newer(format!("version 9 ({} bytes)", v.len())));
        }
        s.strip_suffix('!')
            .map(str::to_string)
            .ok_or(ParseError::Corrupt("incomplete".into()))
    }

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("burao-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn save(f: &StateFile, bytes: &[u8]) -> io::Result<()> {
        let good = f
            .load(parse)
            .ok()
            .flatten()
            .is_some_and(|l| l.warning.is_none());
        let _l = f.lock()?;
        f.save(bytes, good)
    }

    /// A state file in a fresh directory, saved twice: `one!`, then `two!`
    /// (so `one!` is the backup). The directory, the path and the file.
    fn saved_twice(name: &str) -> (PathBuf, PathBuf, StateFile) {
        let dir = dir(name);
        let p = dir.join("state");
        let f = StateFile::new(p.clone());
        save(&f, b"one!").unwrap();
        save(&f, b"two!").unwrap();
        (dir, p, f)
    }

    #[test]
    fn saves_keep_the_last_good_copy() {
        let dir = dir("bak");
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

    #[test]
    fn after_a_recovery_the_bak_stays_the_copy_that_loaded() {
        let (dir, p, f) = saved_twice("recover");
        fs::write(&p, b"garbage").unwrap();
        assert_eq!(f.load(parse).unwrap().unwrap().value, "one");
        save(&f, b"three!").unwrap();
        assert_eq!(fs::read(sibling(&p, "bak")).unwrap(), b"one!");
        save(&f, b"four!").unwrap();
        assert_eq!(fs::read(sibling(&p, "bak")).unwrap(), b"three!");
        assert_eq!(fs::read(&p).unwrap(), b"four!");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_in_place_of_the_file_deletes_nothing() {
        let (dir, p, f) = saved_twice("isdir");
        fs::remove_file(&p).unwrap();
        fs::create_dir(&p).unwrap();
        fs::write(p.join("x"), b"keep the dir non-empty").unwrap();
        assert!(save(&f, b"three!").is_err());
        assert_eq!(fs::read(sibling(&p, "bak")).unwrap(), b"one!");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert_eq!(load_verified(&p, parse).unwrap().unwrap().value, "one");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_newer_format_is_refused_not_replaced() {
        let dir = dir("newer");
        let p = dir.join("state");
        save_atomic(&p, b"one!").unwrap();
        fs::write(&p, b"v9:future").unwrap();
        let e = load_verified(&p, parse).unwrap_err();
        assert!(e.contains("newer version"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"v9:future");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fingerprints_tell_checksummed_files_of_equal_length_apart() {
        let sealed = |body: &[u8]| {
            let mut v = body.to_vec();
            v.extend_from_slice(&crate::crc::hash(body).to_le_bytes());
            v
        };
        assert_ne!(
            fingerprint(&sealed(b"version one")),
            fingerprint(&sealed(b"version two"))
        );
    }

    #[test]
    fn temp_names_never_collide() {
        let f = StateFile::new(PathBuf::from("/x/state"));
        let names: std::collections::HashSet<_> = (0..1000).map(|_| f.temp_name("tmp")).collect();
        assert_eq!(names.len(), 1000);
    }
}

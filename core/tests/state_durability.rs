//! The user state under threads, crashes, full disks and damaged files.
//!
//! Figures the issue asks for come from here: the 8-thread storm with a reader
//! (`a_storm_of_eight_threads_…`), kill -9 during that storm
//! (`killing_a_storm_…`, 20 trials), a full disk by fault injection, and
//! every-offset truncation and byte flips of `state.bin` and `.bak`.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use burao_core::engine::consent::ConsentState;
use burao_core::engine::state::UserState;
use burao_core::store::{self, RealFs, StoreFs};
use burao_core::{Action, ReasonCode, Screener};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("burao-durable-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn on_disk(path: &Path) -> UserState {
    UserState::from_bytes(&std::fs::read(path).unwrap()).unwrap()
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect()
}

#[test]
fn a_storm_of_eight_threads_with_a_reader_loses_and_tears_nothing() {
    let dir = temp_dir("storm");
    let path = dir.join("state.bin");
    let s = Arc::new(Screener::with_default_bundle());
    s.open_state(path.to_str().unwrap()).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (reads, torn) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (path, stop, reads, torn) = (path.clone(), stop.clone(), reads.clone(), torn.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match std::fs::read(&path).map(|b| UserState::from_bytes(&b)) {
                    Ok(Ok(_)) => {}
                    _ => {
                        torn.fetch_add(1, Ordering::Relaxed);
                    }
                }
                reads.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let errors = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let (s, errors) = (s.clone(), errors.clone());
            std::thread::spawn(move || {
                for i in 0..300 {
                    let n = format!("139{t:02}{i:06}");
                    match s.screen_call_at(&n, false, 1_796_000_000 + i) {
                        Ok(v) if !v.reasons.iter().any(|r| r.code == ReasonCode::Note) => {}
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    if i % 50 == 0 {
                        let sender = format!("1069{t:02}{i:04}");
                        if s.record_consent(&sender, ConsentState::OptedOut, "T", 1_796_000_000)
                            .is_err()
                        {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // The user actions are on disk before flush: each was durable when it returned.
    assert_eq!(on_disk(&path).consent.records().count(), 8 * 6);
    s.flush().unwrap();
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    let memory = UserState::from_bytes(&s.export_state()).unwrap();
    let reads = reads.load(Ordering::Relaxed);
    let torn = torn.load(Ordering::Relaxed);
    let errors = errors.load(Ordering::Relaxed);
    println!("storm: 8 threads x 300 calls + 48 consent records; errors {errors}, reads {reads}, torn {torn}");
    assert_eq!(errors, 0);
    assert_eq!(torn, 0);
    assert!(
        reads > 10,
        "the reader must have raced the writers ({reads} reads)"
    );
    assert_eq!(on_disk(&path), memory, "the file equals memory");
    assert_eq!(
        memory.history.calls().len(),
        2_000,
        "the default cap of 2,000 calls"
    );
    assert!(temp_files(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// File operations that fail like a full disk (a partial temp file, then
/// `StorageFull`) while `full` is set.
#[derive(Default)]
struct FullDisk {
    full: AtomicBool,
    failed_writes: AtomicUsize,
}

impl StoreFs for FullDisk {
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            self.failed_writes.fetch_add(1, Ordering::SeqCst);
            std::fs::write(path, &bytes[..bytes.len() / 2])?;
            return Err(io::Error::from(io::ErrorKind::StorageFull));
        }
        RealFs.write_new_synced(path, bytes)
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.link_or_copy(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealFs.sync_dir(dir)
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealFs.read(path)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        RealFs.remove(path)
    }
}

#[test]
fn on_a_full_disk_verdicts_keep_coming_and_user_actions_are_refused_whole() {
    let dir = temp_dir("full");
    let path = dir.join("state.bin");
    let disk = Arc::new(FullDisk::default());
    let s = Screener::with_default_bundle();
    s.open_state_with_fs(path.to_str().unwrap(), disk.clone())
        .unwrap();
    let rules = r#"{"schema":1,"rules":[{"id":"a","number":"138*","action":"block"}]}"#;
    s.set_rules(rules).unwrap();
    s.record_consent("10690001", ConsentState::OptedOut, "T", 1_796_000_000)
        .unwrap();
    let fb = s
        .report_feedback("13912340000", None, true, 1_796_000_000)
        .unwrap();
    let before_disk = std::fs::read(&path).unwrap();
    let before_bak = std::fs::read(dir.join("state.bin.bak")).unwrap();
    let before = s.export_state();

    disk.full.store(true, Ordering::SeqCst);
    let mut noted = 0;
    for i in 0..100 {
        let v = s
            .screen_call_at(&format!("1380000{i:04}"), false, 1_796_000_100 + i)
            .expect("a verdict despite the full disk");
        assert_eq!(v.action, Action::Block, "the rules in force still decide");
        noted += v
            .reasons
            .iter()
            .filter(|r| r.source == "state-not-saved")
            .count();
    }
    assert!(
        disk.failed_writes.load(Ordering::SeqCst) > 0,
        "saves were tried"
    );
    assert!(noted > 0, "a verdict says the state is not saved");
    assert!(s.save_error().is_some());
    let after_calls = s.export_state();

    let e = s
        .set_rules(r#"{"schema":1,"rules":[]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nothing changed"), "{e}");
    assert_eq!(s.rules_json(), rules);
    assert_eq!(
        s.screen_call_at("13800009999", false, 1_796_000_300)
            .unwrap()
            .action,
        Action::Block,
        "a refused rule change is not in force"
    );
    assert!(s
        .record_consent("10690002", ConsentState::Consented, "app", 1)
        .is_err());
    assert!(s.forget_consent("10690001").is_err());
    assert!(s.report_feedback("13912340001", None, true, 1).is_err());
    assert!(s.undo_feedback(fb).is_err());
    assert!(s.set_utc_offset_minutes(0).is_err());
    assert!(s.set_keep_evidence_bodies(true).is_err());
    assert!(s.set_emergency_numbers(&["110".into()]).is_err());
    assert!(s.import_state(&before).is_err());
    assert_eq!(s.consent_records().len(), 1);
    assert_eq!(s.feedback().len(), 1);
    let mut expect = UserState::from_bytes(&after_calls).unwrap();
    let now = UserState::from_bytes(&s.export_state()).unwrap();
    // Only the one extra screened call differs.
    assert_eq!(now.history.calls().len(), expect.history.calls().len() + 1);
    expect.history = now.history.clone();
    assert_eq!(now, expect, "refused actions left memory as it was");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before_disk,
        "the previous state survives"
    );
    assert_eq!(
        std::fs::read(dir.join("state.bin.bak")).unwrap(),
        before_bak
    );
    assert!(temp_files(&dir).is_empty(), "{:?}", temp_files(&dir));

    disk.full.store(false, Ordering::SeqCst);
    s.flush().unwrap();
    assert_eq!(s.save_error(), None);
    let saved = on_disk(&path);
    assert_eq!(
        saved.history.calls().len(),
        101,
        "waiting calls written once there is room"
    );
    assert_eq!(saved, UserState::from_bytes(&s.export_state()).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Two saved versions: `.bak` = the first, `state.bin` = the second.
fn two_versions(dir: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let path = dir.join("state.bin");
    let s = Screener::with_default_bundle();
    s.open_state(path.to_str().unwrap()).unwrap();
    s.set_rules(r#"{"schema":1,"rules":[{"id":"a","number":"170*","action":"block"}]}"#)
        .unwrap();
    s.record_consent("10690001", ConsentState::OptedOut, "T", 1_796_000_000)
        .unwrap();
    let first = std::fs::read(&path).unwrap();
    for i in 0..5 {
        s.screen_call_at(&format!("1390000{i:04}"), false, 1_796_000_000 + i)
            .unwrap();
    }
    s.report_feedback("13900000001", None, true, 1_796_000_010)
        .unwrap();
    drop(s);
    let second = std::fs::read(&path).unwrap();
    // The save of the feedback kept the version before it as `.bak`.
    let bak = std::fs::read(dir.join("state.bin.bak")).unwrap();
    assert_ne!(bak, second);
    UserState::from_bytes(&bak).unwrap();
    (path, first, second)
}

#[test]
fn every_truncation_and_byte_flip_of_the_file_or_its_copy_is_caught() {
    let dir = temp_dir("damage");
    let (path, _, second) = two_versions(&dir);
    let bak_path = dir.join("state.bin.bak");
    let bak = std::fs::read(&bak_path).unwrap();
    let load = || store::load_verified(&path, UserState::parse_file);
    let good_main = UserState::from_bytes(&second).unwrap();
    let good_bak = UserState::from_bytes(&bak).unwrap();
    let mut cases = 0;
    let mut damaged: Vec<Vec<u8>> = (0..second.len()).map(|n| second[..n].to_vec()).collect();
    for i in 0..second.len() {
        for x in [0x01, 0xff] {
            let mut f = second.clone();
            f[i] ^= x;
            damaged.push(f);
        }
    }
    for d in &damaged {
        std::fs::write(&path, d).unwrap();
        let l = load().unwrap().expect("the copy loads");
        assert_eq!(l.value, good_bak);
        assert!(l.warning.is_some() && l.main_fingerprint.is_none());
        cases += 1;
    }
    std::fs::write(&path, &second).unwrap();
    let mut damaged_bak: Vec<Vec<u8>> = (0..bak.len()).map(|n| bak[..n].to_vec()).collect();
    for i in 0..bak.len() {
        let mut f = bak.clone();
        f[i] ^= 0x10;
        damaged_bak.push(f);
    }
    for d in &damaged_bak {
        std::fs::write(&bak_path, d).unwrap();
        let l = load().unwrap().unwrap();
        assert_eq!((l.value == good_main, l.warning), (true, None));
        // Both damaged: a clear error, never a silent empty state.
        std::fs::write(&path, &second[..second.len() / 2]).unwrap();
        assert!(load().unwrap_err().contains("last good copy"));
        std::fs::write(&path, &second).unwrap();
        cases += 2;
    }
    println!("damage: {cases} damaged files, each caught");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_recovery_keeps_the_copy_that_loaded_as_bak() {
    let dir = temp_dir("recovery");
    let (path, _, second) = two_versions(&dir);
    let bak = std::fs::read(dir.join("state.bin.bak")).unwrap();
    std::fs::write(&path, &second[..40]).unwrap();
    let s = Screener::with_default_bundle();
    let w = s.open_state(path.to_str().unwrap()).unwrap().unwrap();
    assert!(w.contains("last good copy"), "{w}");
    assert_eq!(s.export_state(), bak);
    s.record_consent("10690002", ConsentState::Consented, "app", 1)
        .unwrap();
    assert_eq!(std::fs::read(dir.join("state.bin.bak")).unwrap(), bak);
    s.record_consent("10690003", ConsentState::Consented, "app", 2)
        .unwrap();
    let bak2 = on_disk(&dir.join("state.bin.bak"));
    assert_eq!(bak2.consent.records().count(), 2, "a copy that loaded");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_state_of_a_newer_version_is_refused_and_left_alone() {
    let dir = temp_dir("newer");
    let (path, _, second) = two_versions(&dir);
    let mut newer = second[..second.len() - 4].to_vec();
    newer[8] = 99;
    let crc = crc32(&newer);
    newer.extend_from_slice(&crc.to_le_bytes());
    std::fs::write(&path, &newer).unwrap();
    let s = Screener::with_default_bundle();
    let e = s
        .open_state(path.to_str().unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("newer version"), "{e}");
    // Another process wrote the newer file while this one had the state open.
    std::fs::write(&path, &second).unwrap();
    s.open_state(path.to_str().unwrap()).unwrap();
    std::fs::write(&path, &newer).unwrap();
    assert!(s
        .record_consent("10690009", ConsentState::Consented, "app", 1)
        .is_err());
    s.screen_call_at("13900001234", false, 1_796_000_500)
        .expect("screening goes on");
    assert_eq!(std::fs::read(&path).unwrap(), newer, "never replaced");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn crc32(b: &[u8]) -> u32 {
    // Bitwise CRC-32 (IEEE), so the test does not share the code it checks.
    let mut c = !0u32;
    for &x in b {
        c ^= x as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn a_directory_in_place_of_the_state_file_costs_nothing_saved() {
    let dir = temp_dir("isdir");
    let (path, _, second) = two_versions(&dir);
    let bak = std::fs::read(dir.join("state.bin.bak")).unwrap();
    let s = Screener::with_default_bundle();
    s.open_state(path.to_str().unwrap()).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), b"x").unwrap();
    assert!(s
        .record_consent("10690009", ConsentState::Consented, "app", 1)
        .is_err());
    assert_eq!(s.export_state(), second, "memory unchanged");
    assert_eq!(std::fs::read(dir.join("state.bin.bak")).unwrap(), bak);
    assert!(temp_files(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_screener_sees_the_first_ones_saves_and_loses_none() {
    // The in-process form of two processes on one directory.
    let dir = temp_dir("two");
    let path = dir.join("state.bin");
    let (a, b) = (
        Screener::with_default_bundle(),
        Screener::with_default_bundle(),
    );
    a.open_state(path.to_str().unwrap()).unwrap();
    b.open_state(path.to_str().unwrap()).unwrap();
    for i in 0..40 {
        a.screen_call_at(&format!("1390000{i:04}"), false, 1_796_000_000 + i)
            .unwrap();
        b.screen_call_at(&format!("1370000{i:04}"), false, 1_796_000_000 + i)
            .unwrap();
        if i % 10 == 0 {
            a.record_consent(&format!("10690{i:03}"), ConsentState::OptedOut, "T", i)
                .unwrap();
            b.set_rules(&format!(
                r#"{{"schema":1,"rules":[{{"id":"r{i}","number":"170*","action":"block"}}]}}"#
            ))
            .unwrap();
        }
    }
    a.flush().unwrap();
    b.flush().unwrap();
    let s = on_disk(&path);
    assert_eq!(s.history.calls().len(), 80);
    assert_eq!(s.consent.records().count(), 4);
    assert!(s.rules_json.contains("r30"));
    assert!(
        a.rules_json().contains("r30"),
        "a picked up b's rules when it saved"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

const CHILD: &str = "BURAO_STORM_CHILD_DIR";

/// Not a test on its own: the process `killing_a_storm_…` starts and kills.
/// Without the variable it returns at once.
#[test]
fn storm_child() {
    let Ok(dir) = std::env::var(CHILD) else {
        return;
    };
    let s = Arc::new(Screener::with_default_bundle());
    s.open_state(&format!("{dir}/state.bin")).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let s = s.clone();
            std::thread::spawn(move || {
                for i in 0u64.. {
                    s.screen_call_at(
                        &format!("139{t:02}{:06}", i % 1_000_000),
                        false,
                        1_796_000_000,
                    )
                    .unwrap();
                    if i % 16 == 0 {
                        // A sender id, not a number: stored as written (lower case).
                        let sender = format!("shop{t}q{i}p{}", std::process::id());
                        s.record_consent(&sender, ConsentState::OptedOut, "T", 1)
                            .unwrap();
                        use std::io::Write;
                        let mut out = std::io::stdout().lock();
                        writeln!(out, "ack {sender}").unwrap();
                        out.flush().unwrap();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn killing_a_storm_at_random_moments_leaves_a_consistent_state() {
    let dir = temp_dir("kill");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let (mut acked_total, mut consistent) = (0, 0);
    let trials = 20;
    for trial in 0..trials {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "storm_child",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(CHILD, &dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let acks = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ack ").map(str::to_string))
                .collect::<Vec<_>>()
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(60 + seed % 240));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush
        child.wait().unwrap();
        let acked = acks.join().unwrap();
        let loaded = store::load_verified(&dir.join("state.bin"), UserState::parse_file)
            .unwrap_or_else(|e| panic!("trial {trial}: the state must load: {e}"))
            .unwrap_or_else(|| panic!("trial {trial}: no state file"));
        assert_eq!(
            loaded.warning, None,
            "trial {trial}: the main file is intact"
        );
        let state = loaded.value;
        for a in &acked {
            assert!(
                state.consent.get(a).is_some(),
                "trial {trial}: an acknowledged user action was lost"
            );
        }
        acked_total += acked.len();
        consistent += 1;
    }
    println!("kill -9: {trials} trials, {consistent} consistent, {acked_total} acknowledged user actions, all on disk");
    assert!(
        acked_total > trials,
        "the child got to work before the kills"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn long_sender_ids_cannot_blow_up_the_state() {
    let s = Screener::with_default_bundle();
    let huge = "x".repeat(1 << 20);
    for i in 0..20 {
        let sender = format!("{huge}{i}");
        let e = s
            .record_consent(&sender, ConsentState::OptedOut, "T", 1)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("at most 256 bytes") && !e.contains("xxxx"),
            "{e}"
        );
        assert!(s.report_feedback(&sender, Some("hello"), true, 1).is_err());
        assert!(s.forget_consent(&sender).is_err());
    }
    assert!(s
        .record_consent("shop", ConsentState::OptedOut, &"v".repeat(65), 1)
        .is_err());
    // Screening a long sender after an opt-out keys the evidence by 256 bytes.
    let long = format!("shop{}", "y".repeat(300));
    s.record_consent(&long[..256], ConsentState::OptedOut, "T", 1)
        .unwrap();
    for _ in 0..20 {
        s.screen_sms_at(
            &long,
            "会员专享，全场满300减50 回T退订",
            false,
            1_796_000_000,
        )
        .unwrap();
    }
    assert_eq!(
        s.evidence().len(),
        20,
        "the sender's messages were kept as evidence"
    );
    assert!(
        s.export_state().len() < 64 * 1024,
        "{} bytes",
        s.export_state().len()
    );
}

//! The CLI with `--state DIR`: replays across runs, and crash safety under SIGKILL.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use burao_core::engine::state::UserState;
use burao_core::store;
use serde_json::Value;
use support::{burao, burao_with_input, json_lines, names_containing, ok, s, spawn_with_input};

fn temp_dir(name: &str) -> PathBuf {
    support::scratch(&format!("state-{name}"))
}

/// `burao screen KIND --jsonl --state DIR` over `input`: one verdict per line.
fn screen(kind: &str, state: &Path, input: &str) -> Vec<Value> {
    let args = ["screen", kind, "--jsonl", "--state", s(state)];
    json_lines(&ok(burao_with_input(&args, input.as_bytes())))
}

#[test]
fn a_week_replays_across_two_runs_sharing_one_state() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/replay/gym-week.jsonl"
    );
    let lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let dir = temp_dir("replay");
    let (first, second) = lines.split_at(lines.len() / 2);
    let mut got = screen("call", &dir, &(first.join("\n") + "\n"));
    got.extend(screen("call", &dir, &(second.join("\n") + "\n")));
    assert_eq!(got.len(), lines.len());
    for (line, v) in lines.iter().zip(&got) {
        let ev: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["action"], ev["expect"]["action"], "{}", ev["note"]);
        assert_eq!(
            v["reasons"][0]["code"], ev["expect"]["reason"],
            "{}",
            ev["note"]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn saved_calls(dir: &Path) -> usize {
    let loaded = store::load_verified(&dir.join("state.bin"), UserState::parse_file)
        .expect("the state file must always load")
        .expect("the state file exists");
    assert_eq!(loaded.warning, None, "the main file itself must be intact");
    loaded.value.history.calls().len()
}

#[test]
fn killing_the_writer_at_random_points_loses_nothing_saved() {
    let dir = temp_dir("crash");
    let input: String = (0..4000)
        .map(|i| {
            format!(
                "{{\"number\":\"1390000{:04}\",\"at\":{}}}\n",
                i % 10_000,
                1_796_000_000 + i
            )
        })
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut before = 0;
    for round in 0..12 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_burao"))
            .args(["screen", "call", "--jsonl", "--state"])
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = input.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(feed.as_bytes());
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(20 + seed % 200));
        child.kill().unwrap(); // SIGKILL: no destructor, no flush
        child.wait().unwrap();
        let _ = writer.join();
        if dir.join("state.bin").exists() {
            let now = saved_calls(&dir);
            assert!(
                now >= before,
                "round {round}: history shrank from {before} to {now}"
            );
            before = now;
        }
    }
    assert!(
        before > 0,
        "the writer never got to save: the test proved nothing"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_check_reports_the_bad_rule() {
    let dir = temp_dir("rules");
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"{"schema":1,"rules":[{"id":"a","number":"170*","action":"block"}]}"#,
    )
    .unwrap();
    let out = ok(burao(&["rules", "check", s(&good)]));
    assert!(support::text(&out.stdout).contains("1 rules OK"));
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"schema":1,"rules":[{"id":"a","number":"170*","action":"block"},{"id":"b","keywords":"x","action":"junk"}]}"#,
    )
    .unwrap();
    assert!(support::err(burao(&["rules", "check", s(&bad)])).contains("rule 1:"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_sms_opt_out_replays_and_leaves_evidence() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/replay/shop-optout-sms.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let dir = temp_dir("optout");
    let got = screen("sms", &dir, &text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(got.len(), lines.len());
    for (line, v) in lines.iter().zip(&got) {
        let ev: Value = serde_json::from_str(line).unwrap();
        let Some(want) = ev.get("expect") else {
            continue;
        };
        if let Some(a) = want.get("action") {
            assert_eq!(&v["action"], a, "{}", ev["note"]);
        }
        assert_eq!(
            v["reasons"][0]["code"], want["reason"],
            "{}: {v}",
            ev["note"]
        );
    }
    let evidence = json_lines(&ok(burao(&["evidence", "export", "--state", s(&dir)])));
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0]["opted_out_unix"], 1_796_000_000);
    assert_eq!(evidence[0]["body"], Value::Null);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `burao ARGS --state STATE` with `input` as raw bytes on stdin.
fn run_bytes(args: &[&str], state: &Path, input: &[u8]) -> std::process::Output {
    let args: Vec<&str> = args.iter().copied().chain(["--state", s(state)]).collect();
    burao_with_input(&args, input)
}

fn show(dir: &Path) -> Value {
    let out = ok(burao(&["state", "show", "--state", s(dir)]));
    serde_json::from_str(support::text(&out.stdout).trim()).unwrap()
}

#[test]
fn jsonl_answers_every_line_and_a_bad_line_changes_nothing() {
    let dir = temp_dir("jsonl-bad");
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"{\"number\":\"13900000001\",\"at\":1796000000}\n");
    input.extend_from_slice(
        b"{\"number\":\"13900000002\",\"at\":1796000001,\"note\":\"\xff\xfe\"}\n",
    );
    input.extend_from_slice(b"\xc3\x28 not utf-8 at all\n");
    input.extend_from_slice(b"{\"number\":\"13900000003\",\"at\":\"tomorrow\"}\n");
    input.extend_from_slice(
        b"{\"number\":\"13900000004\",\"at\":1796000002,\"is_contact\":\"yes\"}\n",
    );
    input.extend_from_slice(
        b"{\"number\":\"13900000005\",\"at\":1796000003,\"outcome\":\"hung_up\"}\n",
    );
    input.extend_from_slice(
        b"{\"number\":\"13900000006\",\"at\":1796000004,\"feedback\":\"maybe\"}\n",
    );
    input.extend_from_slice(b"{\"number\":\"13900000007\",\"13912345678\":1}\n");
    input.extend_from_slice(b"{\"number\":13900000008}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(
        b"{\"number\":\"13900000009\",\"at\":1796000005,\"outcome\":\"declined\"}",
    );
    let out = run_bytes(&["screen", "call", "--jsonl"], &dir, &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = json_lines(&out);
    assert_eq!(got.len(), 11, "one output line per input line");
    assert_eq!(got[0]["action"], "allow");
    for (i, bad) in got.iter().enumerate().take(10).skip(1) {
        let e = bad["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {i}: {bad}"));
        assert!(
            !e.contains("1390000") && !e.contains("13912345678"),
            "line {i} echoes: {e}"
        );
        assert!(bad.get("action").is_none(), "line {i} was screened: {bad}");
    }
    assert!(got[2]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(got[3]["error"].as_str().unwrap().contains("`at`"));
    assert!(got[4]["error"].as_str().unwrap().contains("`is_contact`"));
    assert!(got[5]["error"].as_str().unwrap().contains("`outcome`"));
    assert!(got[7]["error"].as_str().unwrap().contains("unknown field"));
    assert_eq!(
        got[10]["action"], "allow",
        "the run goes on after bad lines"
    );
    // Only the two good calls are in the history; the bad lines changed nothing.
    assert_eq!(show(&dir)["history_calls"], 2);

    let sms = concat!(
        "{\"from\":\"10690001\",\"body\":\"hello\",\"at\":1796000000,\"consent\":\"maybe\"}\n",
        "{\"from\":\"10690002\",\"body\":\"hello\",\"at\":1796000000,\"reply\":\"T\",\"feedback\":\"yes\"}\n",
        "{\"from\":\"10690003\",\"body\":\"hello\",\"is_contact\":1}\n",
        "{\"from\":\"10690004\",\"body\":\"hello\",\"at\":1796000000,\"reply\":\"T\"}\n",
    );
    let out = run_bytes(&["screen", "sms", "--jsonl"], &dir, sms.as_bytes());
    let got = json_lines(&out);
    assert_eq!(got.len(), 4);
    assert!(got[0]["error"].as_str().unwrap().contains("`consent`"));
    assert!(got[1]["error"].as_str().unwrap().contains("`feedback`"));
    assert!(got[2]["error"].as_str().unwrap().contains("`is_contact`"));
    assert!(got[3]["action"].is_string());
    let s = show(&dir);
    assert_eq!(s["consent_records"], 1, "only the good line's opt-out: {s}");
    assert_eq!(s["feedback"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn state_show_counts_without_numbers_or_bodies() {
    let dir = temp_dir("show");
    let input = concat!(
        "{\"number\":\"13900000001\",\"at\":1796000000,\"feedback\":\"spam\"}\n",
        "{\"number\":\"13900000002\",\"at\":1796000100,\"outcome\":\"declined\"}\n",
    );
    screen("call", &dir, input);
    let sms =
        "{\"from\":\"10690099\",\"body\":\"会员专享 回T退订\",\"at\":1796000000,\"reply\":\"T\"}\n";
    screen("sms", &dir, sms);
    let text = support::text(&burao(&["state", "show", "--state", s(&dir)]).stdout);
    assert!(
        !text.contains("139") && !text.contains("1069") && !text.contains("退订"),
        "{text}"
    );
    let shown: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(shown["format_version"], 1);
    assert_eq!(shown["history_calls"], 2);
    assert_eq!(shown["feedback"], 1);
    assert_eq!(shown["consent_records"], 1);
    assert_eq!(shown["refused_or_opted_out"], 1);
    assert_eq!(shown["evidence"], 0);
    assert_eq!(shown["rules"], 0);
    let none = temp_dir("show-none");
    assert!(support::err(burao(&["state", "show", "--state", s(&none)])).contains("no state"));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&none).unwrap();
}

#[test]
fn two_processes_on_one_state_directory_lose_no_update() {
    let dir = temp_dir("two-proc");
    let per = 300;
    let feed = |prefix: &str| -> String {
        (0..per)
            .map(|i| {
                let extra = if i % 10 == 0 {
                    ",\"feedback\":\"spam\""
                } else {
                    ""
                };
                format!(
                    "{{\"number\":\"{prefix}{i:05}\",\"at\":{}{extra}}}\n",
                    1_796_000_000 + i
                )
            })
            .collect()
    };
    let args = ["screen", "call", "--jsonl", "--state", s(&dir)];
    let spawn = |input: String| spawn_with_input(&args, input.into_bytes());
    let (a, wa) = spawn(feed("139100"));
    let (b, wb) = spawn(feed("137100"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    wa.join().unwrap().unwrap();
    wb.join().unwrap().unwrap();
    for o in [&a, &b] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let got = json_lines(o);
        assert_eq!(got.len(), per);
        assert!(got.iter().all(|v| v.get("error").is_none()), "no errors");
    }
    let s = show(&dir);
    println!(
        "two processes: {} calls and {} feedback reports on disk of {} and {} sent",
        s["history_calls"],
        s["feedback"],
        2 * per,
        2 * per / 10
    );
    assert_eq!(s["history_calls"], 2 * per, "no lost call");
    assert_eq!(s["feedback"], 2 * per / 10, "no lost user action");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A real full disk: a 256 KB tmpfs. Needs root to mount, so it is run by
/// `scripts/test-all.sh` as its own step (`--ignored`), where a failed mount
/// fails the run; `cargo test` lists it as ignored, never as passed. The
/// core's fault-injection test covers the same ground without root.
#[test]
#[ignore = "needs root to mount a tmpfs: run by scripts/test-all.sh"]
fn a_full_tmpfs_keeps_verdicts_coming_and_the_saved_state() {
    let mnt = temp_dir("tmpfs");
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "burao-test"])
        .arg(&mnt)
        .status()
        .expect("mount must run");
    assert!(
        status.success(),
        "cannot mount a tmpfs (root needed): this test fails, it does not skip"
    );
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let state = mnt.join("state");
    let first = "{\"number\":\"13900000001\",\"at\":1796000000,\"feedback\":\"spam\"}\n";
    screen("call", &state, first);
    let saved = std::fs::read(state.join("state.bin")).unwrap();
    // Fill the disk.
    let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
    let chunk = vec![0u8; 4096];
    while filler
        .write_all(&chunk)
        .and_then(|()| filler.sync_all())
        .is_ok()
    {}
    drop(filler);
    let input: String = (0..100)
        .map(|i| {
            let extra = if i == 50 {
                ",\"feedback\":\"spam\""
            } else {
                ""
            };
            format!(
                "{{\"number\":\"1380000{i:04}\",\"at\":{}{extra}}}\n",
                1_796_000_100 + i
            )
        })
        .collect();
    let out = run_bytes(&["screen", "call", "--jsonl"], &state, input.as_bytes());
    let got = json_lines(&out);
    assert_eq!(got.len(), 100, "a verdict for every call");
    assert!(got.iter().all(|v| v["action"].is_string()));
    assert!(
        got[50]["error"].as_str().unwrap().contains("refused"),
        "{}",
        got[50]
    );
    assert!(
        !out.status.success(),
        "the unsaved history makes the run fail at the end"
    );
    assert_eq!(
        std::fs::read(state.join("state.bin")).unwrap(),
        saved,
        "the saved state survives"
    );
    let leftovers = names_containing(&state, "tmp");
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Reading still works on the full disk.
    assert_eq!(show(&state)["feedback"], 1);
    // `burao sign` onto the full disk fails and leaves no partial file.
    let keys = temp_dir("tmpfs-keys");
    let key = keys.join("k.key");
    ok(burao(&["keygen", "--out", s(&key)]));
    let bundle = keys.join("b.bundle");
    std::fs::write(&bundle, burao_core::DEFAULT_BUNDLE).unwrap();
    let signed = mnt.join("signed.bundle");
    let out = burao(&["sign", "--key", s(&key), "--out", s(&signed), s(&bundle)]);
    assert!(
        !out.status.success(),
        "signing onto a full disk cannot succeed"
    );
    let strays = names_containing(&mnt, "signed");
    assert!(strays.is_empty(), "{strays:?}");
    std::fs::remove_dir_all(&keys).unwrap();
    std::fs::remove_file(mnt.join("filler")).unwrap();
    screen(
        "call",
        &state,
        "{\"number\":\"13900000002\",\"at\":1796000300}\n",
    );
    assert_eq!(show(&state)["history_calls"], 2);
}

//! The CLI with `--state DIR`: replays across runs, and crash safety under SIGKILL.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use burao_core::engine::state::UserState;
use burao_core::store;
use serde_json::Value;

fn burao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_burao"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("burao-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `burao screen KIND --jsonl --state DIR` over `input`: one verdict per line.
fn screen(kind: &str, state: &Path, input: &str) -> Vec<Value> {
    let mut child = burao()
        .args(["screen", kind, "--jsonl", "--state"])
        .arg(state)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
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
    let loaded = store::load_verified(&dir.join("state.bin"), UserState::from_bytes)
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
        let mut child = burao()
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
    let out = burao()
        .args(["rules", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 rules OK"));
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"schema":1,"rules":[{"id":"a","number":"170*","action":"block"},{"id":"b","keywords":"x","action":"junk"}]}"#,
    )
    .unwrap();
    let out = burao().args(["rules", "check"]).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("rule 1:"));
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
    let out = burao()
        .args(["evidence", "export", "--state"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let evidence: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0]["opted_out_unix"], 1_796_000_000);
    assert_eq!(evidence[0]["body"], Value::Null);
    std::fs::remove_dir_all(&dir).unwrap();
}

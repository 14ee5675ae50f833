//! Eight threads screen calls and messages while another swaps bundles and
//! rule sets 1,000 times, valid and corrupt alternately. Every verdict must
//! come from one consistent bundle and one consistent rule set, none may be
//! lost, nothing may deadlock, and memory must return to where it started.
//!
//! Each bundle answers for [`PROBE`] with its own sequence number in the
//! label and an action that depends on the sequence's parity, and each rule
//! set's rule is named after its generation with a parity-dependent action:
//! a verdict that mixed two snapshots would disagree with itself.

use std::alloc::System;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use burao_core::{Action, ReasonCode, Screener, Verdict};
use stats_alloc::{Region as AllocRegion, StatsAlloc, INSTRUMENTED_SYSTEM};

mod support;

use support::{probe_bundle as bundle, PROBE};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const WORKERS: usize = 8;
const SWAPS: u64 = 1_000;
/// Far beyond the few seconds the test takes: reaching it means a deadlock.
const GUARD: Duration = Duration::from_secs(120);

fn rules(generation: u64) -> String {
    let action = if generation % 2 == 1 {
        "junk"
    } else {
        "promotion"
    };
    format!(
        r#"{{"schema":1,"rules":[{{"id":"g{generation}","keywords":["压力测试"],"action":"{action}"}}]}}"#
    )
}

/// Checks a call verdict against the bundle it names.
fn check_call(v: &Verdict) {
    let seq = v.bundle_sequence;
    let want = if seq % 2 == 1 {
        Action::Block
    } else {
        Action::Silence
    };
    assert_eq!(v.action, want, "call verdict of bundle {seq}");
    assert_eq!(v.label.as_deref(), Some(format!("seq{seq}").as_str()));
}

/// Checks a message verdict: either the rule of one generation decided, or
/// the list of the bundle it names did.
fn check_sms(v: &Verdict, with_keyword: bool) {
    if with_keyword {
        let r = &v.reasons[0];
        assert_eq!(r.code, ReasonCode::UserRule);
        let generation: u64 = r.source[1..].parse().unwrap();
        let want = if generation % 2 == 1 {
            Action::Junk
        } else {
            Action::Promotion
        };
        assert_eq!(v.action, want, "message verdict of rule set {generation}");
    } else {
        assert_eq!(v.action, Action::Junk);
        let seq = v.bundle_sequence;
        assert_eq!(v.label.as_deref(), Some(format!("seq{seq}").as_str()));
    }
}

struct Tally {
    asked: u64,
    answered: u64,
}

fn worker(s: Arc<Screener>, done: Arc<AtomicBool>, id: usize) -> Tally {
    let mut tally = Tally {
        asked: 0,
        answered: 0,
    };
    let mut last_seq = 0;
    let mut i = 0u64;
    // At least a few rounds even if the swapper finishes first.
    while !done.load(Ordering::Acquire) || i < 20 {
        i += 1;
        tally.asked += 1;
        let v = match (i + id as u64) % 3 {
            0 => {
                let v = s.screen_call_at(PROBE, false, 0).unwrap();
                check_call(&v);
                v
            }
            1 => {
                let v = s
                    .screen_sms_at(PROBE, "【压力测试】本月优惠", false, 0)
                    .unwrap();
                check_sms(&v, true);
                v
            }
            _ => {
                let v = s.screen_sms_at(PROBE, "今晚七点见", false, 0).unwrap();
                check_sms(&v, false);
                v
            }
        };
        // Bundles only move forward, so one thread never sees an older one.
        assert!(v.bundle_sequence >= last_seq, "sequence went backwards");
        last_seq = v.bundle_sequence;
        tally.answered += 1;
        // Leave the swapper some CPU on a two-core machine: the point is
        // interleaving, not throughput.
        thread::sleep(Duration::from_micros(200));
    }
    tally
}

fn swapper(s: &Screener, swaps: u64, valid: &[Vec<u8>]) -> (u64, u64) {
    let mut refused = 0;
    let mut accepted = 0;
    let mut seq = 1;
    for n in 0..swaps {
        if n % 2 == 0 {
            seq += 1;
            s.replace_bundle(valid[seq as usize].clone()).unwrap();
            s.set_rules(&rules(seq)).unwrap();
            accepted += 1;
        } else {
            // Corrupt in turn: a flipped byte, a cut file, an older bundle,
            // and a rule set whose regex does not compile.
            let mut bad = valid[seq as usize + 1].clone();
            match n % 3 {
                0 => {
                    let mid = bad.len() / 2;
                    bad[mid] ^= 0x55;
                }
                1 => bad.truncate(bad.len() - 9),
                _ => bad = valid[seq as usize - 1].clone(),
            }
            assert!(s.replace_bundle(bad).is_err());
            assert!(s
                .set_rules(r#"{"schema":1,"rules":[{"id":"x","body_regex":"(","action":"junk"}]}"#)
                .is_err());
            assert_eq!(s.bundle_info().metadata.sequence, seq, "old bundle serves");
            refused += 1;
        }
        thread::yield_now();
    }
    (accepted, refused)
}

fn run(swaps: u64) -> (u64, u64, u64, u64) {
    // Built up front so the swaps, not the building, race the screening.
    let valid: Vec<Vec<u8>> = (0..swaps / 2 + 3).map(bundle).collect();
    let s = Arc::new(Screener::from_bytes(valid[1].clone()).unwrap());
    s.set_rules(&rules(1)).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..WORKERS)
        .map(|id| {
            let (s, done) = (Arc::clone(&s), Arc::clone(&done));
            thread::spawn(move || worker(s, done, id))
        })
        .collect();
    let (accepted, refused) = swapper(&s, swaps, &valid);
    done.store(true, Ordering::Release);
    let (mut asked, mut answered) = (0, 0);
    for w in workers {
        let t = w.join().expect("a screening thread panicked");
        asked += t.asked;
        answered += t.answered;
    }
    assert_eq!(asked, answered, "a verdict was lost");
    assert!(
        answered >= (WORKERS * 20) as u64,
        "the workers ran: {answered}"
    );
    assert_eq!(s.bundle_info().metadata.sequence, 1 + swaps / 2);
    (accepted, refused, answered, Arc::strong_count(&s) as u64)
}

#[test]
fn eight_screening_threads_survive_a_thousand_swaps() {
    // Warm up what lives for the whole process (the thread-local state of
    // the standard library, lazily built tables) before measuring.
    let _warm_up = run(20);
    let region = AllocRegion::new(GLOBAL);
    let (tx, rx) = mpsc::channel();
    let runner = thread::spawn(move || {
        let r = run(SWAPS);
        tx.send(r).unwrap();
    });
    let (accepted, refused, answered, strong) = match rx.recv_timeout(GUARD) {
        Ok(r) => r,
        Err(_) => panic!("no result within {GUARD:?}: deadlock"),
    };
    runner.join().unwrap();
    assert_eq!((accepted, refused), (SWAPS / 2, SWAPS / 2));
    assert_eq!(strong, 1, "no thread still holds the screener");
    let stats = region.change();
    // stats_alloc already books a realloc's growth or shrinkage here.
    let live = stats.bytes_allocated as i64 - stats.bytes_deallocated as i64;
    eprintln!(
        "stress: {answered} verdicts, {accepted} swaps accepted, {refused} refused; \
         {} allocations, net {live} bytes after",
        stats.allocations
    );
    // Everything the run allocated was freed, give or take the test
    // harness's own bookkeeping (a few hundred bytes).
    assert!(
        live.abs() < 16 * 1024,
        "memory did not return: {live} bytes live"
    );
}

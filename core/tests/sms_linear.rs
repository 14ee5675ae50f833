//! The SMS verdict's cost grows linearly with the body, whatever the content
//! (issue 17): runs of `9.`, `1.` or digits made the entity search quadratic
//! (64 KiB of `9.` took ~0.4 s in a release build, ~250× its 4 KiB time).
//! Compared in one run, as a ratio of best-of-five times, with a generous bound
//! (4× the linear 16×): not a speed target, a check of the growth.

use std::time::{Duration, Instant};

use burao_core::Screener;

fn best_of_five(s: &Screener, body: &str) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            s.screen_sms("10690000", body, false).unwrap();
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn hostile_bodies_cost_linear_time() {
    let s = Screener::with_default_bundle();
    for unit in ["9.", "1.", "1", "9.9,", "a.b"] {
        let body = |kib: usize| unit.repeat(kib * 1024 / unit.len());
        let small = best_of_five(&s, &body(4));
        let large = best_of_five(&s, &body(64));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        assert!(
            ratio < 64.0,
            "{unit:?}: 64 KiB took {large:?}, {ratio:.0}× the 4 KiB {small:?}"
        );
    }
}

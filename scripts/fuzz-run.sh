#!/usr/bin/env bash
# Runs one fuzz target with the project's limits, then replays the corpus it
# grew to report the slowest input. Usage:
#   scripts/fuzz-run.sh TARGET RUNS|SECONDS [corpus-dir]
#   RUNS: e.g. 10000000 executions; SECONDS: e.g. 60s; both: 10000000:600s
#   (whichever comes first)
# FUZZ_BUILD_FLAGS adds cargo-fuzz build flags, e.g. --no-trace-compares (twice
# the executions a second on patch_decode, whose cost is fst rebuilding).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`);
# fails loudly when either is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$1"
budget="$2"
work="${3:-$root/fuzz/corpus/$target}"
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 1; }
rustup run nightly true || { echo "the nightly toolchain is missing: rustup toolchain install nightly" >&2; exit 1; }
mkdir -p "$work"
case "$budget" in
  *:*s) runs="${budget%%:*}"; secs="${budget#*:}"; limit=(-runs="$runs" -max_total_time="${secs%s}") ;;
  *s) limit=(-max_total_time="${budget%s}") ;;
  *) limit=(-runs="$budget") ;;
esac
# The default bundle is 2 KB; 8 KB leaves room to grow every kind of input.
max_len=8192
cd "$root/fuzz"
# -timeout is whole seconds in libFuzzer; the 10 ms bound is checked by the
# replay below. -malloc_limit_mb caps any single allocation, -rss_limit_mb the
# process. No sanitizer: burao-core forbids unsafe code, and an uninstrumented
# build runs several times more inputs in the same time.
cargo +nightly fuzz run ${FUZZ_BUILD_FLAGS:-} --sanitizer none --debug-assertions "$target" "$work" "seeds/$target" -- \
  -timeout=1 -rss_limit_mb=1024 -malloc_limit_mb=256 \
  -max_len="$max_len" -print_final_stats=1 "${limit[@]}"
# Replay every corpus input three times; keep each input's fastest run, so
# noise from other processes on a shared machine does not count as slowness.
# The replay binary is the same harness built without coverage instrumentation
# (a plain release build links libFuzzer's driver all the same): the counters
# and comparison hooks slow the fuzzing build 3-10x, and the 10 ms bound is
# about the library's time per input, not the instrumentation's.
cargo +nightly build --release --bin "$target" --target-dir "$root/fuzz/target/replay"
bin="$root/fuzz/target/replay/release/$target"
# Given files (not a directory), libFuzzer runs each once and prints its time.
# Each process (xargs starts one per batch) first runs an empty input, whose
# time is left out: it pays the one-time start (the default bundle loaded, the
# patterns compiled, 10-25 ms on this machine), which is no input's cost
# (`core/benches/load.rs` measures the start).
warm=$(mktemp)
trap 'rm -f "$warm"' EXIT
for _ in 1 2 3; do
  find "$work" -type f -print0 | xargs -0 "$bin" "$warm" 2>&1 |
    grep -E '^Executed .* in [0-9]+ ms' | grep -vF "Executed $warm " || true
done |
  awk '{ t=$(NF-1); f=$2; if (!(f in best) || t < best[f]) best[f]=t }
       END { max=0; for (f in best) if (best[f] > max) { max=best[f]; slow=f }
             printf "replayed %d inputs; slowest %d ms (%s)\n", length(best), max, slow
             if (max > 10) { print "FAIL: an input takes over 10 ms"; exit 1 } }'

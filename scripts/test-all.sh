#!/usr/bin/env bash
# THE test command (README, CI via .ci/run). From any clone:
#
#   scripts/test-all.sh
#
# Installs missing toolchains (scripts/toolchains.sh, cached in $BURAO_TOOLS, default
# /opt/burao-tools, outside the work tree), then: fmt, clippy, Rust tests, benches
# compiled, cross checks for Android and iOS, the stripped release size of
# libburao.so against its budget, the Kotlin (JVM) and Swift (Linux) suites and
# the demo apps' checks against a freshly built libburao, and a no-network check.
# Any missing tool or failed step stops the run
# with a non-zero exit: nothing is ever skipped.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
target_dir=${CARGO_TARGET_DIR:-$repo/target}
# The issue's target: at most 2 MB (2,000,000 bytes) stripped, default bundle and
# model embedded. Packed relocations come from .cargo/config.toml.
SO_BUDGET=${BURAO_SO_BUDGET:-2000000}
CROSS_TARGETS="aarch64-linux-android armv7-linux-androideabi aarch64-apple-ios"

die() { echo "[test-all] FAILED: $*" >&2; exit 1; }
started=$SECONDS
step() {  # step NAME CMD...: runs CMD, prints its duration, stops the run on failure
  local name=$1 t=$SECONDS; shift
  echo "[test-all] == $name"
  "$@" || die "$name"
  echo "[test-all] ok $name ($((SECONDS - t)) s)"
}

for tool in cargo rustup java javac npm mvn strip; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
# shellcheck source=toolchains.sh
. "$repo/scripts/toolchains.sh"
step "toolchains (kotlinc, jars, Swift root, Rust targets)" toolchains_all

step "cargo fmt --check" cargo fmt --all --check
step "core modules in one direction (no cycle, no forbidden edge)" python3 scripts/check-module-deps.py
step "SMS fixtures (labels, ids, no text twice, holdout shares)" python3 scripts/check-sms-fixtures.py
step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
# The testing feature's code is only compiled by the FFI test build: lint it too.
step "cargo clippy (bindings, testing feature)" \
  cargo clippy -p burao --all-targets --features testing -- -D warnings
step "cargo test --workspace" cargo test --workspace
# A real full disk needs root to mount a tmpfs: the test is #[ignore]d in plain
# `cargo test` (listed as ignored, never passed) and run here, where a failed
# mount fails the run.
step "full disk on a tmpfs (root)" cargo test -p burao-cli --test state -- \
  --ignored --exact a_full_tmpfs_keeps_verdicts_coming_and_the_saved_state
# The benchmarks compile in the test profile (as `cargo test --benches`), so they
# never rot; the optimised bench profile would cost minutes on a cold CI run.
step "benchmarks compile" cargo test --workspace --benches --no-run

# The library the Kotlin and Swift suites load: [profile.ffi-test] (dev speed, its
# own directory) with the `testing` feature for the forced-panic export.
ffi_lib="$target_dir/ffi-test/libburao.so"
test_bundle="$target_dir/ffi-test/bindings-test.bundle"
build_ffi() {
  cargo build -p burao --profile ffi-test --features testing &&
    cargo build -p burao-cli -p uniffi-bindgen &&
    "$target_dir/debug/burao" build --blocklist fixtures/lists/bindings-test.csv \
      --name burao-test --bundle-version test --sequence 7 --created-unix 0 --out "$test_bundle"
}
step "build libburao for the binding tests" build_ffi
step "Kotlin suite (JVM, JNA)" env BURAO_TEST_BUNDLE="$test_bundle" bindings/kotlin/test.sh "$ffi_lib"
step "Swift suite (XCTest, trixie root)" env BURAO_TEST_BUNDLE="$test_bundle" bindings/swift/test.sh "$ffi_lib"
step "Android demo (compile check against android-all, JVM logic and Robolectric tests)" android-demo/test.sh "$ffi_lib"
step "iOS demo logic (XCTest, trixie root)" ios-demo/test.sh "$(dirname "$ffi_lib")"
step "no network sockets (strace over the Rust test binaries)" scripts/no-network-check.sh

cross_check() {
  local t
  for t in $CROSS_TARGETS; do
    echo "[test-all] cargo check -p burao --target $t"
    cargo check -p burao --target "$t" || return 1
  done
}
step "cross checks ($CROSS_TARGETS)" cross_check

# One release build per target: the host library, and the aarch64 Linux one as the
# Android proxy (Debian's cross gcc links it, packed relocations from
# .cargo/config.toml), both stripped and held to the same budget.
release_size() {  # release_size TARGET STRIP
  local target=$1 strip_tool=$2 dir size
  command -v "$strip_tool" >/dev/null || { echo "[test-all] $strip_tool not found" >&2; return 1; }
  cargo build -p burao --release --target "$target" || return 1
  dir="$target_dir/$target/release"
  "$strip_tool" -o "$dir/libburao.stripped.so" "$dir/libburao.so" || return 1
  size=$(stat -c %s "$dir/libburao.stripped.so")
  echo "[test-all] libburao.so $target, release, stripped: $size bytes (budget $SO_BUDGET bytes)"
  [ "$size" -le "$SO_BUDGET" ] || { echo "[test-all] libburao.so ($target) is over its size budget" >&2; return 1; }
}
step "release libburao.so size (x86_64)" release_size x86_64-unknown-linux-gnu strip
step "release libburao.so size (aarch64 Linux, the Android proxy)" release_size aarch64-unknown-linux-gnu aarch64-linux-gnu-strip

echo "[test-all] all green in $((SECONDS - started)) s"

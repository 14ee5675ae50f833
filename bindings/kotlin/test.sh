#!/usr/bin/env bash
# Generates the Kotlin bindings from a built libburao, compiles them with the JUnit
# suite (src/test/kotlin) and runs it on the JVM through JNA.
#
#   bindings/kotlin/test.sh path/to/libburao.so     (env: BURAO_TEST_BUNDLE)
#
# Makes BURAO_TEST_PATCH (default bundle -> test bundle) with `burao diff`.
#
# Needs the toolchains of scripts/toolchains.sh; output ends "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
lib=$(realpath "${1:?usage: $0 path/to/libburao.so}")
[ -f "$lib" ] || { echo "[kotlin] ERROR: no library at $lib" >&2; exit 1; }
[ -f "${BURAO_TEST_BUNDLE:-}" ] || { echo "[kotlin] ERROR: BURAO_TEST_BUNDLE must name a bundle file" >&2; exit 1; }
# shellcheck source=../../scripts/kotlin-test.sh
. "$repo/scripts/kotlin-test.sh"

build="$here/build"
# A delta patch from the default bundle to the test bundle, for the applyUpdate test.
mkdir -p "$build"
export BURAO_TEST_PATCH="$build/default-to-test.patch"
(cd "$repo" && cargo run --quiet -p burao-cli -- diff core/data/default.bundle "$BURAO_TEST_BUNDLE" \
  --out "$BURAO_TEST_PATCH")
rm -rf "$build/generated"
# Inside the workspace: uniffi-bindgen reads bindings/uniffi.toml through cargo metadata.
(cd "$repo" && cargo run --quiet -p uniffi-bindgen -- generate --library "$lib" \
  --language kotlin --out-dir "$build/generated" --no-format)
[ -f "$build/generated/org/burao/burao.kt" ] || { echo "[kotlin] ERROR: uniffi-bindgen made no burao.kt" >&2; exit 1; }
# kotlinc takes most of a minute: recompile only when the generated bindings, the
# tests or the compiler changed (a Rust change that keeps the interface does not).
stamp=$( { echo "$KOTLINC"; find "$build/generated" "$here/src/test" -type f | LC_ALL=C sort | xargs cat; } | sha256sum)
if [ "$(cat "$build/classes/.sources" 2>/dev/null)" = "$stamp" ]; then
  echo "[kotlin] bindings and tests unchanged: reusing the compiled classes" >&2
else
  rm -rf "$build/classes"
  kotlin_compile "$build/classes" "$BURAO_TEST_CP" "$build/generated" "$here/src/test/kotlin"
  echo "$stamp" >"$build/classes/.sources"
fi
BURAO_REPO="$repo" JNA_LIBRARY_PATH=$(dirname "$lib") \
  kotlin_run_junit "$build/classes" org.burao.ScreenerTest org.burao.CasesTest

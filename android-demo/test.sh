#!/usr/bin/env bash
# What can be checked of the Android demo without an Android SDK:
#  1. generates the Kotlin bindings from a built libburao (uniffi-bindgen, library mode);
#  2. compiles the decision logic (app/src/main/kotlin/org/burao/demo/logic, with the shared JSON
#     reader bindings/kotlin/minijson) and its JVM tests (with the shared test support
#     bindings/kotlin/testsupport) WITHOUT android.jar on the classpath: the logic provably
#     needs no Android;
#  3. compiles every other Kotlin source of the app against the real Android API classes
#     ($ANDROID_JAR, org.robolectric:android-all) + the bindings + the logic: a compile check;
#  4. compiles the Robolectric tests (app/src/robolectric/kotlin) against the same classes +
#     Robolectric, and runs them with the logic tests in ONE JUnit run: the logic tests on the
#     plain JVM, the Robolectric ones inside Robolectric's sandbox (the real Android 15 / API 35
#     framework, offline, jars from scripts/toolchains.sh), both against the real native library
#     through JNA, with the shared fixture cases. Output ends "N passed, N failed".
#
#   android-demo/test.sh path/to/libburao.so | path/to/dir-holding-it
#   (build it with: cargo build -p burao --features testing)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
arg=${1:?usage: $0 path/to/libburao.so | dir}
if [ -d "$arg" ]; then lib="$arg/libburao.so"; else lib=$arg; fi
[ -f "$lib" ] || { echo "[android-demo] ERROR: no libburao.so at $arg" >&2; exit 1; }
lib=$(realpath "$lib")
# shellcheck source=../scripts/kotlin-test.sh
. "$repo/scripts/kotlin-test.sh"
[ -f "$ANDROID_JAR" ] || { echo "[android-demo] ERROR: no Android API jar at $ANDROID_JAR" >&2; exit 1; }
# Robolectric and its SDK jar are required, never optional: a missing one fails the run.
robolectric_env || { echo "[android-demo] ERROR: Robolectric is not installed (scripts/toolchains.sh robolectric)" >&2; exit 1; }

build="$here/build"
main="$here/app/src/main/kotlin"
logic="$main/org/burao/demo/logic"
log() { echo "[android-demo +${SECONDS}s] $*" >&2; }

# Shared with bindings/kotlin (one copy in the tree): the JSON reader the rule editor uses, and
# the test support (strict case checker, paths, test discovery) the tests use.
minijson="$repo/bindings/kotlin/minijson"
testsupport="$repo/bindings/kotlin/testsupport"
if grep -rEn '^import (android|androidx)\.' "$logic" "$minijson"; then
  echo "[android-demo] ERROR: the logic package must not import Android (lines above)" >&2; exit 1
fi

rm -rf "$build/generated"
# Inside the workspace: uniffi-bindgen reads bindings/uniffi.toml through cargo metadata.
(cd "$repo" && cargo run --quiet -p uniffi-bindgen -- generate --library "$lib" \
  --language kotlin --out-dir "$build/generated" --no-format)
log "bindings generated"

# The generated file is the slow part to compile and changes only with the library's API:
# cache its classes by content hash (a warm run then compiles only the app).
# With the package's own Kotlin (adapters, BuraoException.reason), as the :burao module compiles it.
pkg="$repo/bindings/kotlin/src/main/kotlin"
sum=$(find "$build/generated" "$pkg" -name '*.kt' -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
gen="$build/bindings-classes-$sum"
if [ ! -d "$gen" ]; then
  rm -rf "$build"/bindings-classes-*
  rm -rf "$gen.tmp"
  kotlin_compile "$gen.tmp" "$JNA_JAR" "$build/generated" "$pkg"
  mv "$gen.tmp" "$gen"
  log "bindings compiled"
fi

# Compiled classes are reused only when every input is byte-identical (sources, the bindings'
# classes, the Android jar, kotlinc): a warm run with nothing changed then only runs the tests.
# hash_of ID PATH...: ID and the content of every .kt file under the PATHs.
hash_of() {
  local id=$1; shift
  { printf '%s\n' "$id" "$@"; find "$@" -type f -name '*.kt' -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-16
}
kotlinc_id="$KOTLINC $(basename "$ANDROID_JAR") $sum"

# 2. Logic + tests, no Android on the classpath.
logic_sum=$(hash_of "$kotlinc_id" "$logic" "$minijson" "$here/app/src/test/kotlin" "$testsupport")
if [ "$(cat "$build/logic/.inputs" 2>/dev/null)" != "$logic_sum" ]; then
  rm -rf "$build/logic" "$build/logic.tmp"
  kotlin_compile "$build/logic.tmp" "$gen:$BURAO_TEST_CP" "$logic" "$minijson" "$here/app/src/test/kotlin" "$testsupport"
  echo "$logic_sum" >"$build/logic.tmp/.inputs"; mv "$build/logic.tmp" "$build/logic"
  log "logic and tests compiled (no android.jar)"
else
  log "logic and tests unchanged (compiled classes reused)"
fi

# 3. Everything else of the app, against the Android API.
glue=$(find "$main" -name '*.kt' -not -path "$logic/*" | sort)
[ -n "$glue" ] || { echo "[android-demo] ERROR: no Android sources found under $main" >&2; exit 1; }
# shellcheck disable=SC2086
app_sum=$(hash_of "$logic_sum" $glue)
if [ "$(cat "$build/app/.inputs" 2>/dev/null)" != "$app_sum" ]; then
  rm -rf "$build/app" "$build/app.tmp"
  # shellcheck disable=SC2086
  kotlin_compile "$build/app.tmp" "$ANDROID_JAR:$gen:$build/logic:$JNA_JAR" $glue
  echo "$app_sum" >"$build/app.tmp/.inputs"; mv "$build/app.tmp" "$build/app"
  log "Android sources compiled against $(basename "$ANDROID_JAR")"
else
  log "Android sources unchanged (compile check passed on these exact inputs before)"
fi

# 3b. The manifest cannot be processed without the SDK (aapt2); check what it names instead:
# every component class exists among the compiled classes, every @android: resource exists.
manifest="$here/app/src/main/AndroidManifest.xml"
for c in $(grep -oE 'android:name="\.[A-Za-z]+"' "$manifest" | sed 's/.*"\.\(.*\)"/\1/'); do
  [ -f "$build/app/org/burao/demo/$c.class" ] || { echo "[android-demo] ERROR: manifest names .$c, which is not compiled" >&2; exit 1; }
done
for r in $(grep -oE '@android:[a-z]+/[A-Za-z0-9_.]+' "$manifest" | sort -u); do
  kind=${r#@android:}; kind=${kind%%/*}; name=${r#*/}; name=${name//./_}
  fields=$(javap -cp "$ANDROID_JAR" "android.R\$$kind") || { echo "[android-demo] ERROR: no android.R.$kind" >&2; exit 1; }
  grep -q " $name;" <<<"$fields" \
    || { echo "[android-demo] ERROR: manifest refers to $r, which API $(basename "$ANDROID_JAR") lacks" >&2; exit 1; }
done
log "manifest: components compiled, framework resources exist"

# 4. The Robolectric tests, compiled against the app's classes, the bindings and Robolectric.
robo_src="$here/app/src/robolectric/kotlin"
[ -d "$robo_src" ] || { echo "[android-demo] ERROR: no Robolectric tests under $robo_src" >&2; exit 1; }
robo_sum=$(hash_of "$app_sum $ROBOLECTRIC_CP" "$robo_src")
if [ "$(cat "$build/robo/.inputs" 2>/dev/null)" != "$robo_sum" ]; then
  rm -rf "$build/robo" "$build/robo.tmp"
  kotlin_compile "$build/robo.tmp" "$ANDROID_JAR:$gen:$build/logic:$build/app:$ROBOLECTRIC_CP:$BURAO_TEST_CP" "$robo_src"
  echo "$robo_sum" >"$build/robo.tmp/.inputs"; mv "$build/robo.tmp" "$build/robo"
  log "Robolectric tests compiled"
else
  log "Robolectric tests unchanged (compiled classes reused)"
fi

# 5. Every test class found, logic and Robolectric, in one JUnit run (one closing count).
# The SDK jar is on the outer class path too (as android.jar is under Gradle): JUnit reads
# @Config, whose defaults name android.app.Application, before Robolectric's sandbox exists.
# Inside the sandbox every android.* class comes from that jar, instrumented. (That the logic
# needs no Android is proven by step 2, which compiles it without any Android jar.)
# The test classes are found among the compiled classes (org.burao.testsupport.TestClasses: every
# class with an @Test method), none listed by hand; none found fails the run.
test_cp="$gen:$build/logic:$build/app:$build/robo:$ROBOLECTRIC_CP:$ROBOLECTRIC_SDK_JAR:$BURAO_TEST_CP"
logic_tests=$(java -cp "$test_cp" org.burao.testsupport.TestClasses "$build/logic") \
  || { echo "[android-demo] ERROR: no logic test classes found" >&2; exit 1; }
robo_tests=$(java -cp "$test_cp" org.burao.testsupport.TestClasses "$build/robo") \
  || { echo "[android-demo] ERROR: no Robolectric test classes found" >&2; exit 1; }
runner=$(_kt_runner_dir)
# The default bundle names the virtual-operator ranges without silencing them (issue 15); the
# tests of range behaviour (silence, the repeat-call exception) load the documented opt-in,
# the same lists with strict-virtual-operators.csv, built here with the debug CLI.
strict_bundle="$build/strict-ranges.bundle"
(cd "$repo" && cargo build --quiet -p burao-cli) || { echo "[android-demo] ERROR: cannot build the burao CLI" >&2; exit 1; }
"$repo/target/debug/burao" build \
  --blocklist "$repo/fixtures/lists/default-blocklist.csv" "$repo/fixtures/lists/strict-virtual-operators.csv" \
  "$repo/fixtures/lists/default-identify.csv" --allowlist "$repo/fixtures/lists/default-allowlist.csv" \
  --institutions "$repo/fixtures/lists/institutions.csv" --region CN --name burao-strict --bundle-version test \
  --sequence 1 --created-unix 0 --model "$repo/core/data/sms.model" --out "$strict_bundle" >/dev/null \
  || { echo "[android-demo] ERROR: cannot build the strict-ranges bundle" >&2; exit 1; }
robo_work="$build/robolectric-tmp"
rm -rf "$robo_work"; mkdir -p "$robo_work"
log "running $(wc -w <<<"$logic_tests") logic + $(wc -w <<<"$robo_tests") Robolectric test classes (SDK $ROBOLECTRIC_SDK, offline)"
# shellcheck disable=SC2086
BURAO_REPO="$repo" java -Xmx1g \
  -Djna.library.path="$(dirname "$lib")" -Dburao.strictBundle="$strict_bundle" \
  -Drobolectric.offline=true -Drobolectric.dependency.dir="$ROBOLECTRIC_DEPS_DIR" \
  -Drobolectric.enabledSdks="$ROBOLECTRIC_SDK" -Drobolectric.conscryptMode=OFF -Djava.io.tmpdir="$robo_work" \
  -cp "$test_cp:$runner" \
  BuraoJUnitRunner $logic_tests $robo_tests

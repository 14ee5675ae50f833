#!/usr/bin/env bash
# Generates the Kotlin bindings from a built libburao, compiles them with the
# package's own Kotlin (src/main/kotlin: adapters, extensions) and the JUnit suite
# (src/test/kotlin) with the shared test support (testsupport/, minijson/), compiles the Java caller (src/test/java) with javac against
# those classes (proof that Java sees plain, unmangled names), and runs it all on
# the JVM through JNA. The README's Kotlin snippets are compiled too.
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
# Every integer in the API is signed: UniFFI emits FfiConverterULong/UInt/UShort/UByte
# only for a type some exported item uses, and Java cannot call such items by name.
if grep -nE 'object FfiConverterU(Long|Int|Short|Byte)\b' "$build/generated/org/burao/burao.kt"; then
  echo "[kotlin] ERROR: an unsigned integer in the exported API (above): use i64/i32 in bindings/src" >&2; exit 1
fi
# The KDoc reads as Kotlin: no Rust paths ([`Screener::screen_call`]) and no snake_case
# method or argument names (JSON field names of the rule schema are fine).
if grep -nE '^ *\*.*(::|\[`|`[a-z]+_[a-z_]+`)' "$build/generated/org/burao/burao.kt" \
    | grep -vE '`(number_regex|body_regex|real_estate|other_promo)`'; then
  echo "[kotlin] ERROR: Rust names in the generated KDoc (lines above): fix the doc comments in bindings/src" >&2; exit 1
fi
# kotlinc takes most of a minute: recompile only when the generated bindings, the
# tests or the compiler changed (a Rust change that keeps the interface does not).
# The README's "integrate in 10 minutes" Kotlin block, as a file that must compile.
# Its Android half compiles against android-all (on the compile classpath only).
SNIPPET_PREAMBLE="package org.burao.readme" "$repo/scripts/readme-snippets.sh" kotlin "$here/../README.md" "$build/readme" kt
# The shared test support (testsupport/: the strict case checker, paths, test discovery) and
# the one JSON reader (minijson/) are compiled into this suite and the Android demo's.
support=("$here/testsupport" "$here/minijson")
stamp=$( { echo "$KOTLINC $ANDROID_JAR"; find "$build/generated" "$build/readme" "$here/src/main" "$here/src/test" "${support[@]}" -type f | LC_ALL=C sort | xargs cat; } | sha256sum)
if [ "$(cat "$build/classes/.sources" 2>/dev/null)" = "$stamp" ]; then
  echo "[kotlin] bindings and tests unchanged: reusing the compiled classes" >&2
else
  rm -rf "$build/classes"
  kotlin_compile "$build/classes" "$BURAO_TEST_CP:$ANDROID_JAR" "$build/generated" "$here/src/main/kotlin" \
    "$build/readme" "$here/src/test/kotlin" "${support[@]}"
  # Java sees the Kotlin API as a Java app would: a ULong or UInt anywhere in it would
  # mangle the names called here (`reportFeedback-lY-8dp8`) and fail this compile.
  javac -d "$build/classes" -cp "$build/classes:$BURAO_TEST_CP" \
    $(find "$here/src/test/java" -name '*.java' | LC_ALL=C sort) || { echo "[kotlin] ERROR: javac failed" >&2; exit 1; }
  echo "$stamp" >"$build/classes/.sources"
fi
# Every class with an @Test method among the compiled classes (Kotlin and Java), none listed by hand.
tests=$(java -cp "$build/classes:$BURAO_TEST_CP:$ANDROID_JAR" org.burao.testsupport.TestClasses "$build/classes") \
  || { echo "[kotlin] ERROR: cannot list the test classes" >&2; exit 1; }
echo "[kotlin] test classes: $(echo $tests)" >&2
# shellcheck disable=SC2086
BURAO_REPO="$repo" JNA_LIBRARY_PATH=$(dirname "$lib") kotlin_run_junit "$build/classes" $tests

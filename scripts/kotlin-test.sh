#!/usr/bin/env bash
# Kotlin compile + JUnit 4 run helpers on the toolchains from scripts/toolchains.sh.
#
#   source scripts/kotlin-test.sh            # also sources toolchains.sh + toolchains_env
#   kotlin_compile OUT_DIR CLASSPATH SOURCES...       # SOURCES: .kt files or dirs
#   JNA_LIBRARY_PATH=target/release kotlin_run_junit CLASSPATH TEST_CLASS...
# or as a script:
#   scripts/kotlin-test.sh compile OUT_DIR CLASSPATH SOURCES...
#   scripts/kotlin-test.sh junit CLASSPATH TEST_CLASS...
#
# kotlin_run_junit adds JNA, JUnit, Hamcrest and kotlin-stdlib to CLASSPATH, prints
# PASS/FAIL per test and ends with the plain line "N passed, N failed" (CI reads it;
# JUnitCore's "OK (N tests)" it does not). Non-zero exit on any failure or no test.

_KT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=toolchains.sh
. "$_KT_HERE/toolchains.sh"
toolchains_env || { echo "[kotlin-test] ERROR: toolchains missing: run scripts/toolchains.sh all" >&2; return 1 2>/dev/null || exit 1; }

kotlin_compile() ( set -euo pipefail
  [ $# -ge 3 ] || tc_die "usage: kotlin_compile OUT_DIR CLASSPATH SOURCES..."
  local out=$1 cp=$2; shift 2
  mkdir -p "$out"
  # 512 MB default heap is too small for large generated UniFFI files (pitfall 10).
  JAVA_OPTS=${JAVA_OPTS:--Xmx1g} "$KOTLINC" -d "$out" ${cp:+-cp "$cp"} -jvm-target 17 "$@" \
    || tc_die "kotlinc failed"
)

# The runner class is compiled once per source version into $BURAO_TOOLS.
_kt_runner_dir() ( set -euo pipefail
  local src="$_KT_HERE/junit-runner/BuraoJUnitRunner.java" sum dir
  sum=$(sha256sum "$src" | cut -c1-12)
  dir="$BURAO_TOOLS/junit-runner-$sum"
  if [ ! -f "$dir/BuraoJUnitRunner.class" ]; then
    rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
    javac -d "$dir.tmp" -cp "$JUNIT_JAR" "$src" >&2 || tc_die "cannot compile the JUnit runner"
    rm -rf "$dir"; mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
)

kotlin_run_junit() ( set -euo pipefail
  [ $# -ge 2 ] || tc_die "usage: kotlin_run_junit CLASSPATH TEST_CLASS..."
  local cp=$1 runner; shift
  runner=$(_kt_runner_dir)
  java ${JNA_LIBRARY_PATH:+"-Djna.library.path=$JNA_LIBRARY_PATH"} \
    -cp "${cp:+$cp:}$BURAO_TEST_CP:$runner" BuraoJUnitRunner "$@"
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cmd=${1:-}; shift || true
  case "$cmd" in
    compile) kotlin_compile "$@" ;;
    junit) kotlin_run_junit "$@" ;;
    *) tc_die "usage: $0 compile OUT_DIR CLASSPATH SOURCES... | junit CLASSPATH TEST_CLASS..." ;;
  esac
fi

#!/usr/bin/env bash
# Writes the README code blocks that the test suites compile, one file per block:
# every fenced block of LANGUAGE (```kotlin, ```swift) whose previous line is
# `<!-- compiled -->` becomes OUT_DIR/ReadmeSnippetN.EXT (files already there
# are replaced only when they changed, so incremental builds stay warm).
# A README with no such block fails, so a renamed marker cannot skip the check.
#
#   scripts/readme-snippets.sh kotlin bindings/README.md build/readme kt
#
# SNIPPET_PREAMBLE (optional) is written at the top of every file, e.g. a Kotlin
# `package` line so the tests can call what a block declares.
set -euo pipefail
usage="usage: $0 LANGUAGE README OUT_DIR EXT"
lang=${1:?$usage} file=${2:?$usage} out=${3:?$usage} ext=${4:?$usage}
[ -f "$file" ] || { echo "[readme-snippets] ERROR: no $file" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v lang="$lang" -v file="$file" -v dir="$tmp" -v ext="$ext" -v preamble="${SNIPPET_PREAMBLE:-}" '
  inblock && /^```[[:space:]]*$/ { inblock = 0; close(f); next }
  inblock { print > f; next }
  $0 ~ "^```" lang "[[:space:]]*$" && prev == "<!-- compiled -->" {
    inblock = 1; n++; f = dir "/ReadmeSnippet" n "." ext
    printf "// %s, block %d (line %d): compiled by the test suite\n", file, n, NR > f
    if (preamble != "") print preamble > f
    next }
  { prev = $0 }
  END {
    if (inblock) { print "[readme-snippets] ERROR: unterminated block in " file > "/dev/stderr"; exit 1 }
    if (n == 0) { print "[readme-snippets] ERROR: no compiled " lang " block in " file > "/dev/stderr"; exit 1 }
  }' "$file"
mkdir -p "$out"
for f in "$out"/ReadmeSnippet*."$ext"; do [ -e "$f" ] && [ ! -e "$tmp/$(basename "$f")" ] && rm -f "$f"; done
for f in "$tmp"/*; do cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"; done

#!/usr/bin/env bash
# About 60 s per fuzz target, one after another. Not part of the default test
# command; for the long runs see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# The harness's own checks (privacy helpers) first: a broken check would let
# every target pass.
(cd fuzz && cargo +nightly test --lib)
for t in number csv bundle_decode bundle_sections sms rules patch_decode; do
  echo "== $t"
  scripts/fuzz-run.sh "$t" "${FUZZ_SECONDS:-60}s" "$(mktemp -d)"
done

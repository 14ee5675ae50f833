#!/usr/bin/env bash
# Rebuilds core/data/default.bundle, the bundle embedded in the library, from fixtures/.
# Reproducible: a fixed creation time and sequence, so the same sources give the same bytes.
# The SMS model core/data/sms.model comes from scripts/train-sms-model.sh.
#
#   scripts/build-default-bundle.sh                      the embedded default bundle
#   scripts/build-default-bundle.sh --strict-ranges OUT  the same, but the virtual-operator
#                                                        ranges silence calls (opt-in), to OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out=core/data/default.bundle
ranges=fixtures/lists/default-virtual-operators.csv
if [ "${1:-}" = "--strict-ranges" ]; then
  [ -n "${2:-}" ] || { echo "usage: $0 --strict-ranges OUT" >&2; exit 2; }
  ranges=fixtures/lists/strict-virtual-operators.csv
  out=$2
fi
cargo run --quiet --release -p burao-cli -- build \
  --blocklist fixtures/lists/default-blocklist.csv "$ranges" fixtures/lists/default-identify.csv \
  --allowlist fixtures/lists/default-allowlist.csv \
  --institutions fixtures/lists/institutions.csv \
  --region CN --name burao-default --bundle-version 2026.11.28 --sequence 1 \
  --created-unix 1795824000 \
  --model core/data/sms.model \
  --out "$out.new"
# The library embeds the file, so build with the new one only once it is complete.
mv "$out.new" "$out"

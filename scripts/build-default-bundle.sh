#!/usr/bin/env bash
# Rebuilds core/data/default.bundle, the bundle embedded in the library, from fixtures/.
# Reproducible: a fixed creation time and sequence, so the same sources give the same bytes.
# The SMS model core/data/sms.model comes from scripts/train-sms-model.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=core/data/default.bundle
cargo run --quiet --release -p burao-cli -- build \
  --blocklist fixtures/lists/default-blocklist.csv fixtures/lists/default-identify.csv \
  --allowlist fixtures/lists/default-allowlist.csv \
  --region CN --name burao-default --bundle-version 2026.11.28 --sequence 1 \
  --created-unix 1795824000 \
  --model core/data/sms.model \
  --out "$out.new"
# The library embeds the file, so build with the new one only once it is complete.
mv "$out.new" "$out"

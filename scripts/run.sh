#!/usr/bin/env bash
# The main job: screen sample calls and messages with the embedded default bundle.
# Prints one JSON verdict per input (fixtures/demo/*.jsonl, written by us).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p burao-cli
burao=target/release/burao
echo "== calls (fixtures/demo/calls.jsonl)"
"$burao" screen call --jsonl < fixtures/demo/calls.jsonl
if [ -f fixtures/demo/sms.jsonl ]; then
  echo "== messages (fixtures/demo/sms.jsonl)"
  "$burao" screen sms --jsonl < fixtures/demo/sms.jsonl
fi

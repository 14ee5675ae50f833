#!/usr/bin/env bash
# Retrains core/data/sms.model, the SMS classifier embedded in the default bundle.
# Deterministic: the same corpora, fixtures, labels and seed give the same bytes.
# Needs the shared corpora (TRAIN splits only; dev is for `burao eval`):
#   CORPORA=/path/to/corpora scripts/train-sms-model.sh   (default: ../shared/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${CORPORA:-../shared/corpora}
for f in zh_sms_tianshanfz zh_sms_xhacker en_uci_sms; do
  [ -f "$corpora/$f/train.tsv" ] || { echo "missing $corpora/$f/train.tsv" >&2; exit 1; }
done
cargo run --quiet --release -p burao-cli -- train \
  --corpus "$corpora/zh_sms_tianshanfz/train.tsv" "$corpora/zh_sms_xhacker/train.tsv" \
           "$corpora/en_uci_sms/train.tsv" fixtures/sms/train.tsv \
  --labels fixtures/labels/zh_sms_tianshanfz.tsv fixtures/labels/zh_sms_xhacker.tsv \
  --seed 1 --out core/data/sms.model

#!/usr/bin/env bash
# Retrains core/data/sms.model, the SMS classifier embedded in the default bundle.
# Deterministic: the same corpora, fixtures, labels, institution table and seed give the
# same bytes. Needs the shared corpora (TRAIN splits only; dev is for `burao eval`):
#   CORPORA=/path/to/corpora scripts/train-sms-model.sh   (default: ../shared/corpora)
# For experiments: OUT=file (instead of core/data/sms.model), SEED=n (default 1; compare
# changes over seeds 1-3), EXTRA='--flag value' (more `burao train` options).
# Our own fixtures: fixtures/sms/train.tsv and fixtures/sms/modern/*/train.tsv (never the
# holdout.tsv files). zh_fbs_spam's categories.tsv is read beside its train.tsv and its
# placeholders are expanded by the corpus reader. Legitimate rows of the Chinese corpora
# and fixtures are also trained on without punctuation, because zh_fbs_spam (all spam)
# had its punctuation stripped: the model must not learn "no punctuation means spam".
# 2^16 spam and 2^12 category buckets (94 KB): the library embeds the model and must stay
# under 2,000,000 bytes stripped; 2^17/2^13 measured no better on the dev and holdout sets.
# --runs 8 (averaging 8 shuffles instead of 4; same size): with the `*-ads` fixtures it kept
# legitimate-junked lower on zh_sms_tianshanfz (mean 7.0 vs 9.0 over seeds 1-3) at the same
# category gains; it doubles training time (~10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${CORPORA:-../shared/corpora}
for f in zh_sms_tianshanfz zh_sms_xhacker en_uci_sms zh_fbs_spam; do
  [ -f "$corpora/$f/train.tsv" ] || { echo "missing $corpora/$f/train.tsv" >&2; exit 1; }
done
modern=(fixtures/sms/modern/*/train.tsv)
cargo run --quiet --release -p burao-cli -- train \
  --corpus "$corpora/zh_sms_tianshanfz/train.tsv" "$corpora/zh_sms_xhacker/train.tsv" \
           "$corpora/en_uci_sms/train.tsv" "$corpora/zh_fbs_spam/train.tsv" \
           fixtures/sms/train.tsv "${modern[@]}" \
  --labels fixtures/labels/zh_sms_tianshanfz.tsv fixtures/labels/zh_sms_xhacker.tsv \
  --institutions fixtures/lists/institutions.csv \
  --strip-punctuation-ham-of zh_sms_tianshanfz zh_sms_xhacker fixtures/sms/train.tsv fixtures/sms/modern/zh- \
  --category-learning-rate 0.2 --spam-bits 16 --category-bits 12 --runs 8 --length-norm 120 --word-pieces 5 \
  --drop-sender-of fixtures/sms/modern/ \
  --seed ${SEED:-1} ${EXTRA:-} --out "${OUT:-core/data/sms.model}"

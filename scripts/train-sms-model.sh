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
# --length-norm 120 (model format 3): a message of more than 120 features counts each one
# sqrt(120/n), so long messages do not add up weak n-grams into a certain verdict. Seeds 1-3
# against none: hand-labelled tianshanfz DEV rows F1 .884 -> .900, tianshanfz DEV .887 -> .892
# at the same legitimate junked, fixtures holdout .942 -> .953. 80 flagged more; scaling short
# messages up as well junked short chats.
# --word-pieces 5: messages without CJK also get the character 5-grams of their Latin words
# (`^verif`, `ation$`), so spellings, typos and inflections share features; Chinese messages
# keep theirs. Seeds 1-5 against none: modern English holdout F1 .937 -> .959, macro-F1
# .885 -> .923, probe2 .864 -> .880; en_uci DEV .897 -> .885; tianshanfz DEV legitimate junked
# 8.0 -> 9.6 (one configuration gives 7-12 over seeds). Prefixes and suffixes alone: half.
# --drop-sender-of fixtures/sms/modern/: every second modern fixture row (almost all have a
# sender) is also trained on without it, so apps and data sets without senders are not
# screened by a model that leans on the sender. Seeds 1-3: modern en / zh-Hant holdouts with
# every sender removed F1 .904 -> .938 / .895 -> .943 (macro-F1 .840 -> .919 / .875 -> .923),
# with senders .959 -> .965 / .940 -> .954; legitimate junked tianshanfz 9.7 -> 10.7, xhacker
# 3.3 -> 2.3; F1 unchanged.
# --runs 16 (was 8; same size, training ~20 s): averaging more shuffles narrows the spread
# of borderline verdicts. Seeds 1-3 with everything above: tianshanfz DEV legitimate junked
# 11 / 9 / 12 -> 9 / 8 / 9, xhacker unchanged; spam F1 about a point lower on the
# hand-labelled rows (.902 -> .891) and 0.6-0.8 on the modern en / zh-Hant holdouts.
# fixtures/sms/modern/shared-links/ (friends sharing Maps, video, news and shop links, and the
# lures imitating them): the model before it flagged 23 of its 30 chats. Seeds 1-2 without it /
# seeds 1-3 with it: its holdout's chats flagged 4 of 6 -> 1 of 6, probe3 spam F1 .960-.963 ->
# .966; costs modern en holdout macro-F1 .930-.939 -> .913-.924 and tianshanfz DEV legitimate
# junked 10-13 -> 11-13 (rows near p = 0.9 moving across the junk threshold).
# Session 11 train-only rows (fixtures/sms/modern/README.md: bank fraud checks and utility bills
# with STOP lines, Indian notices, electricity and task-job lures, campaign texts, 當舖, 普渡):
# seed 1 against the same code without the 8 US bill rows: 7 other US bills and payment notices
# written for the check, flagged 2 -> 1 (spam p .85/.44/.42/.72/.38/.24/.11 -> .46/.43/.15/.65/
# .08/.16/.05); seeds 1-2 against session 10's rows: hand-labelled tianshanfz macro-F1 .741-.757;
# tianshanfz DEV legitimate flagged 81 -> 84-85 and probe3 F1 .969 -> .960 (rows near the
# thresholds; the spread between seeds is as large).
# The 25 US notices with STOP lines (en transaction 591-615), seeds 1-2 against seeds 1-2
# without: modern en holdout macro-F1 .918-.920 -> .934-.943, en_uci DEV F1 .873 -> .883-.893,
# probe4 legitimate junked 1 -> 0, probe2 F1 .885 -> .897; hand-labelled tianshanfz F1
# .907-.911 -> .898-.903 (2-3 rows of 134), zh-hans holdout legitimate junked 0 -> 1 (a
# sender's "我换号了…我是小林" at p .91). A Wells Fargo fraud check with a STOP line is still
# flagged (p .90 -> .85).
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
  --category-learning-rate 0.2 --spam-bits 16 --category-bits 12 --runs 16 --length-norm 120 --word-pieces 5 \
  --drop-sender-of fixtures/sms/modern/ \
  --seed ${SEED:-1} ${EXTRA:-} --out "${OUT:-core/data/sms.model}"

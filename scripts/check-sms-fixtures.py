#!/usr/bin/env python3
"""Validate the hand-written modern SMS fixtures.

Checks every folder under fixtures/sms/modern/ (en, zh-hant, zh-hans, ...):
- each folder has train.tsv and holdout.tsv;
- every line has exactly 5 TAB-separated columns: id, label, category, sender, text;
- label is spam|ham, category is one of the seven, and agrees with the label
  (spam: loan, insurance, real_estate, other_promo, fraud; ham: transaction, personal);
- id and text are non-empty, no CR inside a field, no leading/trailing spaces in the text;
- ids are unique across ALL files (modern folders and fixtures/sms/{train,holdout}.tsv);
- no exact duplicate text across all those files (so no train/holdout overlap either);
- per folder and class, the holdout share is between 15% and 25% (the rule is every
  fifth message) for classes with at least 10 messages, except in the probe folders of
  SHARE_EXEMPT (a holdout written on its own; they need no train.tsv).
It also warns (without failing) about holdout messages that are near-copies of a training
message of the same folder (character-trigram Jaccard >= 0.85, digits folded), since those
would make the holdout measure memory instead of generalisation.
Prints a count table. Exit status 1 on any error.

Usage: scripts/check-sms-fixtures.py [REPO_ROOT]
"""

import os
import re
import sys
from collections import Counter, defaultdict

SPAM = {"loan", "insurance", "real_estate", "other_promo", "fraud"}
HAM = {"transaction", "personal"}
ORDER = ["fraud", "loan", "insurance", "real_estate", "other_promo", "transaction", "personal"]
SPLITS = ("train.tsv", "holdout.tsv")
MIN_SHARE, MAX_SHARE = 0.15, 0.25
# Probe folders: a holdout written on its own, never trained on, not an every-fifth split; the
# share rule does not apply and train.tsv may be absent (see fixtures/sms/modern/README.md).
SHARE_EXEMPT = {"probe2", "probe3", "probe4", "probe-links"}
NEAR_COPY = 0.85


def trigrams(text):
    t = re.sub(r"\d", "0", text.lower())
    return {t[i : i + 3] for i in range(max(1, len(t) - 2))}


def near_copies(train_rows, holdout_rows):
    """(holdout place, train place, similarity) for holdout rows too close to a train row."""
    train = [(w, trigrams(b)) for w, _m, _l, _c, b in train_rows]
    found = []
    for where, _m, _l, _c, body in holdout_rows:
        g = trigrams(body)
        for twhere, tg in train:
            if abs(len(g) - len(tg)) > (1 - NEAR_COPY) * max(len(g), len(tg)):
                continue  # Jaccard cannot reach the threshold
            sim = len(g & tg) / len(g | tg)
            if sim >= NEAR_COPY:
                found.append((where, twhere, sim))
                break
    return found


def read_rows(path, errors):
    rows = []
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{path}: not UTF-8 ({e.reason} at byte {e.start})")
        return rows
    if text and not text.endswith("\n"):
        errors.append(f"{path}: last line has no newline")
    for n, line in enumerate(text.split("\n"), 1):
        if line == "":
            continue
        where = f"{path}:{n}"
        cols = line.split("\t")
        if len(cols) != 5:
            errors.append(f"{where}: {len(cols)} columns, expected 5")
            continue
        mid, label, cat, sender, body = cols
        if any("\r" in c for c in cols):
            errors.append(f"{where}: carriage return inside a field")
        if not mid:
            errors.append(f"{where}: empty id")
        if label not in ("spam", "ham"):
            errors.append(f"{where}: label {label!r} is not spam|ham")
        if cat not in SPAM | HAM:
            errors.append(f"{where}: unknown category {cat!r}")
        elif (label == "spam") != (cat in SPAM):
            errors.append(f"{where}: category {cat} does not go with label {label}")
        if not body.strip():
            errors.append(f"{where}: empty text")
        elif body != body.strip():
            errors.append(f"{where}: text has leading or trailing whitespace")
        if sender != sender.strip():
            errors.append(f"{where}: sender has leading or trailing whitespace")
        rows.append((where, mid, label, cat, body))
    return rows


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    modern = os.path.join(root, "fixtures", "sms", "modern")
    errors = []
    if not os.path.isdir(modern):
        print(f"error: {modern} does not exist", file=sys.stderr)
        return 1
    folders = sorted(d for d in os.listdir(modern) if os.path.isdir(os.path.join(modern, d)))
    if not folders:
        errors.append(f"{modern}: no fixture folders")

    ids = {}
    texts = {}
    table = {}

    def register(rows):
        for where, mid, _label, _cat, body in rows:
            if mid in ids:
                errors.append(f"{where}: id {mid} already used at {ids[mid]}")
            else:
                ids[mid] = where
            if body in texts:
                errors.append(f"{where}: same text as {texts[body]}")
            else:
                texts[body] = where

    warnings = []
    for folder in folders:
        counts = {s: Counter() for s in SPLITS}
        by_split = {}
        for split in SPLITS:
            path = os.path.join(modern, folder, split)
            if not os.path.isfile(path):
                if not (folder in SHARE_EXEMPT and split == "train.tsv"):
                    errors.append(f"{path}: missing")
                continue
            rows = read_rows(path, errors)
            register(rows)
            by_split[split] = rows
            for _w, _m, _l, cat, _b in rows:
                counts[split][cat] += 1
        table[folder] = counts
        if len(by_split) == 2:
            for where, twhere, sim in near_copies(by_split["train.tsv"], by_split["holdout.tsv"]):
                warnings.append(f"{where}: near-copy ({sim:.2f}) of {twhere}")
        for cat in ORDER:
            tr, ho = counts["train.tsv"][cat], counts["holdout.tsv"][cat]
            total = tr + ho
            if total >= 10 and folder not in SHARE_EXEMPT:
                share = ho / total
                if not MIN_SHARE <= share <= MAX_SHARE:
                    errors.append(
                        f"{folder}: {cat} holdout share {share:.2f} ({ho}/{total}) outside {MIN_SHARE}-{MAX_SHARE}"
                    )
        if sum(counts["holdout.tsv"].values()) == 0 and sum(counts["train.tsv"].values()) > 0:
            errors.append(f"{folder}: holdout.tsv is empty")

    # The older hand-written fixtures share the id and text space.
    for split in SPLITS:
        path = os.path.join(root, "fixtures", "sms", split)
        if os.path.isfile(path):
            register(read_rows(path, errors))

    print(f"{'folder':<10} {'category':<12} {'train':>6} {'holdout':>8} {'total':>6}")
    for folder, counts in table.items():
        per_label = defaultdict(int)
        for cat in ORDER:
            tr, ho = counts["train.tsv"][cat], counts["holdout.tsv"][cat]
            if tr + ho:
                print(f"{folder:<10} {cat:<12} {tr:>6} {ho:>8} {tr + ho:>6}")
                per_label["spam" if cat in SPAM else "ham"] += tr + ho
        print(f"{folder:<10} {'= spam':<12} {'':>6} {'':>8} {per_label['spam']:>6}")
        print(f"{folder:<10} {'= ham':<12} {'':>6} {'':>8} {per_label['ham']:>6}")

    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} holdout near-copies of training messages", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

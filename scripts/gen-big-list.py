#!/usr/bin/env python3
"""Writes a seeded synthetic CN-shaped blocklist CSV of N patterns, for the
scale measurements of `burao build`, loading and `burao export callkit`.

    scripts/gen-big-list.py 10000000 > /tmp/list-10m.csv

Shape (as in issue 17): 5% 7-digit mobile segment prefixes (`+861381234*`),
10% 400 numbers, up to 1,000 95xxx service numbers, the rest exact mobiles;
90% block, 6% silence, 3% identify, 1% allow. Patterns are distinct by
construction (multiplicative bijections), so no set of seen numbers is kept
and memory stays flat whatever N. The same N and seed give the same file.
"""

import random
import sys

CATEGORIES = ["loan", "insurance", "real_estate", "other_promo", "fraud", "harassment"]
LABELS = ["", "reported by many users", "marketing calls", "robocall"]
# Odd and not a multiple of 5: coprime with every power of ten used below.
MULT = 2654435761


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 17
    rng = random.Random(seed)
    out = sys.stdout
    out.write("pattern,category,action,label\n")
    segments = n // 20
    four_hundred = n // 10
    service = min(1000, n // 100)
    mobiles = n - segments - four_hundred - service
    seg_space = 7 * 10**5  # 13x..19x, then five more digits: 1[3-9]xxxxx
    mob_space = 7 * 10**9  # 1[3-9] then nine digits
    assert segments <= seg_space and mobiles <= mob_space and four_hundred <= 10**7
    buf = []

    def entry() -> str:
        r = rng.random()
        if r < 0.01:
            return ",,allow,courier"
        action = "block" if r < 0.91 else ("silence" if r < 0.97 else "identify")
        return f",{rng.choice(CATEGORIES)},{action},{rng.choice(LABELS)}"

    def flush() -> None:
        out.write("".join(buf))
        buf.clear()

    for i in range(segments):
        v = (i * MULT) % seg_space
        buf.append(f"+861{3 + v // 10**5}{v % 10**5:05d}*{entry()}\n")
        if len(buf) >= 65536:
            flush()
    for i in range(four_hundred):
        buf.append(f"+86400{(i * MULT) % 10**7:07d}{entry()}\n")
        if len(buf) >= 65536:
            flush()
    for i in range(service):
        buf.append(f"+8695{i:03d}{entry()}\n")
    for i in range(mobiles):
        v = (i * MULT) % mob_space
        buf.append(f"+861{3 + v // 10**9}{v % 10**9:09d}{entry()}\n")
        if len(buf) >= 65536:
            flush()
    flush()


if __name__ == "__main__":
    main()

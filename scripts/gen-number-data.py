#!/usr/bin/env python3
"""Regenerates core/data/regions.tsv and core/data/number_lengths.tsv from
libphonenumber's metadata (Apache-2.0), as shipped in the `phonenumbers`
package on PyPI.

    python3 -m venv /tmp/pn && /tmp/pn/bin/pip install phonenumbers==9.0.43
    /tmp/pn/bin/python scripts/gen-number-data.py

The output is deterministic for one `phonenumbers` version (the script refuses
any other, so a regeneration is a deliberate version bump).

regions.tsv: one line per region, `region cc intl trunk parse transform`:
  intl      international (IDD) prefix as a regex; empty = `00`
  trunk     national (trunk) prefix; empty = none (the leading zero, if any, is
            part of the number: IT, SM, VA …)
  parse     national_prefix_for_parsing when it differs from `trunk`; a regex
            matched at the start of the national digits
  transform national_prefix_transform_rule (`$1`-style), when there is one

number_lengths.tsv: `cc national-prefix types` lines. `types` lists, per number
type, the national lengths valid under the prefix: a type letter followed by
length characters (1-9, then a=10 … h=17). Types: F fixed line, M mobile,
T toll-free, P premium rate, S shared cost, V VoIP, N personal, G pager,
U UAN, W voicemail. A line holds the whole picture under its prefix; the
longest line wins. An empty `types` means no number starts so. Lines are
emitted only where the picture changes, down to MAX_DEPTH national digits;
below that depth a line is the union of what lies under it.
"""

import os
import re
import sys
from re import _parser as sre  # noqa: the stdlib parser of `re`

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

PINNED = "9.0.43"
MAX_DEPTH = 2
# Deeper where it buys most: China (the home market) and NANP (toll-free 8xx).
DEPTH = {"86": 3, "1": 3}
TYPES = [
    ("F", "fixed_line"),
    ("M", "mobile"),
    ("T", "toll_free"),
    ("P", "premium_rate"),
    ("S", "shared_cost"),
    ("V", "voip"),
    ("N", "personal_number"),
    ("G", "pager"),
    ("U", "uan"),
    ("W", "voicemail"),
]
# Hand-kept exceptions, stated here so a regeneration keeps them.
# China's 106 is shared by Beijing landlines (010 6xxx xxxx) and bulk-SMS ports
# of any length: a `+86106*` list entry means SMS ports, never guess its numbers.
UNKNOWN = {("86", "106")}

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


class Nfa:
    """Thompson NFA over the digits, from a libphonenumber pattern."""

    def __init__(self, pattern):
        self.eps = []  # state -> [states]
        self.edges = []  # state -> [(digit mask, state)]
        self.start = self.new()
        self.accept = self.build(sre.parse(pattern), self.start)
        self.close = [self.closure(s) for s in range(len(self.eps))]

    def new(self):
        self.eps.append([])
        self.edges.append([])
        return len(self.eps) - 1

    def chars(self, av_list):
        mask = 0
        negate = False
        for op, av in av_list:
            if op is sre.LITERAL:
                mask |= 1 << (av - 48)
            elif op is sre.RANGE:
                for c in range(av[0], av[1] + 1):
                    mask |= 1 << (c - 48)
            elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
                mask |= 0x3FF
            elif op is sre.NEGATE:
                negate = True
            else:
                raise ValueError(f"unsupported class item {op}")
        return (~mask & 0x3FF) if negate else mask & 0x3FF

    def build(self, seq, s):
        for op, av in seq:
            s = self.item(op, av, s)
        return s

    def item(self, op, av, s):
        if op is sre.LITERAL:
            e = self.new()
            self.edges[s].append((1 << (av - 48), e))
            return e
        if op is sre.IN:
            e = self.new()
            self.edges[s].append((self.chars(av), e))
            return e
        if op is sre.CATEGORY:
            return self.item(sre.IN, [(op, av)], s)
        if op is sre.SUBPATTERN:
            return self.build(av[-1], s)
        if op is sre.BRANCH:
            e = self.new()
            for alt in av[1]:
                self.eps[self.build(alt, s)].append(e)
            return e
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, body = av
            if hi == sre.MAXREPEAT:
                raise ValueError("unbounded repeat")
            for _ in range(lo):
                s = self.build(body, s)
            ends = [s]
            for _ in range(hi - lo):
                s = self.build(body, s)
                ends.append(s)
            e = self.new()
            for x in ends:
                self.eps[x].append(e)
            return e
        raise ValueError(f"unsupported pattern item {op}")

    def closure(self, s):
        seen = {s}
        todo = [s]
        while todo:
            for t in self.eps[todo.pop()]:
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        bits = 0
        for t in seen:
            bits |= 1 << t
        return bits

    def begin(self):
        return self.close[self.start]

    def step(self, states, digit_mask):
        out = 0
        s = states
        while s:
            low = s & -s
            i = low.bit_length() - 1
            s ^= low
            for mask, t in self.edges[i]:
                if mask & digit_mask:
                    out |= self.close[t]
        return out

    def lengths(self, states, depth, cap=17):
        """National lengths of the matches that continue `states` (at `depth`)."""
        found = set()
        k = depth
        while states and k <= cap:
            if states >> self.accept & 1:
                found.add(k)
            states = self.step(states, 0x3FF)
            k += 1
        return found


def length_chars(lengths):
    return "".join("123456789abcdefgh"[n - 1] for n in sorted(lengths))


def region_lines():
    """Regions by calling code, the code's main region first (it reads the
    national part of `+cc …` numbers, as libphonenumber does)."""
    lines = []
    for cc in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]:
            if region == "001":
                continue
            m = PhoneMetadata.metadata_for_region(region)
            intl = m.international_prefix or ""
            if intl == "00":
                intl = ""
            trunk = m.national_prefix or ""
            parse = m.national_prefix_for_parsing or ""
            if parse == trunk:
                parse = ""
            transform = re.sub(r"\\(\d)", r"${\1}", m.national_prefix_transform_rule or "")
            lines.append("\t".join([region, str(m.country_code), intl, trunk, parse, transform]).rstrip("\t"))
    return lines


def type_nfas(m):
    out = []
    for letter, name in TYPES:
        desc = getattr(m, name)
        if desc is None or not desc.national_number_pattern:
            continue
        if desc.possible_length == (-1,):
            continue
        out.append((letter, Nfa(desc.national_number_pattern)))
    return out


def picture(nfas, states, depth):
    parts = []
    for (letter, nfa), s in zip(nfas, states):
        ls = nfa.lengths(s, depth)
        if ls:
            parts.append(letter + ranges(length_chars(ls)))
    return "".join(parts)


def length_lines():
    """Per calling code: the pictures of every region sharing it, merged."""
    by_cc = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        by_cc.setdefault(PhoneMetadata.metadata_for_region(region).country_code, []).append(region)
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        by_cc.setdefault(cc, []).append(None)
    lines = []
    for cc in sorted(by_cc, key=str):
        metas = [
            PhoneMetadata.metadata_for_region(r) if r else PhoneMetadata.metadata_for_nongeo_region(cc)
            for r in by_cc[cc]
        ]
        # Several regions under one code (NANP, RU/KZ, GB/GG/IM/JE): one NFA per type
        # over their union.
        nfas = []
        for letter, name in TYPES:
            pats = []
            for m in metas:
                desc = getattr(m, name)
                if desc is not None and desc.national_number_pattern and desc.possible_length != (-1,):
                    pats.append(desc.national_number_pattern)
            if pats:
                nfas.append((letter, Nfa("|".join(f"(?:{p})" for p in pats))))
        emit(str(cc), nfas, lines)
    return lines


def emit(cc, nfas, lines):
    """The trie of pictures, compressed: a node's line holds the picture most of
    its children share (what numbers under it get unless a longer line says
    otherwise), and only children that differ get lines of their own. A prefix
    no number starts with takes whatever its parent says."""

    def kids(states):
        return [[nfa.step(s, 1 << d) for (_, nfa), s in zip(nfas, states)] for d in range(10)]

    def solve(prefix, states):
        """(picture this node stands for, lines under it relative to that)."""
        here = picture(nfas, states, len(prefix))
        if (cc, prefix) in UNKNOWN:
            return "?" + here, []
        if not here:
            return None, []
        if len(prefix) >= DEPTH.get(cc, MAX_DEPTH):
            return here, []
        subs = []
        for d, ks in enumerate(kids(states)):
            subs.append((prefix + str(d), solve(prefix + str(d), ks)))
        counts = {}
        for _, (pic, _) in subs:
            if pic is not None:
                counts[pic] = counts.get(pic, 0) + 1
        if not counts:
            return here, []
        best = max(counts, key=lambda p: (counts[p], p == here, p))
        out = []
        for p, (pic, sub) in subs:
            if pic is None:
                continue
            if pic != best:
                out.append((p, pic))
            out.extend(sub)
        return best, out

    top, rest = solve("", [nfa.begin() for _, nfa in nfas])
    lines.append((cc, top or "", rest))


def ranges(pic):
    ns = ["123456789abcdefgh".index(c) + 1 for c in pic]
    out = ""
    i = 0
    while i < len(ns):
        j = i
        while j + 1 < len(ns) and ns[j + 1] == ns[j] + 1:
            j += 1
        c = lambda n: "123456789abcdefgh"[n - 1]
        out += c(ns[i]) + ("-" + c(ns[j]) if j - i >= 2 else (c(ns[j]) if j > i else ""))
        i = j + 1
    return out


def format_lines(lines):
    return ["\t".join([cc, top] + [f"{p}={pic}" for p, pic in rest]) for cc, top, rest in lines]


def main():
    if phonenumbers.__version__ != PINNED:
        sys.exit(f"phonenumbers {PINNED} expected, found {phonenumbers.__version__}")
    head = f"# Generated by scripts/gen-number-data.py from libphonenumber {PINNED} metadata (Apache-2.0). Do not edit.\n"
    with open(os.path.join(ROOT, "core/data/regions.tsv"), "w") as f:
        f.write(head + "# region\tcc\tintl prefix regex (empty: 00)\ttrunk prefix\tparse regex\ttransform\n")
        f.write("\n".join(region_lines()) + "\n")
    with open(os.path.join(ROOT, "core/data/number_lengths.tsv"), "w") as f:
        f.write(head + "# cc\tnational prefix\ttype letters and lengths (see the script)\n")
        f.write("\n".join(format_lines(length_lines())) + "\n")


if __name__ == "__main__":
    main()

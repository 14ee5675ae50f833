#!/usr/bin/env python3
"""Checks the dependencies between the top-level modules of burao-core.

Reads every `crate::…` and `super::…` path in core/src (comments, strings,
`#[cfg(test)]` modules and `tests.rs` files left out: a test may reach across
layers), maps each
to the top-level module it names, and fails when the graph has a cycle or an
edge that ARCHITECTURE.md forbids (FORBIDDEN below).

    scripts/check-module-deps.py            # check; prints the edges on failure
    scripts/check-module-deps.py --edges    # print every edge, then check
"""

import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src")

# The one-way line: number → lists / sms → bundle → engine → screener.
# `a` must never use `b`.
FORBIDDEN = [
    ("bundle", "sms"),
    ("sms", "bundle"),
    ("verdict", "sms"),
    ("sms", "engine"),
    ("sms", "screener"),
    ("bundle", "engine"),
    ("bundle", "screener"),
    ("engine", "screener"),
    ("lists", "bundle"),
    ("number", "lists"),
]

# Modules every other may use: the crate's error type and the lib root.
HUBS = {"error", "lib"}

PATH = re.compile(r"\b(crate|super)((?:::(?:super|\{|[A-Za-z_][A-Za-z0-9_]*))+)")


def module_of(path):
    """The module path of a file: core/src/bundle/delta.rs -> [bundle, delta]."""
    rel = os.path.relpath(path, ROOT)[: -len(".rs")].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    return rel


def strip(text):
    """Drops comments, string literals and `#[cfg(test)]` modules."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    out = []
    i = 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        k = j + len("#[cfg(test)]")
        m = re.match(r"\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*(;|\{)", text[k:])
        if not m:
            i = k
            continue
        if m.group(1) == ";":
            i = k + m.end()
            continue
        depth, p = 1, k + m.end()
        while p < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[p], 0)
            p += 1
        i = p
    return "".join(out)


def group_items(text, start):
    """Top-level items of the `{…}` group opening at `start`."""
    depth, p, item, items = 0, start, "", []
    while p < len(text):
        c = text[p]
        if c == "{":
            depth += 1
            if depth == 1:
                p += 1
                continue
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append(item)
                break
        if depth == 1 and c == ",":
            items.append(item)
            item = ""
        else:
            item += c
        p += 1
    return [i.strip() for i in items if i.strip()]


def targets(text, here):
    """Top-level modules named by the paths in `text`, from module `here`."""
    found = set()
    for m in PATH.finditer(text):
        parts = [p for p in m.group(2).split("::") if p]
        base = [] if m.group(1) == "crate" else here[:-1]
        while parts and parts[0] == "super":
            base = base[:-1]
            parts = parts[1:]
        if base:
            continue  # still inside this top-level module
        if not parts:
            continue
        if parts[0] == "{":
            brace = text.find("{", m.start(2))
            for item in group_items(text, brace):
                name = re.match(r"[A-Za-z_]\w*", item)
                if name:
                    found.add(name.group(0))
        else:
            found.add(parts[0])
    return found


def graph():
    tops = set()
    for entry in os.listdir(ROOT):
        if entry.endswith(".rs"):
            tops.add(entry[:-3])
        elif os.path.isdir(os.path.join(ROOT, entry)):
            tops.add(entry)
    edges = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            here = module_of(path)
            top = here[0]
            # `tests.rs` files are `#[cfg(test)] mod tests;` of their parent.
            if top in HUBS or here[-1] == "tests":
                continue
            with open(path, encoding="utf-8") as fh:
                text = strip(fh.read())
            for t in targets(text, here):
                if t in tops and t != top and t not in HUBS:
                    edges.setdefault(top, {}).setdefault(t, set()).add(
                        os.path.relpath(path, ROOT)
                    )
    return tops, edges


def cycles(edges):
    """Every elementary cycle, each once (smallest module first)."""
    found = []
    nodes = sorted(edges)

    def walk(start, node, path):
        for nxt in sorted(edges.get(node, {})):
            if nxt == start:
                found.append(path + [start])
            elif nxt > start and nxt not in path:
                walk(start, nxt, path + [nxt])

    for n in nodes:
        walk(n, n, [n])
    return found


def main():
    _, edges = graph()
    if "--edges" in sys.argv:
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print(f"{a} -> {b}  ({', '.join(sorted(edges[a][b]))})")
    bad = False
    for c in cycles(edges):
        print("cycle: " + " -> ".join(c))
        bad = True
    for a, b in FORBIDDEN:
        if b in edges.get(a, {}):
            print(f"forbidden: {a} -> {b} ({', '.join(sorted(edges[a][b]))})")
            bad = True
    if bad:
        sys.exit(1)
    print("module dependencies: no cycle, no forbidden edge")


if __name__ == "__main__":
    main()

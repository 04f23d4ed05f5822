#!/usr/bin/env python3
"""Worst-case stack of libwsc's core from GCC's -fcallgraph-info=su files:
the deepest chain of direct calls from any exported wsc_* function, each
frame as -fstack-usage measured it. Indirect calls (the crypto table, the
caller's callbacks) are not followed: their own frames come on top.

usage: stack.py DIR   (the .ci files of one build)
Prints the deepest chain and its bytes, and the five largest frames.
"""
import glob
import os
import re
import sys

node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
size_re = re.compile(r'\\n(\d+) bytes \((static|dynamic|bounded)')


def main():
    frames, calls, kind = {}, {}, {}
    for path in glob.glob(os.path.join(sys.argv[1], "*.ci")):
        text = open(path, encoding="utf-8").read()
        for title, label in node_re.findall(text):
            m = size_re.search(label)
            if m:
                frames[title] = max(frames.get(title, 0), int(m.group(1)))
                kind[title] = m.group(2)
        for a, b in edge_re.findall(text):
            calls.setdefault(a, set()).add(b)

    def name(t):
        return t.split(":")[-1]

    memo = {}

    def depth(t, seen):
        if t in memo:
            return memo[t]
        if t in seen:  # recursion: not in this code, but do not loop
            return (0, [])
        best = (0, [])
        for c in calls.get(t, ()):
            # a callee defined in another unit has its own node title
            cands = [x for x in frames if name(x) == name(c)] or [c]
            for x in cands:
                d = depth(x, seen | {t})
                if d[0] > best[0]:
                    best = d
        r = (frames.get(t, 0) + best[0], [t] + best[1])
        memo[t] = r
        return r

    roots = [t for t in frames if name(t).startswith("wsc_") and
             not name(t).startswith("wsc__")]
    worst = max((depth(t, frozenset()) for t in roots), key=lambda d: d[0])
    chain = " > ".join("%s(%d)" % (name(t), frames.get(t, 0)) for t in worst[1])
    print("deepest direct call chain: %d bytes: %s" % (worst[0], chain))
    top = sorted(frames.items(), key=lambda kv: -kv[1])[:5]
    print("largest frames: " + ", ".join("%s %d" % (name(t), n) for t, n in top))
    dyn = [name(t) for t in frames if kind.get(t) == "dynamic"]
    print("frames of dynamic size: %s" % (", ".join(dyn) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compare the co-mention scores `related` could use: Dunning's G2 (what it uses) and PMI.

    newsdex --index IX export > articles.ndjson
    python3 scripts/related_scores.py articles.ndjson

For the three sets G2 was chosen on (James Baker, Japan, OPEC on corpus-dev) and for held-out
sets never looked at (the ten most frequent people, places and organisations with at least 20
articles, those three left out), it prints, averaged over the sets, what the top ten names of
each score are: the share seen in only one article of the whole index, the share seen in only
one article of the set, and their mean number of articles in the set. Not part of CI.
"""
import collections
import json
import math
import sys

FIELDS = [("person", "people"), ("place", "places"), ("org", "organisations")]
INSPECTED = [("person", "people", "James Baker"), ("place", "places", "Japan"),
             ("org", "organisations", "OPEC")]


def g2(a, n, c, t):
    cells = [(a, n, c), (n - a, n, t - c), (c - a, t - n, c), (t - n - c + a, t - n, t - c)]
    g = 2 * sum(k * math.log(k * t / (r * cc)) for k, r, cc in cells if k > 0)
    return g if a / n > (c - a) / max(t - n, 1) else -g


def main(path):
    arts = [json.loads(line) for line in open(path, encoding="utf-8")]
    total = len(arts)
    everywhere = collections.Counter()
    for a in arts:
        for f, k in FIELDS:
            for v in a[k]:
                everywhere[(f, v)] += 1

    def evaluate(sets):
        sums = {"PMI": [0.0, 0.0, 0.0], "G2": [0.0, 0.0, 0.0]}
        for field, key, value in sets:
            s = [a for a in arts if value in a[key]]
            n = len(s)
            count = collections.Counter()
            for a in s:
                for f, k in FIELDS:
                    for v in a[k]:
                        if not (f == field and v == value):
                            count[(f, v)] += 1
            tops = {
                "PMI": sorted(count, key=lambda e: (-math.log(count[e] * total / (n * everywhere[e])), -count[e], e))[:10],
                "G2": sorted(count, key=lambda e: (-g2(count[e], n, everywhere[e], total), -count[e], e))[:10],
            }
            for name, top in tops.items():
                sums[name][0] += sum(everywhere[e] == 1 for e in top) / len(top)
                sums[name][1] += sum(count[e] == 1 for e in top) / len(top)
                sums[name][2] += sum(count[e] for e in top) / len(top)
        for name, (once_all, once_set, mean) in sums.items():
            k = len(sets)
            print(f"  {name:>3}: top ten seen once in the index {once_all / k:.2f}, "
                  f"once in the set {once_set / k:.2f}, mean articles in the set {mean / k:.1f}")

    held = []
    inspected = {v for _, _, v in INSPECTED}
    for f, k in FIELDS:
        top = [v for (ff, v), c in everywhere.most_common() if ff == f and c >= 20 and v not in inspected]
        held += [(f, k, v) for v in top[:10]]
    print(f"inspected sets ({len(INSPECTED)}):")
    evaluate(INSPECTED)
    print(f"held-out sets ({len(held)}):")
    evaluate(held)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

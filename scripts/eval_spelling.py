#!/usr/bin/env python3
"""How well newsdex finds a name spelt otherwise: suggestions and --fuzzy on misspelt names.

    scripts/eval_spelling.py INDEX [--bin target/release/newsdex] [--names 150] [--seed 17]

Takes names of the index (people, places, organisations of at least two words or eight
letters, named in two articles or more, read with `newsdex export`), and misspells each once
in every way below, deterministically (--seed). Each misspelling that the index does not
have is searched for, plain and with --fuzzy:

  transliteration rules (the key undoes them):  double a vowel, single a double letter,
      ee <-> i, oo <-> u, hyphen <-> space, final h after a vowel in or out, y between vowels
  transliteration edits (cheap in the distance): one vowel for another
  typos (ordinary edits): a letter dropped, two letters swapped, a consonant replaced

and prints, per kind of misspelling: how many were searched; how often the plain search finds
an article naming the entity anyway; how often the first suggestion is the name (case aside)
or another spelling of its entity (`names.json`), how often it is among the suggestions; how
often a first suggestion is made that is not it (wrong); and how often --fuzzy finds an
article that names it. Not part of CI.
"""
import argparse
import json
import os
import random
import subprocess
import sys
from collections import Counter, defaultdict

VOWELS = "aeiou"


def run(binary, index, args):
    p = subprocess.run([binary, "--index", index] + args, capture_output=True, text=True)
    return p.returncode, p.stdout


def rules(name, rnd):
    """One misspelling of each kind that applies to the name: {kind: text}."""
    out = {}
    chars = list(name)
    idx = lambda pred: [i for i in range(1, len(chars) - 1) if pred(i)]
    low = lambda i: chars[i].lower()
    # Transliteration rules.
    v = idx(lambda i: low(i) in VOWELS and chars[i].isalpha() and low(i - 1) not in VOWELS
            and low(i + 1) not in VOWELS)
    if v:
        i = rnd.choice(v)
        out["double a vowel"] = name[: i + 1] + chars[i] + name[i + 1:]
    d = idx(lambda i: low(i) == low(i + 1) and chars[i].isalpha())
    if d:
        i = rnd.choice(d)
        out["single a double letter"] = name[:i] + name[i + 1:]
    for a, b, label in (("ee", "i", "ee/i"), ("i", "ee", "ee/i"), ("oo", "u", "oo/u"), ("u", "oo", "oo/u")):
        pos = [i for i in range(1, len(name) - len(a)) if name[i:i + len(a)] == a
               and name[i - 1].isalpha() and name[i + len(a)].isalpha()]
        if pos and label not in out:
            i = rnd.choice(pos)
            out[label] = name[:i] + b + name[i + len(a):]
    if "-" in name:
        out["hyphen/space"] = name.replace("-", " ")
    elif " " in name:
        i = rnd.choice([i for i, c in enumerate(name) if c == " "])
        out["hyphen/space"] = name[:i] + "-" + name[i + 1:]
    words = name.split(" ")
    last = words[-1]
    if last[-1:].lower() in VOWELS:
        out["final h"] = name + "h"
    elif len(last) > 2 and last[-1] == "h" and last[-2].lower() in VOWELS:
        out["final h"] = name[:-1]
    # A glide y between vowels: in a word with two vowels side by side.
    g = idx(lambda i: low(i) in VOWELS and low(i + 1) in VOWELS)
    if g:
        i = rnd.choice(g)
        out["glide y"] = name[: i + 1] + "y" + name[i + 1:]
    # A vowel for another.
    vs = idx(lambda i: low(i) in VOWELS)
    if vs:
        i = rnd.choice(vs)
        other = rnd.choice([c for c in VOWELS if c != low(i)])
        out["vowel for vowel"] = name[:i] + other + name[i + 1:]
    # Typos.
    letters = idx(lambda i: chars[i].isalpha() and chars[i - 1].isalpha())
    if letters:
        i = rnd.choice(letters)
        out["typo: letter dropped"] = name[:i] + name[i + 1:]
    sw = idx(lambda i: chars[i].isalpha() and chars[i + 1].isalpha() and low(i) != low(i + 1))
    if sw:
        i = rnd.choice(sw)
        out["typo: letters swapped"] = name[:i] + chars[i + 1] + chars[i] + name[i + 2:]
    cons = idx(lambda i: chars[i].isalpha() and low(i) not in VOWELS + "y")
    if cons:
        i = rnd.choice(cons)
        other = rnd.choice([c for c in "bcdfgklmnprstvz" if c != low(i)])
        out["typo: consonant replaced"] = name[:i] + other + name[i + 1:]
    return {k: t for k, t in out.items() if t.lower() != name.lower()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "newsdex"))
    ap.add_argument("--names", type=int, default=150)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--show", action="store_true", help="print the misspellings not helped")
    a = ap.parse_args()
    rc, out = run(a.bin, a.index, ["export"])
    if rc != 0:
        sys.exit("eval_spelling: newsdex export failed on %s" % a.index)
    counts = Counter()
    docs_of = defaultdict(set)
    all_names = set()
    for line in out.splitlines():
        art = json.loads(line)
        for kind in ("people", "places", "organisations"):
            for n in art[kind]:
                counts[(kind, n)] += 1
                docs_of[n.lower()].add(art["path"])
                all_names.add(n.lower())
    group_of = {}
    try:
        m = json.load(open(os.path.join(a.index, "names.json")))
        for g in m["groups"]:
            spellings = {g["canonical"].lower()} | {x["name"].lower() for x in g["members"]}
            for s in spellings:
                group_of[s] = spellings
    except OSError:
        pass
    eligible = sorted(n for (k, n), c in counts.items()
                      if c >= 2 and n.replace(" ", "").replace("-", "").isalpha()
                      and (" " in n or "-" in n or len(n) >= 8))
    rnd = random.Random(a.seed)
    sample = rnd.sample(eligible, min(a.names, len(eligible)))
    stats = defaultdict(Counter)
    for name in sample:
        good = group_of.get(name.lower(), {name.lower()})
        for kind, typed in rules(name, rnd).items():
            if typed.lower() in all_names:
                continue
            s = stats[kind]
            s["searched"] += 1
            named = set().union(*(docs_of[g] for g in good))
            rc, out = run(a.bin, a.index, ["search", "--json", "--limit", "10000", typed])
            lines = [json.loads(l) for l in out.splitlines()]
            if {l.get("path") for l in lines} & named:
                s["found"] += 1
            sugg = [x for l in lines if "suggestions" in l for x in l["suggestions"]]
            texts = [x["text"].lower() for x in sugg]
            if texts:
                s["suggested"] += 1
                if texts[0] in good:
                    s["first right"] += 1
                else:
                    s["first wrong"] += 1
                if any(t in good for t in texts):
                    s["among"] += 1
            helped = bool({l.get("path") for l in lines} & named) or bool(texts and texts[0] in good)
            s["helped"] += helped
            if a.show and not helped:
                print("miss: %s: %r for %r, suggested %r" % (kind, typed, name, texts), file=sys.stderr)
            rc, out = run(a.bin, a.index, ["search", "--json", "--fuzzy", "--limit", "10000", typed])
            paths = {json.loads(l).get("path") for l in out.splitlines()}
            if paths & named:
                s["fuzzy finds"] += 1
    total = Counter()
    cols = ["found as typed", "first suggestion right", "among suggestions",
            "found or first suggestion", "first suggestion wrong", "--fuzzy finds it"]
    print("| misspelling | searched | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    pct = lambda x, n: "%.0f %%" % (100.0 * x / n) if n else "-"

    def row(label, s):
        n = s["searched"]
        vals = [s["found"], s["first right"], s["among"], s["helped"],
                s["first wrong"], s["fuzzy finds"]]
        print("| %s | %d | %s |" % (label, n, " | ".join(pct(v, n) for v in vals)))

    for kind in sorted(stats):
        total.update(stats[kind])
        row(kind, stats[kind])
    row("all", total)


if __name__ == "__main__":
    main()

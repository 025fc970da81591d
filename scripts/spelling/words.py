#!/usr/bin/env python3
"""Writes the words customers write to businesses, for the FAQ bot's Spelling, from the training sets only.

Reads the training files under parley-server/src/test/resources/eval/ (never a held-out or blind set),
keeps lower-cased words of four or more letters seen at least three times, and drops a word the sentence
model does not know whole (nor its stem) that is one slip from a word seen five times as often (the sets'
own typos: their writers typed like customers). Deterministic.

    python3 scripts/spelling/words.py
"""
import collections
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
EVAL = ROOT / "parley-server/src/test/resources/eval"
OUT = ROOT / "parley-server/src/main/resources/dev/parley/automation/customer-words.txt"
VOCAB = ROOT / "parley-server/src/main/resources/dev/parley/textmodel/minilm-tokenizer.json"
TRAINING = ["faq-train.tsv", "faq-train-entries.tsv", "faq-more.tsv", "faq-more-entries.tsv",
            "triage-train.tsv", "promotions-train.tsv"]


def one_slip(a, b):
    """Optimal string alignment distance is exactly 1."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def stem(w):
    """As WordOverlap.stem: a crude suffix, so "accounts" is "account"."""
    for suffix in ("ing", "ies", "es", "ed", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[:-len(suffix)] + ("y" if suffix == "ies" else "")
    return w


known = set(json.loads(VOCAB.read_text(encoding="utf-8"))["model"]["vocab"])
counts = collections.Counter()
for name in TRAINING:
    for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        counts.update(w for w in re.findall(r"[^\W\d_]+", line.lower()) if len(w) >= 4)
kept = {w for w, c in counts.items() if c >= 3}
by_length = collections.defaultdict(list)
for w in kept:
    by_length[len(w)].append(w)
typos = {w for w in kept if w not in known and stem(w) not in known for n in (len(w) - 1, len(w), len(w) + 1) for v in by_length.get(n, [])
         if counts[v] >= 5 * counts[w] and one_slip(w, v)}
words = sorted(kept - typos)
OUT.write_text("# Words customers write to businesses (scripts/spelling/words.py, from the training sets only).\n"
               + "\n".join(words) + "\n", encoding="utf-8")
print(len(words), "words;", len(typos), "dropped as slips:", sorted(typos)[:40])

"""Trains the FAQ bot's decision (dev.parley.automation.FaqDecision) and measures it.

Reads the measurements FaqEvaluationTest writes for every labelled question when asked to
(-Dparley.faq.features=FILE: each question against all its business's entries, and against
one, two and three of them, and typed without example phrasings), leaves out the blind sets kept for
measuring (faq-heldout-8.tsv to -10.tsv),
measures the decision with each business left out of training in turn, then trains on
everything and writes the trees the node loads.

    python train.py FEATURES_TSV --write-pairs [--folds=DIR]   # the word pairs, first
    python train.py FEATURES_TSV [--write] [--folds=DIR]       # then the trees, on measurements taken again

Beside FEATURES_TSV, FEATURES_TSV.texts holds each row's question, its best entry's phrasings and that
entry's answer: the word pairs' model (pairs.py) learns from them (--write-pairs: the shipped file, and
one fit per business left out in DIR, by default $TMPDIR/faq-pairs-folds). The node ranks the entries
with the pairs' score too, so the measurements change with the pairs: take them again with the new
pairs shipped, then train the trees, which read each row's pair score as the feature "pair", computed
by the fit without the row's business (so they learn how far to trust it on a business it never saw).

A question is a positive when it is a paraphrase and the matcher's best entry is the one it
means: only then is answering right. Near misses, unrelated questions and paraphrases whose
best entry is another are negatives. See README.md beside this file.
"""
import csv
import json
import sys
import tempfile
from pathlib import Path

import lightgbm as lgb
import numpy as np

import pairs

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "parley-server/src/main/resources/dev/parley/automation/faq-decision.json"
PAIRS = ROOT / "parley-server/src/main/resources/dev/parley/automation/faq-pairs.json"
# The word pairs trained with each business left out (--write-pairs), which score the trees' rows.
FOLDS = Path(tempfile.gettempdir()) / "faq-pairs-folds"
BLIND = ("faq-heldout-8", "faq-heldout-9", "faq-heldout-10", "faq-heldout-11", "faq-heldout-12")  # measured only, never trained on
# The probability at which the bot answers, and below which it no longer asks back.
CUT, ASK_BACK = 0.9, 0.2
# More similar never lowers the probability; a larger gain from leaving out words never raises it.
MONOTONE = {"phrasing": 1, "answer": 1, "words": 1, "raw": 1, "lead": 1, "raw_over_mean": 1,
            "gain": -1, "unexplained": -1, "pair": 1}
PARAMS = dict(objective="binary", learning_rate=0.05, num_leaves=7, min_data_in_leaf=20,
              feature_fraction=0.9, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
              seed=1, deterministic=True, force_row_wise=True, num_threads=1, verbose=-1)
ROUNDS = 500
# The questions again, against one to three of their business's entries: without them the trees
# learnt that a business with one entry has no runner-up to lead, and never answered. Weighted low
# so they teach that case without crowding out the businesses with all their entries.
SUBSET_WEIGHT = 0.1
# Businesses as they are met: all their entries with example phrasings, and all their entries typed as
# a question and an answer alone (an owner who added no phrasings; round 13). Full weight for both.
FULL = ("all", "one phrasing")


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(str(path) + ".texts", encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t") for line in f]
    assert len(texts) == len(rows) - 1, "the texts are the features' rows"
    keep = [i for i, r in enumerate(rows[1:]) if not any(b in r[0] for b in BLIND)]
    head, rows, texts = rows[0], [rows[1 + i] for i in keep], [texts[i] for i in keep]
    names = head[6:]
    x = np.array([[float(v) for v in r[6:]] for r in rows])
    y = np.array([1 if r[2] == "para" and r[5] == r[3] else 0 for r in rows])
    meta = {k: np.array([r[i] for r in rows]) for i, k in enumerate(["set", "business", "kind", "expected", "entries"])}
    return names, x, y, meta, texts


def with_pairs(names, x, meta, texts, folds):
    """The features with the word pairs' score of each row, by the pairs trained without the row's business."""
    if not folds.exists():
        sys.exit(f"no {folds}: train the word pairs first (--write-pairs), then measure again and train the trees")
    # The node's own column, recomputed here from the fits' files as training reads them.
    x = x.copy()
    x[:, names.index("pair")] = pairs.out_of_fold(pairs.matrix(texts), meta["business"], folds)
    return names, x


def write_pairs(y, meta, texts, folds):
    """The word pairs' file, fitted on every business, and one fit per business left out (for the trees)."""
    x = pairs.matrix(texts)
    checks = texts[::4000] + [["Wann öffnet ihr? ÉTÉ", "Opening hours | When are you open?", "9–5, Mon–Sat."]]
    PAIRS.write_text(json.dumps(pairs.export(pairs.fit(x, y), checks), separators=(",", ":")) + "\n")
    print("wrote", PAIRS)
    pairs.write_folds(x, y, meta["business"], folds)
    print("wrote", folds)


def train(names, x, y, entries):
    params = dict(PARAMS, monotone_constraints=[MONOTONE.get(n, 0) for n in names])
    weight = np.where(np.isin(entries, FULL), 1.0, SUBSET_WEIGHT)
    return lgb.train(params, lgb.Dataset(x, y, weight=weight), ROUNDS)


def line(name, answered, asked, y, kind, mask):
    para, near, off = (kind == "para") & mask, (kind == "near") & mask, (kind == "off") & mask
    right = (answered & (y == 1) & para).sum()
    return (f"{name:44s} right {right}/{para.sum()} ({100 * right / max(1, para.sum()):.1f}%)"
            f"  wrong entry {(answered & (y == 0) & para).sum()}  near answered {(answered & near).sum()}/{near.sum()}"
            f"  unrelated answered {(answered & off).sum()}/{off.sum()}"
            f"  asked back right {(asked & ~answered & (y == 1) & para).sum()}")


def cross_validate(names, x, y, meta):
    """Each business's questions judged by trees trained without that business."""
    p = np.zeros(len(y))
    for b in sorted(set(meta["business"])):
        out = meta["business"] == b
        p[out] = train(names, x[~out], y[~out], meta["entries"][~out]).predict(x[out])
    kind, full = meta["kind"], meta["entries"] == "all"
    print("A business left out at a time, at the shipped cut", CUT, "- each question against all its business's entries:")
    for s in dict.fromkeys(meta["set"]):
        print(line(s[:44], p >= CUT, p >= ASK_BACK, y, kind, full & (meta["set"] == s)))
    print(line("all", p >= CUT, p >= ASK_BACK, y, kind, full))
    print("The same questions to a business with only a few of those entries ('with': the one meant among them):")
    for e in sorted(set(meta["entries"]) - {"all"}):
        print(line(e, p >= CUT, p >= ASK_BACK, y, kind, meta["entries"] == e))
    print("Other cuts, all entries:")
    for cut in (0.7, 0.8, 0.9, 0.95):
        print(line(f"cut {cut}", p >= cut, p >= ASK_BACK, y, kind, full))
    print("Other cuts, each entry typed as its question alone:")
    for cut in (0.7, 0.8, 0.9, 0.95):
        print(line(f"cut {cut}", p >= cut, p >= ASK_BACK, y, kind, meta["entries"] == "one phrasing"))


def export(names, booster):
    """The trees as FaqDecision reads them: per tree, its split nodes and its leaves."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        t = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}

        def walk(node):
            if "leaf_value" in node:
                t["leaf"].append(node["leaf_value"])
                return ~(len(t["leaf"]) - 1)
            assert node["decision_type"] == "<=", node
            i = len(t["feature"])
            t["feature"].append(node["split_feature"])
            t["threshold"].append(node["threshold"])
            t["left"].append(0)
            t["right"].append(0)
            t["left"][i] = walk(node["left_child"])
            t["right"][i] = walk(node["right_child"])
            return i

        walk(info["tree_structure"])
        trees.append(t)
    return {"features": names, "cut": CUT, "ask_back": ASK_BACK, "trees": trees}


def main():
    path = [a for a in sys.argv[1:] if not a.startswith("--")][0]
    folds = Path(next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--folds=")), FOLDS))
    names, x, y, meta, texts = load(path)
    print(f"{len(y)} questions, {len(set(meta['business']))} businesses")
    if "--write-pairs" in sys.argv:
        write_pairs(y, meta, texts, folds)
        return
    print(f"{y.sum()} answerable")
    names, x = with_pairs(names, x, meta, texts, folds)
    cross_validate(names, x, y, meta)
    if "--write" in sys.argv:
        MODEL.write_text(json.dumps(export(names, train(names, x, y, meta["entries"])), separators=(",", ":")) + "\n")
        print("wrote", MODEL)


if __name__ == "__main__":
    main()

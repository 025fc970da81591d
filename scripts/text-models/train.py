"""Trains triage's linear model and the promotion check's kernel model on the node's sentence embedding.

    python train.py triage|promotion [--write]

Reads the task's labelled sets in parley-server/src/test/resources/eval/ (never the blind sets,
triage-3/-4.tsv and promotions-3/-4/-5/-6.tsv, which the claims are measured on), prints the figures with each writer's
messages left out of training in turn, then fits on all of them; --write saves the model where
the node reads it. Deterministic: the same sets give the same file.
"""
import base64
import json
import os
import re
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from common import EVAL, ROOT, embed, promotion_rules, rows

RESOURCES = os.path.join(ROOT, "parley-server", "src", "main", "resources", "dev", "parley")


class Task:
    def __init__(self, name, classes, sets, out, C, extras=(), flagged=None, gamma=None):
        self.name, self.classes, self.sets, self.out, self.C, self.extras = name, classes, sets, out, C, extras
        # With gamma: a support-vector machine with a Gaussian kernel of that width (two classes);
        # without, multinomial logistic regression.
        self.gamma = gamma
        # For two classes: the most of the first class the second may take, with each writer left out;
        # the cut written into the model is the lowest probability that keeps to it.
        self.flagged = flagged


# Each set: file, and how to read a row into (writer, label, text).
TRIAGE = Task("triage", ["question", "complaint", "praise"], [
    ("triage.tsv", lambda r: ("triage-1", r[1], r[3])),
    ("triage-2.tsv", lambda r: ("triage-2", r[1], r[3])),
    ("triage-train.tsv", lambda r: (r[4], r[1], r[3])),
], os.path.join(RESOURCES, "business", "triage-model.json"), C=3)

# The rules' score is read beside the embedding: clipped, scaled so its weight is learnt on the
# scale of the embedding's numbers.
RULES = {"name": "rules", "min": -4.0, "max": 8.0, "scale": 0.25}
PROMOTION = Task("promotion", ["service", "promo"], [
    ("promotions.tsv", lambda r: ("promotions-1", r[1], r[2])),
    ("promotions-2.tsv", lambda r: ("promotions-2", r[1], r[2])),
    ("promotions-train.tsv", lambda r: (r[3], r[1], r[2])),
], os.path.join(RESOURCES, "safety", "promotion-model.json"), C=3, extras=(RULES,), flagged=0.03, gamma=1.0)
# As PromotionClassifier: messages of fewer words are left to the rules, at their threshold.
MODEL_MIN_WORDS, RULES_THRESHOLD = 3, 2.0


def load(task):
    data = []
    for name, read in task.sets:
        for r in rows(os.path.join(EVAL, name)):
            writer, label, text = read(r)
            assert label in task.classes, (name, r)
            data.append((writer, label, text))
    return data


def features(task, texts):
    x = embed(texts)
    if task.extras:
        scores = promotion_rules(texts)
        cols = [np.clip(scores, e["min"], e["max"]) * e["scale"] for e in task.extras]
        x = np.hstack([x] + [c[:, None] for c in cols])
    return x


class Kernel:
    """The SVM, its probability the logistic of its decision value (what KernelModel.java computes)."""

    def __init__(self, task):
        self.svm = SVC(kernel="rbf", C=task.C, gamma=task.gamma)

    def fit(self, x, y):
        self.svm.fit(x, y)
        return self

    def predict_proba(self, x):
        p = 1 / (1 + np.exp(-self.svm.decision_function(x)))
        return np.stack([1 - p, p], axis=1)


def fit(task, x, y):
    if task.gamma:
        return Kernel(task).fit(x, y)
    return LogisticRegression(C=task.C, max_iter=5000).fit(x, y)


def main():
    task = {"triage": TRIAGE, "promotion": PROMOTION}[sys.argv[1]]
    data = load(task)
    writers = np.array([d[0] for d in data])
    y = np.array([task.classes.index(d[1]) for d in data])
    x = features(task, [d[2] for d in data])
    print(f"{task.name}: {len(data)} messages from {len(set(writers))} writers")
    predicted = np.zeros((len(y), len(task.classes)))
    for w in sorted(set(writers)):
        out = writers == w
        predicted[out] = fit(task, x[~out], y[~out]).predict_proba(x[out])
        right = (predicted[out].argmax(1) == y[out]).sum()
        print(f"  {w:16} left out: {right}/{out.sum()} right")
    cut = report(task, y, predicted, [d[2] for d in data])
    if "--write" in sys.argv:
        write(task, fit(task, x, y), cut)


def report(task, y, p, texts):
    """Prints the figures; for two classes, answers the cut (see Task.flagged)."""
    if len(task.classes) == 2:
        short = np.array([len(re.findall(r"[^\W_]+", t)) < MODEL_MIN_WORDS for t in texts])
        by_rules = promotion_rules(texts) >= RULES_THRESHOLD
        pos, neg = y == 1, y == 0
        chosen = None
        for cut in np.round(np.arange(0.5, 0.96, 0.01), 2):
            hit = np.where(short, by_rules, p[:, 1] >= cut)
            if chosen is None and (hit & neg).sum() / neg.sum() <= task.flagged:
                chosen = float(cut)
            if cut in (0.5, 0.6, 0.7, 0.8, 0.9) or cut == chosen:
                print(f"  cut {cut:.2f}{' (chosen)' if cut == chosen else ''}: {task.classes[1]} caught"
                      f" {(hit & pos).sum()}/{pos.sum()} = {(hit & pos).sum() / pos.sum():.1%}, {task.classes[0]} flagged"
                      f" {(hit & neg).sum()}/{neg.sum()} = {(hit & neg).sum() / neg.sum():.1%}")
        return chosen
    right = (p.argmax(1) == y).sum()
    print(f"  each writer left out: {right}/{len(y)} = {right / len(y):.1%} right")
    return None


def write(task, model, cut):
    if task.gamma:
        svm = model.svm
        vectors = np.ascontiguousarray(svm.support_vectors_, dtype="<f4")
        doc = {"classes": task.classes, "dimensions": 384, "extras": list(task.extras), "cut": cut,
               "gamma": task.gamma, "count": int(vectors.shape[0]),
               "vectors": base64.b64encode(vectors.tobytes()).decode("ascii"),
               "coefficients": [round(float(v), 6) for v in svm.dual_coef_[0]], "bias": round(float(svm.intercept_[0]), 6)}
        save(task, doc)
        return
    w, b = model.coef_, model.intercept_
    if len(task.classes) == 2:  # one row for the second class; softmax over (0, z) is the sigmoid of z
        w, b = np.vstack([np.zeros_like(w), w]), np.concatenate([[0.0], b])
    doc = {"classes": task.classes, "dimensions": 384, "extras": list(task.extras), "cut": cut,
           "weights": [[round(float(v), 6) for v in row] for row in w], "bias": [round(float(v), 6) for v in b]}
    save(task, doc)


def save(task, doc):
    with open(task.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(task.out, ROOT))


if __name__ == "__main__":
    main()

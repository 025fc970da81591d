"""The word pairs' score the FAQ bot's decision reads (dev.parley.automation.FaqPairs): how strongly a
question's words go with an entry's words, learnt from the labelled questions of many businesses.

A question and an entry give one feature per (question word, entry phrasing word) and, at half
weight, per (question word, answer word), each word lower-cased ASCII letters and digits with a
plural or -ing/-ed ending taken off; the features are hashed (CRC-32 of the UTF-8 text, modulo
BUCKETS) as FaqPairs.java hashes them, and a logistic regression learns a weight per bucket. Beside
them, the share of the question's words the phrasings hold. "when do you open" and "opening hours"
share no word, but "open" and "hour" go together in most businesses' questions, and the pairs learn
that where one business's phrasings cannot.
"""
import base64
import re
import zlib

import numpy as np
from joblib import Parallel, delayed
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

BUCKETS = 1 << 20
ANSWER_VALUE = 0.5
C = 1.0
SUFFIXES = ("ing", "ed", "es", "s")


def stem(w):
    for suf in SUFFIXES:
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[:-len(suf)]
    return w


def words(text):
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}


def bucket(feature):
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


def row(question, phrasings, answer):
    """The row's (column, value) pairs; the last column is the share of shared words."""
    q, e, a = words(question), words(phrasings), words(answer)
    cells = {}
    for x in q:
        for y in e:
            k = bucket("q:" + x + "|" + y)
            cells[k] = cells.get(k, 0.0) + 1.0
        for y in a:
            k = bucket("a:" + x + "|" + y)
            cells[k] = cells.get(k, 0.0) + ANSWER_VALUE
    cells[BUCKETS] = len(q & e) / max(1, len(q))
    return cells


def matrix(texts):
    data, cols, ptr = [], [], [0]
    for question, phrasings, answer in texts:
        for k, v in row(question, phrasings, answer).items():
            cols.append(k)
            data.append(v)
        ptr.append(len(cols))
    return csr_matrix((np.array(data), np.array(cols), np.array(ptr)), shape=(len(texts), BUCKETS + 1))


def fit(x, y):
    return LogisticRegression(C=C, max_iter=2000).fit(x, y)


def write_folds(x, y, groups, folder):
    """For each group, the model trained without it (two fits at a time), one file each: the buckets'
    weights, the shared words' weight and the intercept, little-endian 32-bit floats (FaqEvaluationTest
    reads them to rank a business's entries as the node would for a business it never saw)."""
    folder.mkdir(parents=True, exist_ok=True)

    def one(g):
        out = groups == g
        model = fit(x[~out], y[~out])
        np.concatenate([model.coef_[0], model.intercept_]).astype("<f4").tofile(folder / f"{g}.f32")

    Parallel(n_jobs=2)(delayed(one)(g) for g in sorted(set(groups)))


def out_of_fold(x, groups, folder):
    """Each row's score by the model trained without its group (write_folds)."""
    score = np.zeros(x.shape[0])
    for g in sorted(set(groups)):
        rows = groups == g
        w = np.fromfile(folder / f"{g}.f32", dtype="<f4").astype(np.float64)
        score[rows] = x[rows] @ w[:-1] + w[-1]
    return score


def export(model, checks):
    w = model.coef_[0]
    return {"buckets": BUCKETS, "answer_value": ANSWER_VALUE, "intercept": float(model.intercept_[0]),
            "shared": float(w[BUCKETS]),
            "weights": base64.b64encode(w[:BUCKETS].astype("<f4").tobytes()).decode("ascii"),
            "checks": [{"question": q, "phrasings": p, "answer": a, "score": round(float(s), 5)}
                       for (q, p, a), s in zip(checks, model.decision_function(matrix(checks)))]}

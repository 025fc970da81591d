"""Trains triage's and the promotion check's models: kernel machines on the node's sentence embedding,
added to a linear model of the message's words and letters.

    python train.py triage|promotion [--write]

Reads the task's labelled sets in parley-server/src/test/resources/eval/ (never the blind sets,
triage-3 to -7 and promotions-3 to -12, which the claims are measured on), prints the figures with each writer's
messages left out of training in turn, then fits on all of them; --write saves the model where
the node reads it. Deterministic: the same sets give the same file.
"""
import base64
import hashlib
import json
import os
import re
import sys

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from common import EVAL, ROOT, embed, promotion_rules, rows

RESOURCES = os.path.join(ROOT, "parley-server", "src", "main", "resources", "dev", "parley")


class Task:
    def __init__(self, name, classes, sets, out, C, extras=(), flagged=None, gamma=None, words=None):
        self.name, self.classes, self.sets, self.out, self.C, self.extras = name, classes, sets, out, C, extras
        # The Gaussian kernel's width; C is the machines' penalty for training messages on the wrong side.
        self.gamma = gamma
        # The words' model: its penalty (C) and the weight of its decisions beside the machines'.
        self.words = words
        # For two classes: the most of the first class the second may take, with each writer left out;
        # the cut written into the model is the lowest probability that keeps to it.
        self.flagged = flagged


# Each set: file, and how to read a row into (writer, label, text).
TRIAGE = Task("triage", ["question", "complaint", "praise"], [
    ("triage.tsv", lambda r: ("triage-1", r[1], r[3])),
    ("triage-2.tsv", lambda r: ("triage-2", r[1], r[3])),
    ("triage-train.tsv", lambda r: (r[4], r[1], r[3])),
], os.path.join(RESOURCES, "business", "triage-model.json"), C=3, gamma=1.0, words={"C": 10, "weight": 0.75})

def faq_group(business):
    """One of five groups of the FAQ businesses, the same on every run."""
    return "faq-answers-" + str(sum(map(ord, business)) % 5)


# The rules' score is read beside the embedding: clipped, scaled so its weight is learnt on the
# scale of the embedding's numbers.
RULES = {"name": "rules", "min": -4.0, "max": 8.0, "scale": 0.25}
PROMOTION = Task("promotion", ["service", "promo"], [
    ("promotions.tsv", lambda r: ("promotions-1", r[1], r[2])),
    ("promotions-2.tsv", lambda r: ("promotions-2", r[1], r[2])),
    ("promotions-train.tsv", lambda r: (r[3], r[1], r[2])),
    # Answers owners wrote for their FAQ entries (prices, free delivery over a sum, a student discount): the
    # bot sends them because a customer asked, so they are service; without them a fifth were read as promotion.
    # Five groups by business, so that leaving one out (as each writer is) leaves most answers in, as a node has them.
    ("faq-entries.tsv", lambda r: (faq_group(r[1]), "service", r[5])),
    ("faq-more-entries.tsv", lambda r: (faq_group(r[1]), "service", r[5])),
    ("faq-train-entries.tsv", lambda r: (faq_group(r[1]), "service", r[5])),
], os.path.join(RESOURCES, "safety", "promotion-model.json"), C=3, extras=(RULES,), flagged=0.03, gamma=1.0,
                     words={"C": 10, "weight": 0.5})
# As PromotionClassifier: messages of fewer words are left to the rules, at their threshold.
MODEL_MIN_WORDS, RULES_THRESHOLD = 3, 2.0


def load(task):
    data = []
    for name, read in task.sets:
        for r in rows(os.path.join(EVAL, name)):
            writer, label, text = read(r)
            assert label in task.classes, (name, r)
            data.append((writer, label, text))
    return data + [(writer, label, framed(task, text)) for writer, label, text in data if framed(task, text) != text]


def bare(task, texts):
    """Which texts are as written, not framed copies: the words' model takes its terms and their rarity from
    these alone, since a framed copy repeats every term of its message and would let a term seen in one
    message pass for one seen in two."""
    copies = {framed(task, t) for t in texts if framed(task, t) != t} & set(texts)
    return np.array([t not in copies for t in texts])


# The greetings and sign-offs around a business's message, which change nothing of what it is ("Hi Jordan, …
# Warm wishes, the Little Bakery"). Every training message is learnt as written and once framed (its frame
# chosen by its text, so training stays deterministic); the blind sets are measured with other frames
# (PromotionEvaluationTest). Triage was trained so too and not kept: no better on the blind sets than reading
# the message with and without its greeting and thanks (docs/BUSINESS-MODELS.md).
FRAMES = {
    "promotion": (["", "", "", "Hi Jordan, ", "Hey Chris! ", "Hello there, ", "Good afternoon, ", "Dear Mrs Khan,\n",
                   "Hi folks! ", "Morning! ", "Hi Sofia 😊 ", "Hello again, ", "Hi {name},\n\n"],
                  ["", "", "", " Best, Ana", " Regards, Customer Care", " All the best, Oak & Ivy",
                   " Thank you, Jamal from the front desk", " Talk soon!", "\n\nWarm wishes,\nthe Little Bakery",
                   " Many thanks, Support Team", " - Kim @ Peak Cycles", " Take care, Dr Lewis' surgery", " Enjoy your day!"]),
}


def framed(task, text):
    """The text with the greeting and sign-off its hash picks (either may be none); as written for a task without frames."""
    if task.name not in FRAMES:
        return text
    greetings, sign_offs = FRAMES[task.name]
    h = int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16)
    greeting, sign_off = greetings[h % len(greetings)], sign_offs[(h // 97) % len(sign_offs)]
    if greeting.endswith((", ", ",\n")) and len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return greeting.replace("{name}", "Maria") + text + sign_off


def features(task, texts):
    x = embed(texts)
    if task.extras:
        scores = promotion_rules(texts)
        cols = [np.clip(scores, e["min"], e["max"]) * e["scale"] for e in task.extras]
        x = np.hstack([x] + [c[:, None] for c in cols])
    return x


class Kernel:
    """Support-vector machines with a Gaussian kernel, as KernelModel.java computes them: for two
    classes one machine (its decision for the second), for more one per class against the rest; the
    probabilities are the logistic (two classes) or the softmax of the decisions times a temperature."""

    def __init__(self, task, temperature=1.0):
        self.task, self.temperature = task, temperature

    def fit(self, x, y):
        targets = [y] if len(self.task.classes) == 2 else [(y == c).astype(int) for c in range(len(self.task.classes))]
        self.machines = [SVC(kernel="rbf", C=self.task.C, gamma=self.task.gamma).fit(x, t) for t in targets]
        return self

    def decisions(self, x):
        return np.stack([m.decision_function(x) for m in self.machines], axis=1)


class Words:
    """A linear model of a message's words (one and two in a row) and letters (three to five in a row
    within a word), each block weighted by how rare its terms are and scaled to unit length, as
    LexicalModel.java computes it. It reads what the embedding blurs: the sales words and the shapes
    of an offer ("% off", "bogo", "only till"), a complaint's "still", "again", "never"."""
    BLOCKS = (("word", (1, 2), 2), ("char_wb", (3, 5), 3))  # analyzer, n-grams, the fewest messages a term is in

    def __init__(self, C):
        self.C = C

    def fit(self, texts, y, terms_from):
        """terms_from: the texts whose terms (and their rarity) the model reads."""
        self.blocks = [TfidfVectorizer(analyzer=a, ngram_range=n, min_df=m, sublinear_tf=True).fit(terms_from)
                       for a, n, m in self.BLOCKS]
        self.model = LogisticRegression(C=self.C, max_iter=3000).fit(self.matrix(texts), y)
        return self

    def matrix(self, texts):
        return hstack([b.transform(texts) for b in self.blocks]).tocsr()

    def decisions(self, texts):
        d = self.model.decision_function(self.matrix(texts))
        return d[:, None] if d.ndim == 1 else d


class Both:
    """The machines' decisions plus the words' model's, weighted: what the node adds up."""

    def __init__(self, task, temperature=1.0):
        self.task, self.temperature = task, temperature

    def fit(self, x, texts, y):
        self.kernel = Kernel(self.task, self.temperature).fit(x, y)
        self.words = Words(self.task.words["C"]).fit(texts, y, [t for t, b in zip(texts, bare(self.task, texts)) if b])
        return self

    def decisions(self, x, texts):
        return self.kernel.decisions(x) + self.task.words["weight"] * self.words.decisions(texts)


def probabilities(decisions, temperature):
    z = decisions * temperature
    if z.shape[1] == 1:
        p = 1 / (1 + np.exp(-z[:, 0]))
        return np.stack([1 - p, p], axis=1)
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def temperature(decisions, y):
    """For more than two classes: the scale of the decisions that makes the held-out probabilities
    likeliest, so a label's probability says how sure it is. Two classes keep 1 (their cut is chosen
    on the logistic of the decision itself)."""
    if decisions.shape[1] == 1:
        return 1.0
    grid = np.round(np.arange(0.5, 10.01, 0.25), 2)
    loss = [-np.log(probabilities(decisions, t)[np.arange(len(y)), y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(loss))])


def fit(task, x, texts, y, temperature=1.0):
    return Both(task, temperature).fit(x, texts, y)


def main():
    task = {"triage": TRIAGE, "promotion": PROMOTION}[sys.argv[1]]
    data = load(task)
    writers = np.array([d[0] for d in data])
    y = np.array([task.classes.index(d[1]) for d in data])
    texts = np.array([d[2] for d in data], dtype=object)
    x = features(task, list(texts))
    print(f"{task.name}: {len(data)} messages from {len(set(writers))} writers")
    predicted = np.zeros((len(y), len(task.classes)))
    decisions = None
    for w in sorted(set(writers)):
        out = writers == w
        d = fit(task, x[~out], list(texts[~out]), y[~out]).decisions(x[out], list(texts[out]))
        decisions = np.zeros((len(y), d.shape[1])) if decisions is None else decisions
        decisions[out] = d
        predicted[out] = probabilities(d, 1.0)
        right = (predicted[out].argmax(1) == y[out]).sum()
        print(f"  {w:16} left out: {right}/{out.sum()} right")
    t = temperature(decisions, y)
    predicted = probabilities(decisions, t)
    print(f"  temperature {t}")
    cut = report(task, y, predicted, list(texts))
    if "--write" in sys.argv:
        write(task, fit(task, x, list(texts), y, t), cut, list(texts))


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


def write(task, both, cut, texts):
    model = both.kernel
    # The machines' support vectors, each once; a machine's coefficient is 0 where it has none.
    rows = sorted(set().union(*(m.support_ for m in model.machines)))
    at = {r: i for i, r in enumerate(rows)}
    vectors = np.zeros((len(rows), model.machines[0].support_vectors_.shape[1]), dtype="<f4")
    coefficients = []
    for m in model.machines:
        row = np.zeros(len(rows))
        for r, v, c in zip(m.support_, m.support_vectors_, m.dual_coef_[0]):
            vectors[at[r]] = v
            row[at[r]] = c
        coefficients.append([round(float(c), 6) for c in row])
    doc = {"classes": task.classes, "dimensions": 384, "extras": list(task.extras), "cut": cut,
           "gamma": task.gamma, "temperature": model.temperature, "count": len(rows),
           "vectors": base64.b64encode(vectors.tobytes()).decode("ascii"), "coefficients": coefficients,
           "bias": [round(float(m.intercept_[0]), 6) for m in model.machines],
           "words": words_part(task, both.words, texts)}
    save(task, doc)


# Texts whose words' decisions the file carries as computed here, so the node's test can hold its own
# reading of words and letters to this one: odd spacing, case, emoji, accents, apostrophes, digits.
CHECK_TEXTS = ["FLASH SALE!!  40% off\teverything 🎉🎉 this weekend only", "don't   worry, your refund of $12.50 is on its way",
               "Café crème, naïve résumé: ÉTÉ 2026 — déjà vu", "x", "", "the zip broke AGAIN... 3rd time ffs 😡",
               "thank you so much!!! 😍 best service ever", "Ｆｕｌｌ－width and ﬁ ligature, İstanbul ǅ"]


def words_part(task, words, texts):
    blocks = [{"analyzer": a, "ngrams": list(n), "terms": list(b.get_feature_names_out()),
               "idf": [round(float(v), 6) for v in b.idf_]} for (a, n, _), b in zip(Words.BLOCKS, words.blocks)]
    checks = CHECK_TEXTS + texts[::250]
    return {"weight": task.words["weight"], "blocks": blocks,
            "coefficients": [[round(float(c), 6) for c in row] for row in words.model.coef_],
            "intercept": [round(float(b), 6) for b in words.model.intercept_],
            "checks": [{"text": t, "decisions": [round(float(v), 6) for v in d]}
                       for t, d in zip(checks, words.decisions(checks))]}


def save(task, doc):
    with open(task.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(task.out, ROOT))


if __name__ == "__main__":
    main()

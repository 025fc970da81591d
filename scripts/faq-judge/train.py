"""Round 8's experiment, not shipped (docs/BUSINESS-MODELS.md): all-MiniLM-L6-v2 fine-tuned as a cross-encoder that
reads a customer's question and an FAQ entry ("question answer") together and says whether the entry
answers it. See README.md beside this file for the inputs and how to run it.

  python train.py eval BUSINESS[,BUSINESS]  trains without each business and measures on it (new business)
  python train.py final OUT_DIR             trains on everything and writes the model (then export.py)
"""
import os, random, sys, time
import numpy as np, torch
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(HERE, "../../parley-server/src/test/resources/eval/")
BASE = os.environ.get("BASE", os.path.join(HERE, "work/minilm-hf"))
# The blind sets still to be measured are never trained on.
EVAL_SETS = ["faq-questions.tsv", "faq-subjects.tsv", "faq-heldout.tsv", "faq-heldout-3.tsv", "faq-heldout-4.tsv",
             "faq-heldout-5.tsv", "faq-heldout-6.tsv", "faq-heldout-7.tsv", "faq-more.tsv"]
torch.set_num_threads(int(os.environ.get("THREADS", "2")))
SEED, EPOCHS, LR, NEGATIVES = 7, int(os.environ.get("EPOCHS", "2")), 3e-5, 3


def rows(path):
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        yield line.rstrip("\n").split("\t")


def load():
    entries, questions = {}, []  # business -> [(id, question, answer, phrasings)]; (source, business, expected, kind, text)
    for f in ["faq-entries.tsv", "faq-more-entries.tsv"]:
        for r in rows(EVAL + f):
            entries.setdefault(r[1], []).append((r[2], r[3], r[5], [p for p in r[6].split("|") if p]))
    for f in EVAL_SETS:
        questions += [(f, r[1], r[2], r[3], r[4]) for r in rows(EVAL + f)]
    return entries, questions


def doc(e):
    return e[1] + " " + e[2]  # as FaqJudge.text: the entry's question, then its answer


class Ranker:
    """The embedding's view (mean-pooled MiniLM, nearest of the entry's question and phrasings): which
    entries a question is near, so training sees the hard negatives the bot would meet."""

    def __init__(self, tok):
        from transformers import BertModel
        self.tok, self.model, self.memo = tok, BertModel.from_pretrained(BASE).eval(), {}

    def vec(self, texts):
        todo = [t for t in texts if t not in self.memo]
        for i in range(0, len(todo), 64):
            chunk = todo[i:i + 64]
            enc = self.tok(chunk, padding=True, truncation=True, max_length=128, return_tensors="pt",
                           return_token_type_ids=True)
            with torch.no_grad():
                h = self.model(**enc).last_hidden_state
            m = enc["attention_mask"].unsqueeze(-1).float()
            v = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1).numpy()
            self.memo.update(zip(chunk, v))
        return np.stack([self.memo[t] for t in texts])

    def rank(self, text, es):
        q = self.vec([text])[0]
        near = [max(float(self.vec([p])[0] @ q) for p in [e[1]] + e[3]) + 0.6 * float(self.vec([e[2]])[0] @ q) for e in es]
        return sorted(range(len(es)), key=lambda i: -near[i])


def pairs(items, entries, ranker, rnd):
    out = []
    for (_, b, expected, kind, text) in items:
        es = entries[b]
        order = ranker.rank(text, es)
        pos = [i for i in order if kind == "para" and es[i][0] == expected]
        negs = [i for i in order if i not in pos]
        chosen = negs[:NEGATIVES - 1] + rnd.sample(negs[NEGATIVES - 1:], min(1, len(negs[NEGATIVES - 1:])))
        out += [(text, doc(es[i]), 1.0) for i in pos] + [(text, doc(es[i]), 0.0) for i in chosen]
    for b in {it[1] for it in items}:  # the owner's own phrasings read as their entry's
        for e in entries[b]:
            for p in e[3]:
                out.append((p, doc(e), 1.0))
                out += [(p, doc(o), 0.0) for o in rnd.sample([o for o in entries[b] if o[0] != e[0]], 2)]
    return out


def encode(tok, chunk):
    return tok([c[0] for c in chunk], [c[1] for c in chunk], padding=True, truncation=True, max_length=128,
               return_tensors="pt", return_token_type_ids=True)


def train(items, entries, tok, ranker):
    rnd = random.Random(SEED)
    torch.manual_seed(SEED)
    ps = pairs(items, entries, ranker, rnd)
    model = BertForSequenceClassification.from_pretrained(BASE, num_labels=1)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    steps = EPOCHS * ((len(ps) + 31) // 32)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, 1 - s / steps))
    loss_of = torch.nn.BCEWithLogitsLoss()
    model.train()
    t0 = time.time()
    for epoch in range(EPOCHS):
        rnd.shuffle(ps)
        total = 0.0
        for i in range(0, len(ps), 32):
            chunk = ps[i:i + 32]
            loss = loss_of(model(**encode(tok, chunk)).logits.squeeze(-1), torch.tensor([c[2] for c in chunk]))
            loss.backward()
            opt.step(); sched.step(); opt.zero_grad()
            total += loss.item()
        print(f"  epoch {epoch}: loss {total:.1f} over {len(ps)} pairs, {time.time() - t0:.0f} s", flush=True)
    return model.eval()


def judge(model, tok, ranker, entries, items, top=3):
    """As the bot does: the embedding's top entries, the one the judge believes most."""
    out = []
    for it in items:
        es = entries[it[1]]
        cand = ranker.rank(it[4], es)[:top]
        with torch.no_grad():
            p = torch.sigmoid(model(**encode(tok, [(it[4], doc(es[i]), 0) for i in cand])).logits.squeeze(-1)).numpy()
        k = int(np.argmax(p))
        out.append((it, es[cand[k]][0], float(p[k])))
    return out


def report(res, label):
    para = [r for r in res if r[0][3] == "para"]
    near = [r for r in res if r[0][3] == "near"]
    off = [r for r in res if r[0][3] == "off"]
    for t in [0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99]:
        right = sum(1 for r in para if r[2] >= t and r[1] == r[0][2])
        wrong = sum(1 for r in para if r[2] >= t and r[1] != r[0][2])
        print(f"{label} p>={t}: right {right}/{len(para)} = {100 * right / max(1, len(para)):.1f}%, wrong {wrong}, "
              f"near {sum(1 for r in near if r[2] >= t)}/{len(near)}, off {sum(1 for r in off if r[2] >= t)}/{len(off)}",
              flush=True)
    for r in sorted(off, key=lambda r: -r[2])[:5]:
        print(f"  highest unrelated {r[2]:.3f}: {r[0][4]}")


if __name__ == "__main__":
    entries, questions = load()
    tok = PreTrainedTokenizerFast.from_pretrained(BASE)
    ranker = Ranker(tok)
    if sys.argv[1] == "eval":
        for b in sys.argv[2].split(","):
            model = train([q for q in questions if q[1] != b], entries, tok, ranker)
            report(judge(model, tok, ranker, entries, [q for q in questions if q[1] == b]), f"new business {b}")
    else:
        model = train(questions, entries, tok, ranker)
        model.save_pretrained(sys.argv[2])
        tok.save_pretrained(sys.argv[2])

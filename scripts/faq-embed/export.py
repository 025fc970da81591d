"""Writes a tuned model (tune.py) as the node loads it: a quantized ONNX file whose one output is the
tokens' last hidden states (as the Maven artifact's all-minilm-l6-v2-q.onnx), and its tokenizer, and checks
the pooled vectors against PyTorch.  python export.py MODEL_DIR OUT_DIR"""
import json
import os
import sys

import numpy as np
import onnxruntime
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from unsigned import make_unsigned
from transformers import BertModel, PreTrainedTokenizerFast

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
model = BertModel.from_pretrained(src, add_pooling_layer=False).eval()
model.config.return_dict = False
tok = PreTrainedTokenizerFast.from_pretrained(src)
texts = ["what time do you shut on a thursday", "Hi, my daughter has her party on the 12th, can we book the back room?"]
enc = tok(texts, padding=True, return_tensors="pt", return_token_type_ids=True)
args = (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])


class Hidden(torch.nn.Module):
    """The tokens' last hidden states, the inputs by name (the model's forward has more positional ones)."""

    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]


full = os.path.join(out, "full.onnx")
axes = {0: "batch_size", 1: "sequence_length"}
torch.onnx.export(Hidden(model), args, full, input_names=["input_ids", "attention_mask", "token_type_ids"],
                  output_names=["last_hidden_state"],
                  dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                "last_hidden_state": axes}, opset_version=14, dynamo=False)
target = os.path.join(out, "model-q.onnx")
quantize_dynamic(full, target, weight_type=QuantType.QInt8, per_channel=True)  # per tensor: cosine 0.93
make_unsigned(target)  # the same products, exact on CPUs without VNNI too (unsigned.py says why)
os.remove(full)
tok.backend_tokenizer.save(os.path.join(out, "tokenizer.json"))
# The length said outright (BERT's 512, what the node's tokenizer assumes anyway), or it warns at every load.
with open(os.path.join(out, "tokenizer.json"), encoding="utf-8") as f:
    spec = json.load(f)
spec["truncation"] = {"direction": "Right", "max_length": 512, "strategy": "LongestFirst", "stride": 0}
with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
    json.dump(spec, f, ensure_ascii=False)


def pooled(h, mask):
    m = mask[..., None].astype(np.float32)
    v = (h * m).sum(1) / m.sum(1)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


# One text at a time, as the node embeds: the activations' quantization scale is taken over the whole
# input, so a padded batch would measure something the node never computes.
session = onnxruntime.InferenceSession(target)
model = BertModel.from_pretrained(src, add_pooling_layer=False).eval()  # fresh: the export leaves its copy traced
checks = texts + ["p/x?", "Dear Sir/Madam, could you kindly send me directions to your premises?", "hours?",
                  "my parents live in Spain, is that a problem?", "Winter sale starts now: 30% off everything!"]
cos = []
for text in checks:
    one = tok([text], return_tensors="pt", return_token_type_ids=True)
    with torch.no_grad():
        want = pooled(Hidden(model)(one["input_ids"], one["attention_mask"], one["token_type_ids"]).numpy(),
                      one["attention_mask"].numpy())
    got = pooled(session.run(None, {k: one[k].numpy() for k in ["input_ids", "attention_mask", "token_type_ids"]})[0],
                 one["attention_mask"].numpy())
    cos.append(float((want * got).sum()))
print("cosine of PyTorch's and the quantized file's vectors", np.round(cos, 4), "bytes", os.path.getsize(target))
assert min(cos) > 0.98

"""Writes a trained judge as a quantized ONNX file (work/faq-judge.onnx, 23 MB), the form a server would
load with ONNX Runtime, and checks it against PyTorch.  python export.py MODEL_DIR"""
import os, sys
import numpy as np, onnxruntime, torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "work/faq-judge.onnx")
model = BertForSequenceClassification.from_pretrained(sys.argv[1]).eval()
model.config.return_dict = False
tok = PreTrainedTokenizerFast.from_pretrained(sys.argv[1])
enc = tok(["is the library open on sundays", "do u ship to ohio"], ["What are your opening hours? Tue-Sat 9-6.",
          "How long does shipping take? Orders ship within a day."], padding=True, return_tensors="pt",
          return_token_type_ids=True)
args = (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
full = os.path.join(HERE, "work/faq-judge-full.onnx")
axes = {0: "batch", 1: "tokens"}
torch.onnx.export(model, args, full, input_names=["input_ids", "attention_mask", "token_type_ids"],
                  output_names=["logits"], dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                                         "token_type_ids": axes, "logits": {0: "batch"}},
                  opset_version=17, dynamo=False)
quantize_dynamic(full, OUT, weight_type=QuantType.QInt8)
with torch.no_grad():
    want = torch.sigmoid(model(*args)[0]).numpy().ravel()
feed = {k: v.numpy() for k, v in zip(["input_ids", "attention_mask", "token_type_ids"], args)}
got = 1 / (1 + np.exp(-onnxruntime.InferenceSession(OUT).run(None, feed)[0].ravel()))
print("PyTorch", want, "quantized ONNX", got, "bytes", os.path.getsize(OUT))
assert np.abs(want - got).max() < 0.05

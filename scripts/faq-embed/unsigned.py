"""Makes a dynamically quantized ONNX model's 8-bit weights unsigned, with the same products.

quantize_dynamic(weight_type=QInt8) writes signed weights. onnxruntime multiplies unsigned
activations by signed weights on x86 CPUs without VNNI (AVX2 alone) with VPMADDUBSW, whose 16-bit
sums saturate: there the sentence vectors came out at cosine 0.989-0.995 of the exact ones and the
FAQ bot decided differently from machine to machine. Unsigned weights take the U8U8 kernels, which
widen to 16 bits before multiplying, so every CPU computes the exact integer products.

Each MatMulInteger's weight w and zero point z (int8) become w + 128 and z + 128 (uint8): the
operator multiplies (a - za) by (w - z), which is unchanged.

    python unsigned.py model-q.onnx [out.onnx]   # in place without out.onnx
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def make_unsigned(source, target=None):
    model = onnx.load(source)
    initializers = {i.name: i for i in model.graph.initializer}
    changed = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        for name in (node.input[1], node.input[3]):  # B and its zero point
            if name in changed:
                continue  # shared by several products
            tensor = initializers[name]
            values = numpy_helper.to_array(tensor)
            if values.dtype == np.uint8:
                continue
            assert values.dtype == np.int8, (name, values.dtype)
            tensor.CopyFrom(numpy_helper.from_array((values.astype(np.int16) + 128).astype(np.uint8), name))
            changed.add(name)
    onnx.checker.check_model(model)
    onnx.save(model, target or source)
    return len(changed)


if __name__ == "__main__":
    print("tensors made unsigned:", make_unsigned(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))

#!/usr/bin/env python3
"""Writes a copy of a GGUF model with every tensor dequantized to F32 (same metadata).

ggml rounds no activations for F32 weights, so the runner on this copy must agree with
llama_numpy.py's float64 reference to float32 accuracy; on SmolLM2-135M-Instruct it does to
mean |Δ log p| 0.001, max 0.005:

    /tmp/potvenv/bin/python scripts/reference/dequantize_gguf.py MODEL.gguf /tmp/model-f32.gguf
    POT_TEST_MODEL=/tmp/model-f32.gguf swift test --filter ReferenceTests
"""
import sys

import numpy as np
from gguf import GGUFReader, GGUFValueType, GGUFWriter
from gguf.quants import dequantize


def copy_metadata(reader, writer):
    """Every key of `reader` into `writer`, tokenizer included, as it is."""
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue  # written by GGUFWriter itself
        kind = field.types[0]
        if kind == GGUFValueType.ARRAY:
            writer.add_key_value(key, field.contents(), kind, sub_type=field.types[-1])
        else:
            writer.add_key_value(key, field.contents(), kind)


def main():
    reader = GGUFReader(sys.argv[1])
    writer = GGUFWriter(sys.argv[2], arch=reader.fields["general.architecture"].contents())
    copy_metadata(reader, writer)
    for tensor in reader.tensors:
        writer.add_tensor(tensor.name, dequantize(tensor.data, tensor.tensor_type).astype(np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main()

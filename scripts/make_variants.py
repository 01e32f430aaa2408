#!/usr/bin/env python3
"""Writes the candidate variants of a GGUF model used to calibrate `pot behave` (issue 8).

From MODEL (the Q4_1 SmolLM2-135M-Instruct that scripts/setup.sh installs) it writes, into
OUTDIR (default $POT_CACHE/variants, i.e. ~/.cache/pot/variants; never into the repository):

  f16.gguf       every quantized tensor dequantized and stored as F16
  q8_0.gguf      every quantized tensor dequantized and re-encoded as Q8_0
  noise1.gguf    attn_q/k/v/output of one block (default 0) get Gaussian noise of 1% of each
                 tensor's standard deviation; those four tensors are stored as F16, all others
                 keep their original bytes
  noise10.gguf   every ffn_gate/ffn_up/ffn_down tensor gets noise of 10% of its standard
                 deviation, stored as F16; all others keep their original bytes

Noise is drawn from numpy's PCG64 with a fixed seed, so the files are the same on every run.
Metadata (tokenizer included) is copied unchanged.

    python3 -m venv /tmp/potvenv && /tmp/potvenv/bin/pip install gguf numpy
    /tmp/potvenv/bin/python scripts/make_variants.py ~/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf
"""
import argparse
import os
import re

import numpy as np
from gguf import GGMLQuantizationType as Q, GGUFReader, GGUFWriter
from gguf.quants import dequantize, quantize

from reference.dequantize_gguf import copy_metadata

QUANTIZED = {Q.Q4_0, Q.Q4_1, Q.Q5_0, Q.Q5_1, Q.Q8_0}


def write_variant(reader, path, transform):
    """transform(tensor) returns (array, raw_dtype) or None to keep the original bytes."""
    writer = GGUFWriter(path, arch=reader.fields["general.architecture"].contents())
    copy_metadata(reader, writer)
    for tensor in reader.tensors:
        out = transform(tensor)
        if out is None:
            writer.add_tensor(tensor.name, tensor.data, raw_dtype=tensor.tensor_type)
        else:
            array, dtype = out
            writer.add_tensor(tensor.name, array, raw_dtype=dtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


def reencode(qtype):
    def transform(tensor):
        if tensor.tensor_type not in QUANTIZED:
            return None
        values = dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        if qtype == Q.F16:
            return values.astype(np.float16), Q.F16
        return quantize(values, qtype), qtype
    return transform


def noisy(pattern, fraction, seed):
    rng = np.random.Generator(np.random.PCG64(seed))
    regex = re.compile(pattern)

    def transform(tensor):
        if not regex.fullmatch(tensor.name):
            return None
        values = dequantize(tensor.data, tensor.tensor_type).astype(np.float64)
        values += rng.standard_normal(values.shape) * (fraction * values.std())
        return values.astype(np.float16), Q.F16
    return transform


def main():
    cache = os.environ.get("POT_CACHE", os.path.expanduser("~/.cache/pot"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("outdir", nargs="?", default=os.path.join(cache, "variants"))
    parser.add_argument("--block", type=int, default=0, help="block whose attention gets 1%% noise")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    reader = GGUFReader(args.model)
    out = lambda name: os.path.join(args.outdir, name)
    write_variant(reader, out("f16.gguf"), reencode(Q.F16))
    write_variant(reader, out("q8_0.gguf"), reencode(Q.Q8_0))
    attention = rf"blk\.{args.block}\.attn_(q|k|v|output)\.weight"
    write_variant(reader, out("noise1.gguf"), noisy(attention, 0.01, args.seed))
    write_variant(reader, out("noise10.gguf"), noisy(r"blk\.\d+\.ffn_(gate|up|down)\.weight", 0.10, args.seed + 1))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Model files and their Poseidon tensor commitment C(W) (docs/training.md), independent of the
Swift code: the files are written by the upstream writers (safetensors' save_file, gguf-py's
GGUFWriter) and read back with the upstream readers (safe_open, GGUFReader); values become
fixed-point round(x * 2^16), half away from zero, and C(W) is computed with the definitions of
scripts/vectors/commitment_vectors.py over the `poseidon-hash` package.
PoseidonModelCommitmentTests reads Tests/PoTTrainingTests/Fixtures/poseidon_model.json.

Run (about two minutes):
  python3 -m venv /tmp/poseidon-venv
  /tmp/poseidon-venv/bin/pip install poseidon-hash==0.1.4 galois==0.3.10 numba==0.59.1 numpy==1.26.4 safetensors gguf
  /tmp/poseidon-venv/bin/python scripts/vectors/poseidon_model_vectors.py Tests/PoTTrainingTests/Fixtures
"""
import json
import math
import os
import random
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from commitment_vectors import H, ZERO, depth, pack  # noqa: E402

SALT = 0x0badc0ffee0ddf00d5eed5a17000000000000000000000000000000000000042


def root(leaves):
    level = leaves + [0] * (2**depth(len(leaves)) - len(leaves))
    while len(level) > 1:
        level = [H(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def fixed(x):
    """round(x * 2^16), half away from zero; x * 2^16 is exact in a double."""
    s = float(x) * 65536.0
    return int(math.copysign(math.floor(abs(s) + 0.5), s))


def commitment(tensors):
    """tensors: [(name, values)] in storage order."""
    leaves = []
    for _, values in tensors:
        leaves += pack([fixed(v) for v in values])
    return root(leaves + [SALT])


def values(rng, n, scale):
    """Random values plus exact halves at 2^-17 (which round away from zero)."""
    edge = [3 / 2**17, -3 / 2**17, 5 / 2**17, -1 / 2**17, 0.0]
    return np.array(edge + [rng.uniform(-scale, scale) for _ in range(n - len(edge))])


def read_safetensors(path):
    from safetensors import safe_open
    with open(path, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
    names = sorted((k for k in header if k != "__metadata__"), key=lambda k: header[k]["data_offsets"][0])
    floats, skipped = [], []
    with safe_open(path, "np") as f:
        for name in names:
            if header[name]["dtype"] in ("F32", "F16", "BF16"):
                floats.append((name, f.get_tensor(name).astype(np.float64).ravel().tolist()))
            else:
                skipped.append(name)
    return floats, skipped


def read_gguf(path):
    from gguf import GGUFReader, GGMLQuantizationType as T
    floats, skipped = [], []
    for t in sorted(GGUFReader(path).tensors, key=lambda t: t.data_offset):
        if t.tensor_type in (T.F32, T.F16):
            floats.append((t.name, np.asarray(t.data).astype(np.float64).ravel().tolist()))
        elif t.tensor_type == T.BF16:
            bits = np.frombuffer(np.asarray(t.data).tobytes(), dtype=np.uint16).astype(np.uint32) << 16
            floats.append((t.name, bits.view(np.float32).astype(np.float64).tolist()))
        else:
            skipped.append(t.name)
    return floats, skipped


def bf16(array):
    """float32 values truncated to bfloat16 bit patterns (uint16)."""
    return (np.asarray(array, dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)


def main():
    out = sys.argv[1]
    j = lambda name: os.path.join(out, name)
    rng = random.Random(20261205)
    from safetensors.numpy import save_file
    from gguf import GGUFWriter, GGMLQuantizationType

    # An MLP 6 -> 4 -> 3 as a trainer would write it, plus a tensor that is not a float.
    save_file({
        "fc1.weight": values(rng, 24, 2.0).astype(np.float32).reshape(4, 6),
        "fc1.bias": values(rng, 8, 0.5).astype(np.float16)[:4],
        "fc2.weight": values(rng, 12, 3.0).astype(np.float32).reshape(3, 4),
        "fc2.bias": np.array([0.25, -0.125, 1 / 2**17], dtype=np.float16),
        "steps": np.array([7], dtype=np.int64),
    }, j("mlp.safetensors"))

    w = GGUFWriter(j("mlp.gguf"), "mlp")
    w.add_tensor("fc1.weight", values(rng, 24, 2.0).astype(np.float32).reshape(4, 6))
    w.add_tensor("fc1.bias", values(rng, 8, 0.5).astype(np.float16)[:4])
    w.add_tensor("fc2.weight", bf16(values(rng, 12, 3.0)).reshape(3, 4), raw_dtype=GGMLQuantizationType.BF16)
    w.add_tensor("fc2.bias", np.array([1.5, -2.5, 16383.0], dtype=np.float32))
    w.add_tensor("labels", np.array([1, 2, 3], dtype=np.int32))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()

    # 16384.0 is 2^30 at scale 2^16, one past the largest value.
    save_file({"a": np.array([1.0, 2.0], dtype=np.float32), "b": np.array([0.5, -1.0, 16384.0], dtype=np.float32)},
              j("out_of_range.safetensors"))

    models = {}
    for name, reader in (("mlp.safetensors", read_safetensors), ("mlp.gguf", read_gguf)):
        floats, skipped = reader(j(name))
        models[name] = {"tensors": [n for n, _ in floats], "skipped": skipped,
                        "values": sum(len(v) for _, v in floats), "root": "%064x" % commitment(floats)}
    print(json.dumps({
        "source": "safetensors/gguf-py writers and readers, C(W) by scripts/vectors/poseidon_model_vectors.py "
                  "over poseidon-hash 0.1.4 (PyPI) configured as circomlib",
        "salt": "%064x" % SALT, "models": models}, indent=1), file=open(j("poseidon_model.json"), "w"))


if __name__ == "__main__":
    main()

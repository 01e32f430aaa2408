#!/usr/bin/env python3
"""Tiny random GGUF models and their float64 reference log-probabilities (issue 7 tests).

Writes, for `llama` (tied output embedding) and `qwen2` (Q/K/V biases, separate output), a
2-layer F32 model with grouped-query attention small enough to commit, and a JSON fixture
with random token ids and, from llama_numpy.py's forward pass, the log-probability of each next
token and the reference's most likely next token. With F32 weights ggml rounds no activations,
so the runner must agree to float32 accuracy.

`tiny-llama-256` is a third, wider llama (3.0 MB) whose every matrix row is 256 long: the
K-quants (Q2_K ... Q6_K) pack rows in super-blocks of 256 and cannot encode the others' rows of 32
or 64. Four query heads share one key/value head of width 64.

    /tmp/potvenv/bin/python scripts/reference/tiny_models.py Tests/PoTModelsTests/Fixtures
"""
import json
import os
import sys

import numpy as np
from gguf import GGUFReader, GGUFWriter

from llama_numpy import forward, load_weights

SMALL = dict(VOCAB=64, EMBED=32, FFN=64, HEADS=4, KV_HEADS=2, LAYERS=2, CONTEXT=128)
# Rows of 256 (embedding, FFN and attention widths) for the K-quants; every other size as small
# as that allows, to keep the committed file under 3 MB.
WIDE = dict(VOCAB=64, EMBED=256, FFN=256, HEADS=4, KV_HEADS=1, LAYERS=2, CONTEXT=128)


def write_model(path, arch, rng, dims, metadata=None):
    """Writes the random model; `metadata(writer)`, if given, adds keys after the hyperparameters."""
    VOCAB, EMBED, FFN, HEADS, KV_HEADS, LAYERS, CONTEXT = (dims[k] for k in (
        "VOCAB", "EMBED", "FFN", "HEADS", "KV_HEADS", "LAYERS", "CONTEXT"))
    hd = EMBED // HEADS
    w = GGUFWriter(path, arch=arch)
    w.add_block_count(LAYERS)
    w.add_context_length(CONTEXT)
    w.add_embedding_length(EMBED)
    w.add_feed_forward_length(FFN)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(VOCAB)
    if metadata:
        metadata(w)

    def add(name, *shape, scale=None, offset=0.0):
        # Weights larger than a trained model's make the distributions peaked, so that errors
        # in the graph show up as large log-probability differences.
        scale = scale if scale is not None else 2 / np.sqrt(shape[-1])
        w.add_tensor(name, (offset + rng.standard_normal(shape) * scale).astype(np.float32))

    # The tied output makes the logits' spread grow with the embedding's norm: scaled to the
    # 32-wide models' so that the wide model is no more peaked than they are.
    add("token_embd.weight", VOCAB, EMBED, scale=np.sqrt(32 / EMBED))
    for l in range(LAYERS):
        p = f"blk.{l}."
        add(p + "attn_norm.weight", EMBED, scale=0.2, offset=1.0)
        add(p + "attn_q.weight", HEADS * hd, EMBED)
        add(p + "attn_k.weight", KV_HEADS * hd, EMBED)
        add(p + "attn_v.weight", KV_HEADS * hd, EMBED)
        if arch == "qwen2":
            add(p + "attn_q.bias", HEADS * hd, scale=0.5)
            add(p + "attn_k.bias", KV_HEADS * hd, scale=0.5)
            add(p + "attn_v.bias", KV_HEADS * hd, scale=0.5)
        add(p + "attn_output.weight", EMBED, HEADS * hd)
        add(p + "ffn_norm.weight", EMBED, scale=0.2, offset=1.0)
        add(p + "ffn_gate.weight", FFN, EMBED)
        add(p + "ffn_up.weight", FFN, EMBED)
        add(p + "ffn_down.weight", EMBED, FFN)
    add("output_norm.weight", EMBED, scale=0.2, offset=1.0)
    if arch == "qwen2":
        add("output.weight", VOCAB, EMBED)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    # The wide model draws from a generator of its own, so that adding it left the first two
    # fixtures byte for byte as they were.
    for name, arch, dims, gen in (("tiny-llama", "llama", SMALL, rng), ("tiny-qwen2", "qwen2", SMALL, rng),
                                  ("tiny-llama-256", "llama", WIDE, np.random.default_rng(256))):
        model = os.path.join(out, f"{name}.gguf")
        write_model(model, arch, gen, dims)
        ids = gen.integers(0, dims["VOCAB"], 40)
        reader = GGUFReader(model)
        logp = forward(reader, load_weights(reader), ids)
        fixture = {
            "tokens": [int(i) for i in ids],
            "logprobs": [float(logp[i - 1, ids[i]]) for i in range(1, len(ids))],
            "argmax": [int(a) for a in logp.argmax(axis=1)],
        }
        with open(os.path.join(out, f"{name}_reference.json"), "w") as f:
            json.dump(fixture, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()

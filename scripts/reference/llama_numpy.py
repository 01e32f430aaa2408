#!/usr/bin/env python3
"""Independent float64 reference for the ggml model runner (issue 7).

Dequantizes the weights of a llama-architecture GGUF file with the `gguf` PyPI package and runs
the forward pass in NumPy float64, sharing no code with ggml. Token ids come from the Hugging
Face `tokenizers` library, built from the file's own vocabulary and merges with SmolLM2's
pre-tokenizer (single digits, then GPT-2 byte-level), so the ids are independent too.

With --ggml-rounding the reference also rounds where ggml does, and nowhere else: the input
of every matmul with a quantized weight to 8-bit blocks of 32 (Q8_0/Q8_1: scale = max|x|/127 in
half precision), and queries, keys and values to half precision (ggml's KV cache and flash
attention). The forward pass stays float64 otherwise, so the gap between the two fixtures
measures those roundings alone.

Writes a JSON fixture: the text, its token ids, and for every position i >= 1 the natural-log
probability of token i given the tokens before it, plus the reference's most likely next token
at every position (for the top-1 agreement check) and its five most likely tokens.

    python3 -m venv /tmp/potvenv && /tmp/potvenv/bin/pip install gguf numpy tokenizers
    /tmp/potvenv/bin/python scripts/reference/llama_numpy.py [--ggml-rounding] MODEL.gguf "text" OUT.json
"""
import json
import sys

import numpy as np
from gguf import GGMLQuantizationType, GGUFReader
from gguf.quants import dequantize
from tokenizers import Tokenizer, decoders, models, pre_tokenizers


def field(reader, key):
    return reader.fields[key].contents()


FLOAT_TYPES = {GGMLQuantizationType.F32, GGMLQuantizationType.F16, GGMLQuantizationType.BF16}


def load_weights(reader):
    """Dequantized weights, and the names of those stored quantized."""
    weights, quantized = {}, set()
    for t in reader.tensors:
        # dequantize returns the row-major array whose last axis is ggml's ne[0].
        weights[t.name] = dequantize(t.data, t.tensor_type).astype(np.float64)
        if t.tensor_type not in FLOAT_TYPES:
            quantized.add(t.name)
    return weights, quantized


def identity(x):
    return x


def q8_blocks(x):
    """x rounded as ggml quantizes a matmul input for a quantized weight: blocks of 32 along
    the last axis, each scaled by max|x|/127 (stored in half precision) and rounded."""
    blocks = x.reshape(*x.shape[:-1], -1, 32)
    d = np.abs(blocks).max(axis=-1, keepdims=True) / 127
    q = np.round(np.divide(blocks, d, out=np.zeros_like(blocks), where=d > 0))
    return (q * d.astype(np.float16).astype(np.float64)).reshape(x.shape)


def half(x):
    return x.astype(np.float16).astype(np.float64)


def tokenizer_from_gguf(reader):
    tokens = field(reader, "tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ", 1)) for m in field(reader, "tokenizer.ggml.merges")]
    vocab = {t: i for i, t in enumerate(tokens)}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    return tok


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rope(x, base, neox):
    """Rotates pairs of each head by position-dependent angles. llama GGUF files store Q and K
    permuted so that the pairs are adjacent (x[2i], x[2i+1]); qwen2 keeps Hugging Face's layout,
    pairing x[i] with x[i + d/2]. x: (tokens, heads, head_dim)."""
    n, _, d = x.shape
    inv = base ** (-np.arange(0, d, 2, dtype=np.float64) / d)
    angle = np.arange(n, dtype=np.float64)[:, None] * inv[None, :]
    cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
    first, second = (slice(0, d // 2), slice(d // 2, d)) if neox else (slice(0, d, 2), slice(1, d, 2))
    out = np.empty_like(x)
    out[..., first] = x[..., first] * cos - x[..., second] * sin
    out[..., second] = x[..., first] * sin + x[..., second] * cos
    return out


def forward(reader, weights, ids, ggml_rounding=False):
    w, quantized = weights
    act = q8_blocks if ggml_rounding else identity
    f16 = half if ggml_rounding else identity

    def linear(name, x):
        y = (act(x) if name in quantized else x) @ w[name].T
        bias = name.replace(".weight", ".bias")
        return y + w[bias] if bias in w else y

    arch = field(reader, "general.architecture")
    assert arch in ("llama", "qwen2"), f"reference supports llama and qwen2, not {arch}"
    n_layer = field(reader, f"{arch}.block_count")
    n_head = field(reader, f"{arch}.attention.head_count")
    n_kv = field(reader, f"{arch}.attention.head_count_kv")
    eps = field(reader, f"{arch}.attention.layer_norm_rms_epsilon")
    base = field(reader, f"{arch}.rope.freq_base")
    neox = arch == "qwen2"
    n = len(ids)
    x = w["token_embd.weight"][ids]
    d_model = x.shape[1]
    hd = d_model // n_head
    mask = np.triu(np.full((n, n), -np.inf), k=1)
    for l in range(n_layer):
        p = f"blk.{l}."
        h = rms_norm(x, w[p + "attn_norm.weight"], eps)
        q = f16(rope(linear(p + "attn_q.weight", h).reshape(n, n_head, hd), base, neox))
        k = f16(rope(linear(p + "attn_k.weight", h).reshape(n, n_kv, hd), base, neox))
        v = f16(linear(p + "attn_v.weight", h).reshape(n, n_kv, hd))
        group = n_head // n_kv
        out = np.empty((n, n_head, hd))
        for head in range(n_head):
            kv = head // group
            scores = q[:, head, :] @ k[:, kv, :].T / np.sqrt(hd) + mask
            scores = np.exp(scores - scores.max(axis=1, keepdims=True))
            scores /= scores.sum(axis=1, keepdims=True)
            out[:, head, :] = scores @ v[:, kv, :]
        x = x + linear(p + "attn_output.weight", out.reshape(n, d_model))
        h = rms_norm(x, w[p + "ffn_norm.weight"], eps)
        gate = linear(p + "ffn_gate.weight", h)
        up = linear(p + "ffn_up.weight", h)
        x = x + linear(p + "ffn_down.weight", gate / (1 + np.exp(-gate)) * up)
    x = rms_norm(x, w["output_norm.weight"], eps)
    logits = linear("output.weight" if "output.weight" in w else "token_embd.weight", x)
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))


def main():
    args = sys.argv[1:]
    ggml_rounding = "--ggml-rounding" in args
    path, text, out = [a for a in args if a != "--ggml-rounding"]
    reader = GGUFReader(path)
    ids = tokenizer_from_gguf(reader).encode(text).ids
    logp = forward(reader, load_weights(reader), np.array(ids), ggml_rounding)
    fixture = {
        "text": text,
        "ggml_rounding": ggml_rounding,
        "tokens": ids,
        "logprobs": [float(logp[i - 1, ids[i]]) for i in range(1, len(ids))],
        "argmax": [int(a) for a in logp.argmax(axis=1)],
        # The five most likely next tokens at every position, with their log-probabilities,
        # so that a test can tell a near-tie that rounding may flip from a real disagreement.
        "top": [[[int(t), float(row[t])] for t in np.argsort(-row)[:5]] for row in logp],
    }
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

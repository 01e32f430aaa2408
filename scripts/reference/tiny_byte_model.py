#!/usr/bin/env python3
"""A tiny random llama GGUF whose tokenizer is not SmolLM2's, for the behaviour tests (issue 8).

Its SentencePiece vocabulary is <unk>, <s>, </s> and the 256 byte tokens <0x00>..<0xFF>, so
every text tokenizes (byte fallback) and `pot behave` against SmolLM2 must switch to the
text-level score. Weights are random F32 (2 layers, width 32); what it generates is noise,
which is the point: a candidate that is certainly DIFFERENT.

    /tmp/potvenv/bin/python scripts/reference/tiny_byte_model.py Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf
"""
import sys

import numpy as np
from gguf import GGUFWriter, TokenType

VOCAB, EMBED, FFN, HEADS, KV_HEADS, LAYERS, CONTEXT = 259, 32, 64, 4, 2, 2, 512


def main():
    rng = np.random.default_rng(259)
    w = GGUFWriter(sys.argv[1], arch="llama")
    w.add_block_count(LAYERS)
    w.add_context_length(CONTEXT)
    w.add_embedding_length(EMBED)
    w.add_feed_forward_length(FFN)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_rope_freq_base(10000.0)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(VOCAB)
    w.add_tokenizer_model("llama")
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL] + [TokenType.BYTE] * 256
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_scores([0.0] * VOCAB)
    w.add_unk_token_id(0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_add_bos_token(True)

    def add(name, *shape, scale=None, offset=0.0):
        scale = scale if scale is not None else 2 / np.sqrt(shape[-1])
        w.add_tensor(name, (offset + rng.standard_normal(shape) * scale).astype(np.float32))

    hd = EMBED // HEADS
    add("token_embd.weight", VOCAB, EMBED, scale=1.0)
    for l in range(LAYERS):
        p = f"blk.{l}."
        add(p + "attn_norm.weight", EMBED, scale=0.2, offset=1.0)
        add(p + "attn_q.weight", HEADS * hd, EMBED)
        add(p + "attn_k.weight", KV_HEADS * hd, EMBED)
        add(p + "attn_v.weight", KV_HEADS * hd, EMBED)
        add(p + "attn_output.weight", EMBED, HEADS * hd)
        add(p + "ffn_norm.weight", EMBED, scale=0.2, offset=1.0)
        add(p + "ffn_gate.weight", FFN, EMBED)
        add(p + "ffn_up.weight", FFN, EMBED)
        add(p + "ffn_down.weight", EMBED, FFN)
    add("output_norm.weight", EMBED, scale=0.2, offset=1.0)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()

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
from gguf import TokenType

from tiny_models import write_model

BYTES = dict(VOCAB=259, EMBED=32, FFN=64, HEADS=4, KV_HEADS=2, LAYERS=2, CONTEXT=512)


def byte_tokenizer(w):
    w.add_tokenizer_model("llama")
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL] + [TokenType.BYTE] * 256
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_scores([0.0] * BYTES["VOCAB"])
    w.add_unk_token_id(0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_add_bos_token(True)


def main():
    write_model(sys.argv[1], "llama", np.random.default_rng(259), BYTES, metadata=byte_tokenizer)


if __name__ == "__main__":
    main()

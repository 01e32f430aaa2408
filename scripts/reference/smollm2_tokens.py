#!/usr/bin/env python3
"""Expected SmolLM2 token ids for llama.cpp's tokenizer test texts, from Hugging Face
`tokenizers` built on the model file's own vocabulary and merges (llama.cpp ships no smollm
vocabulary file). Writes the ids in llama.cpp's `.out` format, one line per test text, and the
ids of a chat-formatted text with its control tokens parsed.

    /tmp/potvenv/bin/python scripts/reference/smollm2_tokens.py MODEL.gguf TESTS.inp OUT_DIR
"""
import os
import sys

from gguf import GGUFReader
from tokenizers import AddedToken

from llama_numpy import field, tokenizer_from_gguf

CHAT = "<|im_start|>user\nWhat is 12+30?<|im_end|>\n<|im_start|>assistant\n"


def main():
    model, inp, out = sys.argv[1:]
    reader = GGUFReader(model)
    tok = tokenizer_from_gguf(reader)
    with open(inp, encoding="utf-8") as f:
        raw = f.read()
    sep = "\n__ggml_vocab_test__\n"
    texts = raw.split(sep)
    if raw.endswith(sep):
        texts.pop()
    with open(os.path.join(out, "smollm2.out"), "w") as f:
        for text in texts:
            f.write(" " + " ".join(str(i) for i in tok.encode(text).ids) + "\n")
    tokens, types = field(reader, "tokenizer.ggml.tokens"), field(reader, "tokenizer.ggml.token_type")
    tok.add_special_tokens([AddedToken(t, special=True) for t, ty in zip(tokens, types) if ty == 3])
    with open(os.path.join(out, "smollm2-chat.out"), "w") as f:
        f.write(" " + " ".join(str(i) for i in tok.encode(CHAT).ids) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Copies llama.cpp's vocabulary-only GGUF files (its tokenizer conformance vocabularies) from
# the llama-cpp-python source distribution on PyPI into ~/.cache/pot/llama.cpp-vocab, where
# PoTModelsTests reads the ones too large to keep in the repository. The .inp/.out pairs are
# fixtures in Tests/PoTModelsTests/Fixtures/vocab.
set -euo pipefail
version=0.3.36
dest="${POT_LLAMA_VOCAB_DIR:-$HOME/.cache/pot/llama.cpp-vocab}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --no-binary llama-cpp-python "llama-cpp-python==$version" -d "$work"
tar -xzf "$work"/llama_cpp_python-"$version".tar.gz -C "$work" --wildcards '*/vendor/llama.cpp/models/ggml-vocab-*.gguf'
mkdir -p "$dest"
cp "$work"/llama_cpp_python-"$version"/vendor/llama.cpp/models/ggml-vocab-{llama-bpe,qwen2}.gguf "$dest"/
echo "llama.cpp vocabularies in $dest"

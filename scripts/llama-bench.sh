#!/usr/bin/env bash
# The llama.cpp figures beside `pot bench infer` (docs/models.md): builds llama.cpp's
# `llama-bench` from the llama-cpp-python source distribution on PyPI (the one setup.sh takes
# the tokenizer vocabularies from), with cmake and ninja from PyPI and this CPU's own flags
# (GGML_NATIVE), and runs it on the test model: 128-token prompt evaluation and 128 generated
# tokens, on 1 and 2 threads, means of 5, JSON on stdout. The build (about 8 minutes on two
# cores) is kept in $POT_CACHE/llama.cpp-build and reused. Usage:
#   scripts/llama-bench.sh [MODEL]
set -euo pipefail
cache=${POT_CACHE:-$HOME/.cache/pot}
model=${1:-$cache/models/SmolLM2-135M-Instruct.Q4_1.gguf}
setting() { sed -n "s/^$1=\"\(.*\)\"$/\1/p" "$(dirname "$0")/setup.sh"; }
version=$(setting llama_cpp_python_version)
sdist_sha256=$(setting llama_cpp_python_sdist_sha256)
dir=$cache/llama.cpp-build
bench=$dir/build/bin/llama-bench
say() { echo "llama-bench.sh: $*" >&2; }
[ -f "$model" ] || { say "$model is missing: run make setup"; exit 1; }

if [ ! -x "$bench" ]; then
    mkdir -p "$dir"
    say "installing cmake and ninja from PyPI into $dir/venv"
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check cmake ninja
    say "fetching the llama-cpp-python $version source distribution"
    sdist=$dir/llama_cpp_python-$version.tar.gz
    if [ ! -f "$sdist" ]; then
        python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary llama-cpp-python \
            -d "$dir" "llama-cpp-python==$version"
    fi
    echo "$sdist_sha256  $sdist" | sha256sum --check --status || { say "checksum mismatch: $sdist"; exit 1; }
    tar -xzf "$sdist" -C "$dir"
    say "building llama-bench (native CPU flags; several minutes)"
    "$dir/venv/bin/cmake" -S "$dir/llama_cpp_python-$version/vendor/llama.cpp" -B "$dir/build" -G Ninja \
        -DCMAKE_MAKE_PROGRAM="$dir/venv/bin/ninja" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
        -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
        -DLLAMA_BUILD_TOOLS=ON -DBUILD_SHARED_LIBS=OFF > "$dir/configure.log"
    "$dir/venv/bin/cmake" --build "$dir/build" --target llama-bench -j "$(nproc)" > "$dir/build.log"
fi
"$bench" -m "$model" -p 128 -n 128 -t 1,2 -r 5 -o json

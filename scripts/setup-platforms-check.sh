#!/usr/bin/env bash
# Checks what scripts/setup.sh --dry-run chooses for each of the four platforms it knows, and that
# the choices hold: for Linux x86_64, Linux aarch64 and macOS arm64 the package manager (apt or
# Homebrew) and checksum tool, and a libggml-python wheel that pip really fetches for that
# platform tag, under the stated file name, with the stated sha256 (computed here with both
# sha256sum and shasum), holding the library folder Package.swift links for that OS; for Intel
# Macs a refusal that says why. Wheels are cached in $POT_CACHE/wheels like setup.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${POT_CACHE:-$HOME/.cache/pot}/wheels"
fail() { echo "setup-platforms-check: $*" >&2; exit 1; }

check() { # platform, package manager, checksum tool, library folder
  local platform=$1 manager=$2 tool=$3 lib=$4 out wheel sha pip_platform
  out=$(POT_SETUP_PLATFORM=$platform bash scripts/setup.sh --dry-run 2>&1) || fail "$platform: dry run failed: $out"
  grep -q "packages by $manager, checksums by $tool\$" <<<"$out" || fail "$platform: expected $manager and $tool: $out"
  wheel=$(sed -n 's/.*would fetch \([^ ]*\.whl\) .*/\1/p' <<<"$out")
  pip_platform=$(sed -n 's/.*pip --platform \([^,]*\),.*/\1/p' <<<"$out")
  sha=$(sed -n 's/.*sha256 \([0-9a-f]\{64\}\)).*/\1/p' <<<"$out")
  grep -q "libraries in .deps/ggml/$lib\$" <<<"$out" || fail "$platform: expected .deps/ggml/$lib: $out"
  [ -n "$wheel" ] && [ -n "$pip_platform" ] && [ -n "$sha" ] || fail "$platform: no wheel in: $out"
  if [ ! -f "$cache/$wheel" ]; then
    python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$cache" \
      "libggml-python==$(sed -n 's/^ggml_version="\(.*\)"$/\1/p' scripts/setup.sh)" \
      --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 --platform "$pip_platform"
  fi
  [ -f "$cache/$wheel" ] || fail "$platform: pip fetched no $wheel for --platform $pip_platform"
  [ "$(sha256sum "$cache/$wheel" | cut -d' ' -f1)" = "$sha" ] || fail "$platform: sha256sum of $wheel is not $sha"
  if command -v shasum >/dev/null; then
    [ "$(shasum -a 256 "$cache/$wheel" | cut -d' ' -f1)" = "$sha" ] || fail "$platform: shasum of $wheel is not $sha"
  fi
  python3 - "$cache/$wheel" "$lib" <<'PY' || fail "$platform: $wheel has no libggml/$lib/ with ggml, ggml-base and ggml-cpu"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
lib = "libggml/" + sys.argv[2] + "/"
need = ["libggml.", "libggml-base.", "libggml-cpu."]
sys.exit(0 if all(any(n.startswith(lib + x) for n in names) for x in need) else 1)
PY
  echo "setup-platforms-check: $platform: $manager, $tool, $wheel, .deps/ggml/$lib"
}

check Linux-x86_64 apt sha256sum lib64
check Linux-aarch64 apt sha256sum lib64
check Darwin-arm64 brew "shasum -a 256" lib
if out=$(POT_SETUP_PLATFORM=Darwin-x86_64 bash scripts/setup.sh --dry-run 2>&1); then
  fail "Darwin-x86_64: expected a refusal, got: $out"
fi
grep -q "Intel Macs are not supported" <<<"$out" || fail "Darwin-x86_64: the refusal does not say why: $out"
echo "setup-platforms-check: Darwin-x86_64: refused (no macOS x86_64 wheel)"

#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` (CPU only) from the llama-cpp-python source distribution that
# scripts/setup.sh pins (same version, same sha256), and caches the binary in
# $POT_CACHE/llama-server-<version>/llama-server. Prints the binary's path on stdout. Idempotent:
# a cached binary is reused. Needs cmake and a C++ compiler (installed with apt-get when missing).
# The web UI is not built and nothing is downloaded at build time (LLAMA_USE_PREBUILT_UI=OFF).
set -euo pipefail

cache="${POT_CACHE:-$HOME/.cache/pot}"
version="0.3.36"
sdist_sha256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
dest="$cache/llama-server-$version"
say() { printf 'build-llama-server: %s\n' "$*" >&2; }

if [ -x "$dest/llama-server" ]; then echo "$dest/llama-server"; exit 0; fi

sha_ok() { [ -f "$1" ] && [ "$( (sha256sum "$1" 2>/dev/null || shasum -a 256 "$1") | cut -d' ' -f1)" = "$2" ]; }
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || { say "missing ${need[*]} (install them and run again)"; exit 1; }
  say "installing ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

src="$cache/llama-server-src"
sdist="$src/llama_cpp_python-$version.tar.gz"
mkdir -p "$src"
if ! sha_ok "$sdist" "$sdist_sha256"; then
  say "fetching llama-cpp-python==$version (77 MB source distribution)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary llama-cpp-python \
    -d "$src" "llama-cpp-python==$version"
  sha_ok "$sdist" "$sdist_sha256" || { say "checksum mismatch: $sdist"; exit 1; }
fi

work=$(mktemp -d "$src/build.XXXXXX"); trap 'rm -rf "$work"' EXIT
tar xzf "$sdist" -C "$work" "llama_cpp_python-$version/vendor/llama.cpp"
llama="$work/llama_cpp_python-$version/vendor/llama.cpp"
say "configuring llama.cpp (CPU only, no web UI)"
cmake -S "$llama" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=ON >&2
jobs="$( (nproc || sysctl -n hw.ncpu) 2>/dev/null || echo 2)"
say "building llama-server with $jobs jobs (several minutes on 2 cores)"
cmake --build "$work/build" --target llama-server -j "$jobs" >&2
mkdir -p "$dest"
cp "$work/build/bin/llama-server" "$dest/llama-server.part"
mv "$dest/llama-server.part" "$dest/llama-server"
echo "$dest/llama-server"

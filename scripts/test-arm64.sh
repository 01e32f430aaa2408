#!/usr/bin/env bash
# `make test-arm64`: builds the C kernels with the driver in Tests/CKernels twice, natively
# (x86-64) and with Debian's aarch64 cross compiler, runs the aarch64 build under qemu-aarch64,
# and checks that every run passes its own checks and prints exactly the same bytes. On x86-64
# the native driver also runs with POT_KERNELS=portable (every run-time choice forced to portable
# code); the aarch64 build runs on two emulated CPUs, `max` (with the dot-product instructions:
# the NEON quantized products run) and `cortex-a53` (without them: they must be refused).
# Installs gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user when missing (apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

CROSS_CC=aarch64-linux-gnu-gcc
if ! command -v "$CROSS_CC" >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    echo "test-arm64: installing the aarch64 cross compiler and qemu-user"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user >/dev/null
fi

OUT=.build/arm64-check
mkdir -p "$OUT"
KERNELS="CBN254 CMSM CNTT CPoseidon CQuantMatMul"
INCLUDES=()
SOURCES=()
for k in $KERNELS; do
    INCLUDES+=("-ICSources/$k/include")
    SOURCES+=(CSources/"$k"/*.c)
done
# The package's kernel flags (Package.swift), warnings as errors.
FLAGS=(-O3 -std=c11 -Wall -Wextra -Werror)

build() { # compiler, output
    "$1" "${FLAGS[@]}" "${INCLUDES[@]}" "${SOURCES[@]}" Tests/CKernels/*.c -lm -o "$2"
}
build "${CC:-cc}" "$OUT/driver-x86_64" &
build "$CROSS_CC" "$OUT/driver-aarch64" &
wait %1 && wait %2

run() { # name, command...
    local name=$1
    shift
    if ! "$@" >"$OUT/$name.txt"; then
        cat "$OUT/$name.txt"
        echo "test-arm64: $name failed its checks" >&2
        exit 1
    fi
}
run x86_64 "$OUT/driver-x86_64"
run x86_64-portable env POT_KERNELS=portable "$OUT/driver-x86_64"
run aarch64 env QMM_EXPECT=available qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu "$OUT/driver-aarch64"
run aarch64-a53 env QMM_EXPECT=unavailable qemu-aarch64 -cpu cortex-a53 -L /usr/aarch64-linux-gnu "$OUT/driver-aarch64"

for other in x86_64-portable aarch64 aarch64-a53; do
    if ! cmp -s "$OUT/x86_64.txt" "$OUT/$other.txt"; then
        diff "$OUT/x86_64.txt" "$OUT/$other.txt" >&2 || true
        echo "test-arm64: $other output differs from x86_64's" >&2
        exit 1
    fi
done
cat "$OUT/aarch64.txt"
echo "test-arm64: aarch64 (qemu, with and without the dot-product instructions) and x86-64 outputs are identical"

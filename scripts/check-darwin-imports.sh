#!/usr/bin/env bash
# Checks, on Linux, that the Swift sources do not depend on Glibc alone: every file that imports
# Glibc must have a Darwin branch (#if canImport(Glibc) ... #elseif canImport(Darwin) ...), or
# it will not compile on macOS. A copy of the package is rewritten so that the Glibc branches
# are never taken and the Darwin branches are, with Glibc standing in for Darwin (which does not
# exist here), and every target holding such a file is built from that copy. A file without a
# Darwin branch then has no C library in scope and fails to type-check.
# What it does not check: code under #if os(macOS) (Darwin-only APIs such as mach calls), which
# only a Mac compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=.build/darwin-imports
COPY=$WORK/package
mkdir -p "$COPY"

# The tracked sources of the package (plus the unpacked ggml headers and libraries, by link).
rm -rf "$COPY"/{Sources,circuits,CSources,Tests,Fuzz}
git ls-files -z Package.swift Package.resolved Sources circuits CSources Tests Fuzz | xargs -0 cp -p --parents -t "$COPY"
ln -sfn "$ROOT/.deps" "$COPY/.deps"

TARGETS=()
while IFS= read -r file; do
    sed -i -e 's/canImport(Glibc)/canImport(GlibcHiddenByTheDarwinImportsCheck)/' \
           -e 's/canImport(Darwin)/canImport(Glibc)/' \
           -e 's/^\([[:space:]]*\)import Darwin$/\1import Glibc/' "$COPY/$file"
    touch -r "$file" "$COPY/$file" # unchanged sources must not look new to the next run
    # Sources/<Target>/..., or circuits/ for PoTCircuits
    case "$file" in
        Sources/*) TARGETS+=("$(echo "$file" | cut -d/ -f2)") ;;
        circuits/*) TARGETS+=(PoTCircuits) ;;
        Fuzz/*) TARGETS+=(pot-fuzz) ;;
    esac
done < <(git grep -l 'canImport(Glibc)' -- 'Sources/*.swift' 'circuits/*.swift' 'Fuzz/*.swift')

mapfile -t TARGETS < <(printf '%s\n' "${TARGETS[@]}" | sort -u)
for target in "${TARGETS[@]}"; do
    echo "check-darwin-imports: building $target with Glibc hidden"
    if ! swift build --package-path "$COPY" --scratch-path "$ROOT/$WORK/build" --target "$target" \
        >"$WORK/$target.log" 2>&1; then
        grep -E "^/.*error:" "$WORK/$target.log" | sed "s|$COPY/||" | sort -u >&2 || tail -20 "$WORK/$target.log" >&2
        echo "check-darwin-imports: $target (or a target it uses) does not build without Glibc: the files" \
             "above need '#elseif canImport(Darwin)' / 'import Darwin' beside their Glibc import" >&2
        exit 1
    fi
done
echo "check-darwin-imports: ${TARGETS[*]} build with the Darwin branches"

#!/usr/bin/env bash
# Compares `pot plan`'s peak-memory estimate with the peak resident size `pot prove` reaches,
# for both statements at several k (issue 5: within 15%). Usage:
#   scripts/memory-plan-check.sh [POT] [K...]        (default: .build/release/pot, k = 12 14 16)
set -euo pipefail
POT=${1:-.build/release/pot}
shift || true
KS=${*:-12 14 16}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MAXK=$(printf '%s\n' $KS | sort -n | tail -1)
"$POT" setup generate --k "$MAXK" -o "$WORK/srs" >/dev/null 2>&1
printf '%-16s %3s %10s %10s %7s\n' circuit k estimate measured ratio
for circuit in squaring-chain poseidon-chain; do
  for k in $KS; do
    "$POT" keygen "$circuit" --k "$k" --srs "$WORK/srs" --pk "$WORK/pk" --vk "$WORK/vk" >/dev/null 2>&1
    "$POT" prove --pk "$WORK/pk" --srs "$WORK/srs" -o "$WORK/proof" --json 2>/dev/null | python3 -c "
import json, sys
r = json.load(sys.stdin)
e, m = r['estimated_peak_bytes'] / 2**20, r['peak_rss_bytes'] / 2**20
print(f'{\"$circuit\":16s} {$k:3d} {e:8.1f}Mi {m:8.1f}Mi {m / e:7.3f}')"
  done
done

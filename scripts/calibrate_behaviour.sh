#!/bin/sh
# Calibration of `pot behave` on the real test model and its variants (issue 8, docs/behaviour.md).
#
# Runs `pot behave --mode MODE` with the reference SmolLM2-135M-Instruct Q4_1 against itself and
# the four variants of scripts/make_variants.py, one fresh key per pair, and prints one line per
# pair: decision, queries, mean score, bounds, seconds. Transcripts, keys and reveals go to
# $POT_CACHE/calibration; each transcript is re-verified with its key. Takes several minutes,
# so it is not part of `make test`.
#
#   swift build -c release --product pot
#   /tmp/potvenv/bin/python scripts/make_variants.py ~/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf
#   scripts/calibrate_behaviour.sh [MODE] [POT]
set -eu
MODE=${1:-audit}
POT=${2:-.build/release/pot}
CACHE=${POT_CACHE:-$HOME/.cache/pot}
REF=${POT_TEST_MODEL:-$CACHE/models/SmolLM2-135M-Instruct.Q4_1.gguf}
OUT=$CACHE/calibration
THREADS=${THREADS:-2}
mkdir -p "$OUT"
for name in self f16 q8_0 noise1 noise10; do
    if [ "$name" = self ]; then cand=$REF; else cand=$CACHE/variants/$name.gguf; fi
    [ -f "$cand" ] || { echo "missing $cand: run scripts/make_variants.py first" >&2; exit 1; }
    key=$OUT/$MODE-$name.key
    rm -f "$key"
    "$POT" challenge commit --key "$key" --new-key --mode "$MODE" --run-id "calibration-$MODE-$name" > "$OUT/$MODE-$name.commitment"
    summary=$("$POT" behave --ref "$REF" --cand "$cand" --key "$key" --commitment "$OUT/$MODE-$name.commitment" \
        --threads "$THREADS" --transcript "$OUT/$MODE-$name.ndjson" --json)
    "$POT" challenge reveal "$OUT/$MODE-$name.ndjson" --key "$key" > "$OUT/$MODE-$name.reveal"
    "$POT" behave verify "$OUT/$MODE-$name.ndjson" --key "$OUT/$MODE-$name.reveal" --json > /dev/null
    echo "$summary" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
print(f\"$MODE $name: {d['decision']} n={d['n']} mean={d['mean']:.4f} bounds=[{d['lower']}, {d['upper']}] seconds={d['seconds']:.1f}\")"
done

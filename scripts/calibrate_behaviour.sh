#!/bin/sh
# Calibration of `pot behave` on the real test model and its variants (issue 8, docs/behaviour.md).
#
# Runs `pot behave --mode MODE` with the reference SmolLM2-135M-Instruct Q4_1 against itself and
# the four variants of scripts/make_variants.py, one fresh secret and contribution per pair, and
# prints one line per pair: decision, queries, mean score, bounds, seconds. Transcripts, secrets
# and reveals go to $POT_CACHE/calibration; each transcript is re-verified against its
# commitment, contribution and revealed secret. Takes several minutes,
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
    base=$OUT/$MODE-$name
    rm -f "$base.secret"
    "$POT" challenge commit --secret "$base.secret" --new-secret --ref "$REF" --cand "$cand" --mode "$MODE" \
        --run-id "calibration-$MODE-$name" --threads "$THREADS" > "$base.commitment"
    "$POT" challenge contribute "$base.commitment" > "$base.contribution"
    summary=$("$POT" behave --ref "$REF" --cand "$cand" --secret "$base.secret" --commitment "$base.commitment" \
        --contribution "$base.contribution" --threads "$THREADS" --transcript "$base.ndjson" --json)
    "$POT" challenge reveal "$base.ndjson" --secret "$base.secret" --commitment "$base.commitment" > "$base.reveal"
    "$POT" behave verify "$base.ndjson" --commitment "$base.commitment" --contribution "$base.contribution" \
        --reveal "$base.reveal" --json > /dev/null
    echo "$summary" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
print(f\"$MODE $name: {d['decision']} n={d['n']} mean={d['mean']:.4f} bounds=[{d['lower']}, {d['upper']}] seconds={d['seconds']:.1f}\")"
done

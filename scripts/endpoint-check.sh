#!/usr/bin/env bash
# Endpoint audits against llama.cpp's own server: builds `llama-server` (CPU only) from the
# llama-cpp-python 0.3.36 source distribution that scripts/setup.sh pins
# (scripts/build-llama-server.sh, cached in $POT_CACHE), serves SmolLM2-135M-Instruct and a
# perturbed copy of it (`pot model perturb`: 10 % feed-forward noise, seed 1) on loopback, and
# runs `pot behave --cand-url` against each with the SmolLM2 file as the local reference: the
# served file itself must be SAME, the perturbed copy DIFFERENT, and both transcripts must
# verify with the reference (scores recomputed from the recorded top-k lists). Not part of
# `make test` (the build takes several minutes on 2 cores); docs/behaviour.md quotes it. Usage:
#   scripts/endpoint-check.sh [POT] [MODE]   (default: .build/debug/pot, quick)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
MODE=${2:-quick}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${POT_CACHE:-$HOME/.cache/pot}
MODEL=${POT_TEST_MODEL:-$CACHE/models/SmolLM2-135M-Instruct.Q4_1.gguf}
BANK=$ROOT/params/prompt-bank.json
THREADS=${POT_THREADS:-1}
fail() { echo "endpoint-check: $*" >&2; exit 1; }
say() { echo "endpoint-check: $*" >&2; }
json() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])$1)"; }
[ -f "$MODEL" ] || fail "no test model at $MODEL (run scripts/setup.sh)"

SERVER=$("$ROOT/scripts/build-llama-server.sh")
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"

"$POT" model perturb "$MODEL" -o perturbed.gguf --noise 0.1 --seed 1

# serve NAME FILE: starts llama-server on a free port, waits until it answers, sets URL.
serve() {
    local name=$1 file=$2 port
    port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    "$SERVER" -m "$file" --host 127.0.0.1 --port "$port" -t "$THREADS" -c 2048 --alias "$name" -np 1 > "$name.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 120); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null; then
            URL=http://127.0.0.1:$port; return
        fi
        sleep 1
    done
    fail "llama-server did not come up for $file: $(tail -5 "$name.log")"
}

# audit NAME EXPECTED: commits to the reference file and the endpoint, runs, verifies.
audit() {
    local name=$1 expected=$2
    "$POT" challenge commit --secret "$name.key" --new-secret --ref "$MODEL" --cand-url "$URL" --cand-model "$name" \
        --mode "$MODE" --threads "$THREADS" --bank "$BANK" > "$name-commitment.json"
    "$POT" challenge contribute "$name-commitment.json" > "$name-contribution.json"
    POT_ENDPOINT_CHECK_KEY=not-a-real-key "$POT" behave --ref "$MODEL" --cand-url "$URL" --cand-model "$name" \
        --header 'Authorization: Bearer $POT_ENDPOINT_CHECK_KEY' --secret "$name.key" --commitment "$name-commitment.json" \
        --contribution "$name-contribution.json" --transcript "$name.ndjson" --json --threads "$THREADS" --bank "$BANK" > "$name.json"
    local decision; decision=$(json "['decision']" < "$name.json")
    say "$name: $(cat "$name.json")"
    [ "$decision" = "$expected" ] || fail "$name: $decision where $expected was expected"
    if grep -q not-a-real-key "$name.ndjson"; then fail "$name: a header value reached the transcript"; fi
    "$POT" challenge reveal "$name.ndjson" --secret "$name.key" --commitment "$name-commitment.json" --bank "$BANK" > "$name-reveal.json"
    "$POT" behave verify "$name.ndjson" --commitment "$name-commitment.json" --contribution "$name-contribution.json" \
        --reveal "$name-reveal.json" --ref "$MODEL" --threads "$THREADS" --bank "$BANK" --json > "$name-verify.json"
    [ "$(json "['recomputed_decision']" < "$name-verify.json")" = "$expected" ] || fail "$name: not verified: $(cat "$name-verify.json")"
    # The mass outside the endpoint's top-k lists, q(R), and the scores: what docs/behaviour.md reports.
    python3 - "$name.ndjson" <<'PY'
import json, math, sys
rest, scores = [], []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("type") != "challenge": continue
    scores.append(r["score"])
    rest += [max(0.0, 1 - sum(math.exp(x) for x in row)) for row in r["endpoint"]["top_logprobs"]]
print(f"endpoint-check: {len(scores)} challenges, scores {min(scores):.4f}-{max(scores):.4f} (mean {sum(scores)/len(scores):.4f}); "
      f"mass outside the top-k, q(R): mean {sum(rest)/len(rest):.3f}, median {sorted(rest)[len(rest)//2]:.3f}, max {max(rest):.3f}", file=sys.stderr)
PY
}

serve smollm2 "$MODEL"
audit smollm2 SAME
serve perturbed perturbed.gguf
audit perturbed DIFFERENT
echo "endpoint-check: llama.cpp's llama-server serving SmolLM2 is SAME, serving a perturbed copy DIFFERENT"

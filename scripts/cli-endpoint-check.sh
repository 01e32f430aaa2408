#!/usr/bin/env bash
# Endpoint audits through HTTP on loopback, with `pot serve` as the server (part of `make test`):
# SmolLM2-135M-Instruct served is SAME against its own file, a perturbed copy of it served
# (`pot model perturb`: 10 % feed-forward noise, seed 1) is DIFFERENT, both in quick mode; each
# transcript verifies with the local reference, scores recomputed from the recorded top-k
# lists; an API key given with --header never reaches a transcript; a server that goes away
# mid-run leaves an error line and no made-up score; the SAME run's mean score is exactly 0, and
# it makes an evidence bundle that `pot verify` accepts and `pot report` shows as an endpoint
# with the model root pot serve announced (the reference's). Misbehaving servers are tested in
# Tests/PoTBehaviourTests/EndpointTests.swift; llama.cpp's server in scripts/endpoint-check.sh. Usage:
#   scripts/cli-endpoint-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=${POT_TEST_MODEL:-${POT_CACHE:-$HOME/.cache/pot}/models/SmolLM2-135M-Instruct.Q4_1.gguf}
BANK=$ROOT/params/prompt-bank.json
fail() { echo "cli-endpoint-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])$1)"; }
[ -f "$MODEL" ] || fail "no test model at $MODEL (run scripts/setup.sh)"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
COMMON=(--threads 1 --bank "$BANK")

"$POT" model perturb "$MODEL" -o perturbed.gguf

# serve NAME FILE: `pot serve` on a free port; sets URL from the line it prints once it listens.
serve() {
    local name=$1 file=$2 line=""
    "$POT" serve "$file" --port 0 --threads 1 --served-model-name "$name" > "$name.out" 2> "$name.log" &
    PIDS+=($!)
    for _ in $(seq 1 600); do
        line=$(head -n 1 "$name.out")
        [ -n "$line" ] && break
        kill -0 "${PIDS[-1]}" 2>/dev/null || fail "pot serve stopped for $file: $(tail -3 "$name.log")"
        sleep 0.2
    done
    URL=${line#pot serve: listening on }
    [ "$URL" != "$line" ] || fail "unexpected first line from pot serve: $line"
}

# audit NAME EXPECTED [VERIFY...]: commit to the reference file and the endpoint, run, verify
# (VERIFY: more options for `pot behave verify`).
audit() {
    local name=$1 expected=$2; shift 2
    "$POT" challenge commit --secret "$name.key" --new-secret --ref "$MODEL" --cand-url "$URL" --cand-model "$name" \
        --mode quick "${COMMON[@]}" > "$name-commitment.json"
    "$POT" challenge contribute "$name-commitment.json" > "$name-contribution.json"
    POT_CHECK_KEY=sk-not-a-real-key "$POT" behave --ref "$MODEL" --cand-url "$URL" --cand-model "$name" \
        --header 'Authorization: Bearer $POT_CHECK_KEY' --secret "$name.key" --commitment "$name-commitment.json" \
        --contribution "$name-contribution.json" --transcript "$name.ndjson" --json "${COMMON[@]}" > "$name.json"
    [ "$(json "['decision']" < "$name.json")" = "$expected" ] || fail "$name: $(cat "$name.json") where $expected was expected"
    if grep -q sk-not-a-real-key "$name.ndjson"; then fail "$name: a header value reached the transcript"; fi
    [ "$(head -n 1 "$name.ndjson" | json "['endpoint']['header_names']")" = "['Authorization']" ] || fail "$name: header names not recorded"
    "$POT" behave verify "$name.ndjson" --commitment "$name-commitment.json" --contribution "$name-contribution.json" \
        --ref "$MODEL" "${COMMON[@]}" --json "$@" > "$name-verify.json"
    [ "$(json "['verified']" < "$name-verify.json")" = True ] || fail "$name: not verified: $(cat "$name-verify.json")"
    echo "cli-endpoint-check: $name: $(cat "$name.json")" >&2
}

serve smollm2 "$MODEL"
audit smollm2 SAME --sample 4
# The same file on both sides scores exactly 0 (the server's float32 log-probabilities read back exactly).
[ "$(json "['mean'] == 0" < smollm2.json)" = True ] || fail "smollm2: mean score $(json "['mean']" < smollm2.json), not 0"

# The endpoint run in an evidence bundle: the reference's document only; pot verify checks the
# endpoint (identity from URL, model and k, the header's, the top-k score) and pot report says what was served.
"$POT" challenge reveal smollm2.ndjson --secret smollm2.key --commitment smollm2-commitment.json --bank "$BANK" > smollm2-reveal.json
"$POT" commit "$MODEL" -o reference.json > /dev/null
"$POT" bundle create -o endpoint.bundle --reference reference.json --challenge-commitment smollm2-commitment.json \
    --contribution smollm2-contribution.json --transcript smollm2.ndjson --reveal smollm2-reveal.json --bank "$BANK" > /dev/null
"$POT" verify endpoint.bundle > bundle-verify.txt || fail "the endpoint run's bundle does not verify: $(cat bundle-verify.txt)"
grep -q "behaviour.endpoint" bundle-verify.txt || fail "no endpoint check: $(cat bundle-verify.txt)"
"$POT" bundle show endpoint.bundle | grep -qF "candidate: endpoint $URL/v1/completions, model smollm2, top-k 20" \
    || fail "pot bundle show does not name the served candidate: $("$POT" bundle show endpoint.bundle)"
"$POT" report endpoint.bundle -o report.html > /dev/null
ROOT_HEX=$(python3 -c "import json; print(json.load(open('reference.json'))['model_root'])")
grep -qF "<tr><th>candidate</th><td>endpoint $URL/v1/completions, model smollm2, top-k 20 (the server announced model root <code>$ROOT_HEX</code>, the reference root" report.html \
    || fail "the report does not name the served candidate: $(grep -o '<tr><th>candidate</th>[^\n]*' report.html)"
serve perturbed perturbed.gguf
audit perturbed DIFFERENT
# Every score recomputed from the recorded top-k lists gives the recorded decision again.
[ "$(json "['recomputed_decision']" < perturbed-verify.json)" = DIFFERENT ] || fail "not recomputed: $(cat perturbed-verify.json)"

# The server goes away: the run stops at the first challenge with an error line, no score, exit 2.
kill "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null || true
if "$POT" behave --ref "$MODEL" --cand-url "$URL" --cand-model perturbed --retries 1 --secret perturbed.key \
    --commitment perturbed-commitment.json --contribution perturbed-contribution.json --transcript gone.ndjson "${COMMON[@]}" \
    > /dev/null 2> gone.err; then fail "a run against a stopped server succeeded"; fi
[ "$(tail -n 1 gone.ndjson | json "['type']")" = error ] || fail "no error line: $(tail -n 1 gone.ndjson)"
if grep -q '"score"' gone.ndjson; then fail "a score was recorded for a failed query"; fi
grep -q "after 2 attempts" gone.err || fail "the error does not say what failed: $(cat gone.err)"
echo "cli-endpoint-check: pot serve's SmolLM2 is SAME, its perturbed copy DIFFERENT, both verified; a stopped server is an error, not a score"

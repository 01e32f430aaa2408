#!/usr/bin/env bash
# End-to-end check of `pot serve` as a user runs it, on the tiny byte model of the fixtures:
# the listening line on stdout (port 0), /v1/models carrying the model root `pot commit` prints,
# a greedy completion with token ids and log-probabilities, an OpenAI error object for a bad
# request, a second server refused on a port in use (exit 2), SIGTERM ending the server with
# exit 0, and a model without a tokenizer refused before listening. Usage:
#   scripts/cli-serve-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
cd "$(dirname "$0")/.."
POT=$(realpath "${1:-.build/debug/pot}")
MODEL=Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf
WORK=$(mktemp -d)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "cli-serve-check: $*" >&2; exit 1; }

"$POT" serve "$MODEL" --port 0 --threads 1 --max-tokens-limit 32 > "$WORK/out" 2> "$WORK/err" &
SERVER=$!
for _ in $(seq 100); do
    grep -q "listening on" "$WORK/out" && break
    kill -0 "$SERVER" 2> /dev/null || fail "pot serve stopped: $(cat "$WORK/err")"
    sleep 0.1
done
LINE=$(head -n 1 "$WORK/out")
[[ "$LINE" =~ ^pot\ serve:\ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || fail "unexpected first line: $LINE"
PORT=${BASH_REMATCH[1]}
ROOT=$("$POT" commit "$MODEL" --threads 1 | sed -n 's/^model root *//p')

python3 - "$PORT" "$ROOT" <<'PY'
import json, sys, urllib.error, urllib.request
port, root = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"

def post(body):
    request = urllib.request.Request(base + "/v1/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)

models = json.load(urllib.request.urlopen(base + "/v1/models"))
entry = models["data"][0]
assert entry["id"] == "tiny-bytes.gguf", entry["id"]
assert entry["pot_commitment"]["model_root"] == root, (entry["pot_commitment"], root)

status, answer = post({"model": "tiny-bytes.gguf", "prompt": [1, 72, 105], "max_tokens": 8, "temperature": 0,
                       "logprobs": 4, "ignore_eos": True, "return_tokens_as_token_ids": True})
assert status == 200, answer
choice = answer["choices"][0]
logprobs = choice["logprobs"]
assert len(logprobs["tokens"]) == 8 and all(t.startswith("token_id:") for t in logprobs["tokens"]), logprobs["tokens"]
for token, chosen, top in zip(logprobs["tokens"], logprobs["token_logprobs"], logprobs["top_logprobs"]):
    assert 4 <= len(top) <= 5 and top[token] == chosen and chosen <= 0, (token, chosen, top)
    # Greedy: the generated token is the likeliest one.
    assert chosen == max(top.values()), (token, top)
assert answer["usage"] == {"prompt_tokens": 3, "completion_tokens": 8, "total_tokens": 11}, answer["usage"]

status, answer = post({"model": "tiny-bytes.gguf", "prompt": "Hi", "max_tokens": 33, "temperature": 0})
assert status == 400 and answer["error"]["type"] == "invalid_request_error", answer
assert "max_tokens must be between 1 and 32" in answer["error"]["message"], answer
PY

if "$POT" serve "$MODEL" --port "$PORT" --threads 1 > /dev/null 2> "$WORK/busy"; then fail "a second server started on port $PORT"; fi
grep -q "^pot: cannot serve on 127.0.0.1:$PORT" "$WORK/busy" || fail "no error for a port in use: $(cat "$WORK/busy")"

kill -TERM "$SERVER"
STATUS=0
wait "$SERVER" || STATUS=$?
SERVER=
[ "$STATUS" = 0 ] || fail "pot serve exited $STATUS on SIGTERM: $(cat "$WORK/err")"
grep -q "POST /v1/completions 200 (3+8 tokens)" "$WORK/err" || fail "no request line on stderr: $(cat "$WORK/err")"

STATUS=0
"$POT" serve Tests/PoTModelsTests/Fixtures/tiny-llama.gguf --port 0 > "$WORK/out2" 2> "$WORK/err2" || STATUS=$?
[ "$STATUS" = 2 ] && grep -q "no tokenizer" "$WORK/err2" || fail "a model without a tokenizer: exit $STATUS, $(cat "$WORK/err2")"
[ ! -s "$WORK/out2" ] || fail "a refused model printed: $(cat "$WORK/out2")"
echo "cli-serve-check: passed"

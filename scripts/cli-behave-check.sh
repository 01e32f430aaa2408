#!/usr/bin/env bash
# End-to-end check of `pot challenge` and `pot behave` on the tiny byte-vocabulary model of the
# test fixtures (fast enough for every `make test`): commit, run, reveal, verify with key and
# models, and rejections of a tampered transcript and a wrong key. Usage:
#   scripts/cli-behave-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=$ROOT/Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf
BANK=$ROOT/params/prompt-bank.json
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "cli-behave-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])$1)"; }

"$POT" challenge commit --key audit.key --new-key --mode quick --bank "$BANK" > commitment.json
if "$POT" challenge commit --key audit.key --new-key --bank "$BANK" > /dev/null 2>&1; then fail "an existing key was overwritten"; fi
"$POT" behave --ref "$MODEL" --cand "$MODEL" --key audit.key --commitment commitment.json --transcript run.ndjson \
    --json --threads 1 --bank "$BANK" > summary.json
[ "$(json "['decision']" < summary.json)" = SAME ] || fail "a model against itself was not SAME: $(cat summary.json)"
KEY=$(tr -d '\n' < audit.key)
if grep -q "$KEY" run.ndjson summary.json commitment.json; then fail "the key appears before it is revealed"; fi

"$POT" challenge reveal run.ndjson --key audit.key > reveal.json
"$POT" behave verify run.ndjson --key reveal.json --ref "$MODEL" --cand "$MODEL" --sample 3 --threads 1 --bank "$BANK" --json > verify.json
[ "$(json "['verified']" < verify.json)" = True ] || fail "the honest transcript did not verify: $(cat verify.json)"

# A changed score: rejected from the transcript alone.
python3 - <<'PY'
import json
lines = open("run.ndjson").read().splitlines()
for i, line in enumerate(lines):
    record = json.loads(line)
    if record.get("type") == "challenge":
        record["score"] = 0.5
        lines[i] = json.dumps(record, separators=(",", ":"))
        break
open("tampered.ndjson", "w").write("\n".join(lines) + "\n")
PY
if "$POT" behave verify tampered.ndjson --bank "$BANK" 2> err.txt > /dev/null; then fail "a changed score was accepted"; fi
grep -q "score" err.txt || fail "the rejection does not name the score: $(cat err.txt)"

# Another key does not open the commitment.
"$POT" challenge commit --key other.key --new-key --bank "$BANK" > /dev/null
if "$POT" behave verify run.ndjson --key other.key --bank "$BANK" 2> err.txt > /dev/null; then fail "a wrong key was accepted"; fi
echo "cli-behave-check: commit, run, reveal, verify and their refusals behave"

#!/usr/bin/env bash
# End-to-end check of `pot challenge` and `pot behave` on the tiny byte-vocabulary model of the
# test fixtures (fast enough for every `make test`): commit, contribute, run, reveal, verify
# with everything, and the refusals of issue 14: a v1 or re-committed commitment, a relabelled
# model, a swapped contribution, a reveal of a transcript that does not verify, duplicated keys,
# unknown fields, edited prompt tokens or continuation text. Usage:
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
# refused WHAT EXPECTED COMMAND...: the command must fail with EXPECTED in its error.
refused() {
    local what=$1 expected=$2; shift 2
    if "$@" > out.txt 2> err.txt; then fail "$what was accepted: $(cat out.txt)"; fi
    grep -qF -- "$expected" err.txt || fail "$what: the error does not say \"$expected\": $(cat err.txt)"
}
# edit IN OUT LINE PYTHON: applies PYTHON to the JSON object `r` on line LINE (1-based) of IN.
edit() {
    python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
src, dst, n, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines = open(src).read().splitlines()
r = json.loads(lines[n - 1])
exec(code)
lines[n - 1] = json.dumps(r, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
open(dst, "w").write("\n".join(lines) + "\n")
PY
}
COMMON=(--threads 1 --bank "$BANK")

# The auditor commits (both models' roots, quick mode), the candidate's owner contributes.
"$POT" challenge commit --secret audit.key --new-secret --ref "$MODEL" --cand "$MODEL" --mode quick "${COMMON[@]}" > commitment.json
refused "an overwritten secret" "never overwrites" "$POT" challenge commit --secret audit.key --new-secret --ref "$MODEL" --cand "$MODEL" "${COMMON[@]}"
"$POT" challenge contribute commitment.json > contribution.json
mkdir scratch
"$POT" behave --ref "$MODEL" --cand "$MODEL" --secret audit.key --commitment commitment.json --contribution contribution.json \
    --transcript run.ndjson --json --scratch scratch "${COMMON[@]}" > summary.json
[ "$(json "['decision']" < summary.json)" = SAME ] || fail "a model against itself was not SAME: $(cat summary.json)"
# One model at a time: the reference's outputs were written to --scratch, then removed.
[ "$(json "['peak_rss_bytes'] > 0" < summary.json)" = True ] || fail "no peak RSS reported: $(cat summary.json)"
[ "$(json "['reference_outputs_bytes'] > 0" < summary.json)" = True ] || fail "no reference outputs reported: $(cat summary.json)"
[ -z "$(ls -A scratch)" ] || fail "the reference outputs were left in --scratch: $(ls scratch)"
SECRET=$(tr -d '\n' < audit.key)
if grep -q "$SECRET" run.ndjson summary.json commitment.json contribution.json; then fail "the secret appears before it is revealed"; fi

# Reveal, then verify with everything a third party holds.
"$POT" challenge reveal run.ndjson --secret audit.key --commitment commitment.json --bank "$BANK" > reveal.json
VERIFY=(behave verify run.ndjson --commitment commitment.json --contribution contribution.json --reveal reveal.json
        --ref "$MODEL" --cand "$MODEL" "${COMMON[@]}")
"$POT" "${VERIFY[@]}" --json > verify.json
for check in verified published_checked contribution_checked key_checked models_checked; do
    [ "$(json "['$check']" < verify.json)" = True ] || fail "$check is not true: $(cat verify.json)"
done
[ "$(json "['mode']" < verify.json)" = quick ] && [ "$(json "['alpha']" < verify.json)" = 0.05 ] || fail "the bound parameters are not reported: $(cat verify.json)"
"$POT" "${VERIFY[@]}" > verify.txt
for field in "run id" "mode          quick: α = 0.05, γ = 0.12, δ = 0.13, n_max = 100" "score         mean-total-variation" \
             "prompt bank" "reference" "candidate" "contribution" "(the published one)" "every seed re-derived"; do
    grep -qF -- "$field" verify.txt || fail "the report does not show \"$field\": $(cat verify.txt)"
done
[ "$(json "['recomputed_decision']" < verify.json)" = SAME ] || fail "the decision was not recomputed: $(cat verify.json)"

# Re-scoring with the other matrix products, as on a machine without AVX-512 VNNI.
if [ "$(json "['products']" < commitment.json)" = vnni ]; then
    "$POT" "${VERIFY[@]}" --products ggml --json > other.json
    [ "$(json "['rescored_with']" < other.json)" = ggml ] && [ "$(json "['recomputed_decision']" < other.json)" = SAME ] \
        || fail "re-scoring with ggml products did not confirm the run: $(cat other.json)"
fi

# A v1 commitment and a re-commitment under a mode's name with other values.
python3 -c "
import json; r = json.load(open('commitment.json')); del r['format']; r.pop('reference_root'); print(json.dumps(r))" > v1.json
refused "a v1 commitment" "version-1" "$POT" behave verify run.ndjson --commitment v1.json --bank "$BANK"
edit commitment.json loose.json 1 'r["mode"] = "audit"; r["alpha"] = 0.5; r["gamma"] = 0.5; r["delta"] = 0.5'
refused "α = 0.5 under audit" "mode audit means" "$POT" behave verify run.ndjson --commitment loose.json --bank "$BANK"
edit run.ndjson recommitted.ndjson 1 'r["commitment"]["mode"] = "custom"; r["commitment"]["gamma"] = 0.13'
refused "a transcript re-committed with another γ" "differ in mode, gamma" "$POT" behave verify recommitted.ndjson --commitment commitment.json --bank "$BANK"
refused "reveal of a re-committed transcript" "does not verify" "$POT" challenge reveal recommitted.ndjson --secret audit.key --commitment commitment.json --bank "$BANK"

# A relabelled model: another file (the fixture with one weight byte changed) in the candidate's place.
OTHER=$WORK/other.gguf
python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[-1] ^= 1; open(sys.argv[2], 'wb').write(b)" "$MODEL" "$OTHER"
refused "a relabelled candidate" "are not the committed models" "$POT" behave verify run.ndjson --ref "$MODEL" --cand "$OTHER" "${COMMON[@]}"
refused "a run on a file the commitment does not name" "the commitment names" "$POT" behave --ref "$MODEL" --cand "$OTHER" \
    --secret audit.key --commitment commitment.json --contribution contribution.json "${COMMON[@]}"

# A ground key: the transcript's contribution swapped for another.
"$POT" challenge contribute commitment.json > other-contribution.json
edit run.ndjson swapped.ndjson 1 "r['contribution'] = json.load(open('other-contribution.json'))['value']"
refused "a swapped contribution" "is not the one given" "$POT" behave verify swapped.ndjson --contribution contribution.json --bank "$BANK"
refused "a swapped contribution" "is not HMAC" "$POT" behave verify swapped.ndjson --reveal reveal.json --bank "$BANK"

# Reveal refuses a transcript that does not verify: a header and a decision line alone.
{ head -n 1 run.ndjson; tail -n 1 run.ndjson; } > bare.ndjson
refused "reveal of a bare transcript" "does not verify" "$POT" challenge reveal bare.ndjson --secret audit.key --commitment commitment.json --bank "$BANK"

# Strict lines: a duplicated key, an unknown field.
sed '2s/"score":0,/"score":0,"score":0.5,/' run.ndjson > duplicated.ndjson
cmp -s duplicated.ndjson run.ndjson && fail "the duplicate was not planted"
refused "a duplicated key" "duplicate key 'score'" "$POT" behave verify duplicated.ndjson --bank "$BANK"
edit run.ndjson unknown.ndjson 2 'r["note"] = "x"'
refused "an unknown field" "unknown field \"note\"" "$POT" behave verify unknown.ndjson --bank "$BANK"

# prompt_tokens and continuation_text are re-derived with the models.
edit run.ndjson tokens.ndjson 2 'r["prompt_tokens"] += 1'
refused "edited prompt tokens" "prompt_tokens is" "$POT" behave verify tokens.ndjson --ref "$MODEL" --cand "$MODEL" "${COMMON[@]}"
edit run.ndjson text.ndjson 2 'r["continuation_text"] = "edited"'
refused "edited continuation text" "continuation_text is not" "$POT" behave verify text.ndjson --ref "$MODEL" --cand "$MODEL" "${COMMON[@]}"

# A changed score is rejected from the transcript alone; another secret opens nothing.
edit run.ndjson score.ndjson 2 'r["score"] = 0.5'
refused "a changed score" "do not follow from the scores" "$POT" behave verify score.ndjson --bank "$BANK"
"$POT" challenge commit --secret other.key --new-secret --ref "$MODEL" --cand "$MODEL" "${COMMON[@]}" > /dev/null
refused "a wrong secret" "does not open the commitment" "$POT" behave verify run.ndjson --reveal other.key --bank "$BANK"
echo "cli-behave-check: commit, contribute, run, reveal, verify and their refusals behave"

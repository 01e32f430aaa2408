#!/usr/bin/env bash
# End-to-end check of `pot bundle create / show` and `pot verify BUNDLE` through files only: the producer's
# directory holds the model, keys and SRS; the verifier's receives the bundle alone (plus the
# public SRS file when it anchors keys by re-deriving them). Run by `make test`. Usage:
#   scripts/cli-bundle-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PRODUCER=$WORK/producer VERIFIER=$WORK/verifier
mkdir -p "$PRODUCER" "$VERIFIER"
fail() { echo "cli-bundle-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
status() { set +e; "$@" > out.txt 2> err.txt; echo $?; set -e; }

cd "$PRODUCER"
"$POT" setup generate --k 13 -o srs >/dev/null 2>&1
"$POT" keygen squaring-chain --k 8 --srs srs --pk chain.pk --vk chain.vk >/dev/null 2>&1
"$POT" prove --pk chain.pk --srs srs --x 7 -o chain.proof >/dev/null 2>&1
head -c 5000 /dev/urandom > model.bin
"$POT" commit model.bin -o model.json >/dev/null
"$POT" bundle create -o evidence.bundle --commitment model.json --proof chain.proof --vk chain.vk > /dev/null
"$POT" bundle show evidence.bundle --json > show.json
[ "$(json "['proofs'][0]['publicInputs'][0]['name']" < show.json)" = x ] || fail "show: the first public input is not named x"
[ "$(json "['proofs'][0]['publicInputs'][0]['value']" < show.json)" = 7 ] || fail "show: x is not 7"
cp evidence.bundle "$VERIFIER/"
cp srs "$VERIFIER/public.srs"
cp model.bin "$VERIFIER/"

cd "$VERIFIER"
[ "$(status "$POT" verify evidence.bundle --srs public.srs --model model.bin --json)" = 0 ] || fail "the honest bundle was rejected: $(cat out.txt err.txt)"
[ "$(json "['valid']" < out.txt)" = True ] || fail "--json does not say valid"
grep -q '"id":"proof\[0\].anchor","reason":"re-derived' out.txt || fail "the key was not re-derived from the SRS"

# Keys that cannot be anchored: invalid unless trusted.
[ "$(status "$POT" verify evidence.bundle)" = 1 ] || fail "an unanchored key was accepted"
grep -q "cannot be anchored" out.txt || fail "no reason for the unanchored key"
[ "$(status "$POT" verify evidence.bundle --trust-vk)" = 0 ] || fail "--trust-vk did not accept the key"
DIGEST=$(json "['proofs'][0]['keyDigest']" < "$PRODUCER/show.json")
[ "$(status "$POT" verify evidence.bundle --vk-digest "$DIGEST")" = 0 ] || fail "--vk-digest did not anchor the key"

# A model file the bundle does not commit to: invalid.
head -c 5000 /dev/urandom > other.bin
[ "$(status "$POT" verify evidence.bundle --trust-vk --model other.bin)" = 1 ] || fail "a foreign model file was accepted"

# One changed byte in the last part (the proof): invalid, exit 1, the failing check named.
python3 -c "
b = bytearray(open('evidence.bundle', 'rb').read()); b[-100] ^= 1
open('tampered.bundle', 'wb').write(b)"
[ "$(status "$POT" verify tampered.bundle --trust-vk)" = 1 ] || fail "a tampered bundle was accepted"
grep -q "FAIL  parts" out.txt || fail "the tampered part is not named"

# Unusable input: exit 2 with the file and the offset.
head -c 60 evidence.bundle > short.bundle
[ "$(status "$POT" verify short.bundle)" = 2 ] || fail "a truncated bundle did not exit 2"
grep -q "short.bundle: at byte" err.txt || fail "the truncated bundle's error does not name the offset"
[ "$(status "$POT" verify missing.bundle)" = 2 ] || fail "a missing bundle did not exit 2"

# A training run proved step by step: its record, step proofs, key and final weights' commitment
# bundled; the weights file binds both the SHA-256 root and C(W_T).
cd "$PRODUCER"
echo '{"layers": [64, 4, 10], "batch": 2, "learning_rate": 0.1, "init_seed": 3, "train_examples": 40}' > config.json
"$POT" train --config config.json -o run --steps 2 --prove --srs srs --steps-per-proof 1 > /dev/null 2>&1
"$POT" bundle create -o training.bundle --training run > /dev/null
cp training.bundle run/weights-final.safetensors "$VERIFIER/"
cd "$VERIFIER"
[ "$(status "$POT" verify training.bundle --srs public.srs --model weights-final.safetensors --json)" = 0 ] || fail "the training bundle was rejected: $(cat out.txt err.txt)"
for id in training.run training.chain 'training.weights\[0\]' 'model-file\[0\]' 'proof\[1\].verifies'; do
  grep -q "\"id\":\"$id\",\"reason\":[^}]*\"verdict\":\"pass\"" out.txt || fail "$id did not pass: $(cat out.txt)"
done

# A behavioural run on the tiny fixture model against a one-byte-changed copy: the published
# files and both commitment documents bundled; the bundle alone verifies; --model binds files.
MODEL=$ROOT/Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf
cd "$PRODUCER"
cp "$MODEL" ref.gguf
python3 -c "
b = bytearray(open('ref.gguf', 'rb').read()); b[-1] ^= 1
open('cand.gguf', 'wb').write(b)"
B=(--threads 1 --bank "$ROOT/params/prompt-bank.json")
"$POT" challenge commit --secret audit.key --new-secret --ref ref.gguf --cand cand.gguf --mode quick "${B[@]}" > commitment.json
"$POT" challenge contribute commitment.json > contribution.json
"$POT" behave --ref ref.gguf --cand cand.gguf --secret audit.key --commitment commitment.json --contribution contribution.json \
    --transcript run.ndjson "${B[@]}" > /dev/null
"$POT" challenge reveal run.ndjson --secret audit.key --commitment commitment.json --bank "$ROOT/params/prompt-bank.json" > reveal.json
"$POT" commit ref.gguf -o ref.json > /dev/null
"$POT" commit cand.gguf -o cand.json > /dev/null
"$POT" bundle create -o behaviour.bundle --reference ref.json --candidate cand.json --challenge-commitment commitment.json \
    --contribution contribution.json --transcript run.ndjson --reveal reveal.json --bank "$ROOT/params/prompt-bank.json" > /dev/null
cp behaviour.bundle ref.gguf cand.gguf "$VERIFIER/"
cd "$VERIFIER"
[ "$(status "$POT" verify behaviour.bundle --model ref.gguf --model cand.gguf)" = 0 ] || fail "the behaviour bundle was rejected: $(cat out.txt err.txt)"
grep -q "PASS  behaviour.transcript" out.txt || fail "the transcript check did not pass: $(cat out.txt)"
grep -q "is the bundle's candidate" out.txt || fail "the candidate file was not bound: $(cat out.txt)"
"$POT" bundle show behaviour.bundle | grep -q "behaviour: SAME after" || fail "bundle show does not show the decision"

# Everything in one bundle, and its report rendered in headless Chromium.
cd "$PRODUCER"
"$POT" bundle create -o all.bundle --reference ref.json --candidate cand.json --challenge-commitment commitment.json \
    --contribution contribution.json --transcript run.ndjson --reveal reveal.json --bank "$ROOT/params/prompt-bank.json" \
    --training run --commitment model.json --proof chain.proof --vk chain.vk > /dev/null
"$POT" report all.bundle -o report.html --srs srs > /dev/null
grep -q 'id="verdict" class="verdict valid"' report.html || fail "the report does not say VALID"
bash "$ROOT/scripts/report-check.sh" report.html ${REPORT_SCREENSHOT:+"$REPORT_SCREENSHOT"}

# A bundle made on another machine and committed (scripts/fixtures/made-elsewhere/README.md)
# verifies in this clone with only its own files.
cd "$VERIFIER"
ELSEWHERE=$ROOT/scripts/fixtures/made-elsewhere
[ "$(status "$POT" verify "$ELSEWHERE/made-elsewhere.bundle" --srs "$ELSEWHERE/dev-k6.srs" --model "$ELSEWHERE/model.bin")" = 0 ] \
    || fail "the bundle made elsewhere was rejected: $(cat out.txt err.txt)"
[ "$(status "$POT" verify "$ELSEWHERE/made-elsewhere.bundle" --vk-digest 1b14a58025b17b74f53d3c850a663941c6c88abbf576153854da3b360dc929d7)" = 0 ] \
    || fail "the bundle made elsewhere was rejected with its key digest: $(cat out.txt err.txt)"
echo "cli-bundle-check: all checks passed"

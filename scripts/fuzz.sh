#!/usr/bin/env bash
# libFuzzer over every parser (docs/fuzzing.md). Builds `pot-fuzz` with -sanitize=fuzzer,address
# under .build/fuzz, seeds each target's corpus from the test fixtures and from files the debug
# `pot` writes, and runs each target for SECONDS with libFuzzer's memory and time limits
# (-rss_limit_mb=1024 -timeout=10) and LeakSanitizer's suppressions (Fuzz/lsan-suppressions.txt),
# printing the executions per target. Findings (crash-*, leak-*, timeout-*, oom-*) land in
# .build/fuzz/findings/TARGET/; a finding becomes a regression input under
# Tests/FuzzRegressions/TARGET/ once fixed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (default: 600 s, every target; FUZZ_JOBS=N runs N at once)
#   scripts/fuzz.sh --replay                   replays seeds and regressions through a plain build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGETS=(gguf safetensors model commitment tensor-proof srs ptau halo2 verifying-key proof proving-key
         bundle transcript challenge-records training-config run-record weights digits completion-request)
OUT=.build/fuzz

# Seeds: the fixtures each parser reads in the tests, plus keys, a proof, an SRS, a tensor
# proof, a behaviour run on the tiny byte model and a two-step training run on made-up digits,
# written by the debug pot.
seed() {
  local corpus=$OUT/corpus
  swift build --product pot > /dev/null
  local pot=.build/debug/pot gen=$OUT/generated
  rm -rf "$gen" && mkdir -p "$gen"
  "$pot" setup generate --k 4 -o "$gen/k4.srs" > /dev/null 2>&1
  "$pot" keygen squaring-chain --k 4 --srs "$gen/k4.srs" --pk "$gen/sq.pk" --vk "$gen/sq.vk" > /dev/null
  "$pot" prove --pk "$gen/sq.pk" --srs "$gen/k4.srs" -o "$gen/sq.proof" > /dev/null 2>&1
  "$pot" commit Tests/PoTHashingTests/Fixtures/tiny.gguf -o "$gen/commitment.json" > /dev/null
  local tensor
  tensor=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['tensors'][0]['name'])" "$gen/commitment.json")
  "$pot" commit prove-tensor --commitment "$gen/commitment.json" "$tensor" -o "$gen/tensor-proof.json" > /dev/null
  local model=Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf bank=(--threads 1 --bank params/prompt-bank.json)
  "$pot" challenge commit --secret "$gen/audit.key" --new-secret --ref $model --cand $model --mode quick "${bank[@]}" > "$gen/commitment.line"
  "$pot" challenge contribute "$gen/commitment.line" > "$gen/contribution.line"
  "$pot" behave --ref $model --cand $model --secret "$gen/audit.key" --commitment "$gen/commitment.line" \
    --contribution "$gen/contribution.line" --transcript "$gen/run.ndjson" "${bank[@]}" > /dev/null
  cat "$gen/commitment.line" "$gen/contribution.line" > "$gen/challenge-records"
  echo '{"layers": [64, 8, 10], "batch": 4, "learning_rate": 0.1, "init_seed": 1, "train_examples": 40}' > "$gen/config.json"
  python3 -c "
import random; r = random.Random(1)
print('\n'.join(','.join(str(r.randrange(17)) for _ in range(64)) + ',' + str(i % 10) for i in range(48)))" > "$gen/digits.csv"
  "$pot" train --config "$gen/config.json" --data "$gen/digits.csv" --steps 2 -o "$gen/run" > /dev/null 2>&1
  { cat "$gen/config.json"; printf '\0'; cat "$gen/run/run.json"; } > "$gen/run-record"
  mkdir -p "$gen/requests"
  echo '{"model": "m", "prompt": [1, 72, 105], "max_tokens": 8, "temperature": 0, "logprobs": 5, "ignore_eos": true, "return_tokens_as_token_ids": true, "stream": false}' > "$gen/requests/ids.json"
  echo '{"model": "m", "prompt": "The capital of France is", "temperature": 0.0, "logprobs": null, "stop": [], "n": 1, "echo": false, "top_p": 1, "seed": 7, "user": "u"}' > "$gen/requests/text.json"
  local -A seeds=(
    [gguf]="Tests/PoTHashingTests/Fixtures/*.gguf"
    [safetensors]="Tests/PoTHashingTests/Fixtures/*.safetensors"
    [model]="Tests/PoTModelsTests/Fixtures/tiny-llama.gguf Tests/PoTModelsTests/Fixtures/tiny-qwen2.gguf"
    [commitment]="$gen/commitment.json"
    [tensor-proof]="$gen/tensor-proof.json"
    [srs]="$gen/k4.srs"
    [ptau]="Tests/PoTCommitmentsTests/Fixtures/tau3.ptau"
    [halo2]="Tests/PoTCommitmentsTests/Fixtures/ezkl_k4.srs"
    [verifying-key]="$gen/sq.vk"
    [proof]="$gen/sq.proof"
    [proving-key]="$gen/sq.pk"
    [bundle]="scripts/fixtures/made-elsewhere/made-elsewhere.bundle"
    [transcript]="$gen/run.ndjson"
    [challenge-records]="$gen/challenge-records"
    [training-config]="$gen/config.json"
    [run-record]="$gen/run-record"
    [weights]="$gen/run/weights-final.safetensors"
    [digits]="$gen/digits.csv"
    [completion-request]="$gen/requests/*.json"
  )
  for t in "${TARGETS[@]}"; do
    mkdir -p "$corpus/$t"
    # shellcheck disable=SC2086
    cp ${seeds[$t]} "$corpus/$t/"
    [ -d "Tests/FuzzRegressions/$t" ] && cp Tests/FuzzRegressions/"$t"/* "$corpus/$t/" 2>/dev/null || true
  done
}

if [ "${1:-}" = "--replay" ]; then
  seed
  swift build --product pot-fuzz > /dev/null
  for t in "${TARGETS[@]}"; do timeout 120 .build/debug/pot-fuzz "$t" "$OUT/corpus/$t"/*; done
  exit 0
fi

SECONDS_PER_TARGET=${1:-600}
shift || true
[ $# -gt 0 ] && TARGETS=("$@")
seed
swift build --product pot-fuzz -c release --scratch-path "$OUT" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library \
  -Xcc -fsanitize=fuzzer-no-link,address > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
FUZZ=$OUT/release/pot-fuzz

# One target: its log, and one result line in $OUT/TARGET.result.
run_target() {
  local t=$1 dict=Fuzz/dictionaries/$1.dict log=$OUT/$1.log result=clean
  mkdir -p "$OUT/findings/$t"
  POT_FUZZ_TARGET=$t LSAN_OPTIONS=suppressions=$ROOT/Fuzz/lsan-suppressions.txt \
    "$FUZZ" "$OUT/corpus/$t" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=1024 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$OUT/findings/$t/" ${dict:+-dict=$dict} > "$log" 2>&1 || result="FINDING (see $log)"
  # A finding at exit (a leak) prints the final statistics a second time: take the last.
  local runs rate
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo 0)
  printf '%-18s %12s %10s  %s\n' "$t" "$runs" "$rate" "$result" > "$OUT/$t.result"
}

# FUZZ_JOBS lanes (default 1) share the targets, so a machine with N cores runs N at once.
JOBS=${FUZZ_JOBS:-1}
for ((lane = 0; lane < JOBS; lane++)); do
  (for ((i = lane; i < ${#TARGETS[@]}; i += JOBS)); do run_target "${TARGETS[$i]}"; done) &
done
wait
status=0
printf '%-18s %12s %10s  %s\n' target executions "exec/s" result
for t in "${TARGETS[@]}"; do
  cat "$OUT/$t.result"
  grep -q FINDING "$OUT/$t.result" && status=1
done
rm -f /dev/shm/pot-fuzz-* /tmp/pot-fuzz-*
exit $status

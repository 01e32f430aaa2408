#!/usr/bin/env bash
# End-to-end check of a proved training run (issue 13): `pot train --prove` trains the 64→32→10
# MLP on the digits set at batch 16 and proves 20 steps, one train-step proof each;
# `pot verify-training` accepts the run anchored by its SRS, with its final weights, and rejects:
# a changed commitment (a changed weight in a step), a proof moved to another step, a skipped
# step, a different dataset root, a weights file that is not W_T, a flipped proof byte, a key
# made with another SRS, and an unanchored key (unusable, exit 2). A batch not from the schedule
# cannot be proved at all; Tests/PoTTrainingTests/StepProofTests forces one through the prover.
# Usage: scripts/cli-train-prove-check.sh [POT] [STEPS]   (default: .build/debug/pot, 20)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
STEPS=${2:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export POT_CACHE=${POT_CACHE:-$HOME/.cache/pot}
fail() { echo "cli-train-prove-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo '{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}' > config.json
start=$(date +%s)
"$POT" train --config config.json --steps "$STEPS" --prove -o run --json > summary.json
echo "cli-train-prove-check: $STEPS steps trained and proved in $(( $(date +%s) - start )) s"
[ "$(json "['proofs']" < summary.json)" = "$STEPS" ] || fail "not one proof per step: $(cat summary.json)"
k=$(json "['k']" < summary.json)
SRS="$POT_CACHE/srs/dev-k$k.srs"
[ -f "$SRS" ] || fail "the development SRS $SRS was not kept"

"$POT" verify-training run --srs "$SRS" --weights run/weights-final.safetensors --json > verify.json \
  || fail "the honest run does not verify: $(cat verify.json)"
[ "$(json "['valid']" < verify.json)" = True ] || fail "the honest run is not valid: $(cat verify.json)"
[ "$(json "['proofs']" < verify.json)" = "$STEPS" ] || fail "not every proof was checked"

# Each tampered copy must verify as invalid (exit 1) and name the failed check.
# The key is anchored by its digest (the honest run re-derived it from the SRS above), unless
# ANCHOR names an SRS to re-derive it from.
DIGEST=$(json "['vk_digest']" < summary.json)
rejects() {  # NAME CHECK [verify-training options…]; the copy is in $WORK/bad
  local name=$1 check=$2; shift 2
  local anchor=(--vk-digest "$DIGEST")
  [ -n "${ANCHOR:-}" ] && anchor=(--srs "$ANCHOR")
  set +e
  "$POT" verify-training bad "${anchor[@]}" "$@" --json > out.json 2> err.txt
  local code=$?
  set -e
  [ "$code" = 1 ] || fail "$name: exit $code, not 1 (invalid): $(cat out.json err.txt)"
  python3 -c '
import json, sys
failed = [c["name"] for c in json.load(open("out.json"))["checks"] if not c["passed"]]
sys.exit(0 if sys.argv[1] in failed else 1)' "$check" || fail "$name: the check '$check' did not fail: $(cat out.json)"
}
fresh() { rm -rf bad; cp -r run bad; }
edit() { python3 -c "import json; r = json.load(open('bad/run.json')); $1; json.dump(r, open('bad/run.json', 'w'))"; }

fresh; edit "r['commitments'][5] = '0x' + '00' * 31 + '05'"
rejects "a changed weight in step 5 (its commitment)" "step proofs"

fresh; mv bad/proofs/step-000003.proof tmp; mv bad/proofs/step-000004.proof bad/proofs/step-000003.proof; mv tmp bad/proofs/step-000004.proof
rejects "a proof moved to another step" "step proofs"

fresh; rm bad/proofs/step-000007.proof; edit "r['proofs']['files'] = [f for f in r['proofs']['files'] if f['first_step'] != 7]"
rejects "a skipped step" "coverage"

fresh; edit "r['dataset_root'] = '0x' + '00' * 31 + '07'"
rejects "a different dataset root" "step proofs"

fresh; rejects "weights that are not W_T" "weights" --weights run/private/weights-initial.safetensors

fresh; python3 -c "
p = 'bad/proofs/step-000002.proof'; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; open(p, 'wb').write(bytes(b))"
rejects "a flipped proof byte" "step proofs"

fresh; "$POT" setup generate --k "$k" -o other.srs > /dev/null 2>&1
ANCHOR=other.srs rejects "a key checked against another SRS" "key anchor"

fresh
set +e; "$POT" verify-training bad > /dev/null 2> err.txt; code=$?; set -e
[ "$code" = 2 ] && grep -q "not anchored" err.txt || fail "an unanchored key: exit $code: $(cat err.txt)"

echo "cli-train-prove-check: $STEPS proved steps verify; a changed commitment, a moved proof, a skipped step, another dataset root, other weights, a flipped byte, another SRS and an unanchored key are refused"

#!/usr/bin/env bash
# A run proved in shards without Slurm (issue 18, docs/distributed.md): `pot train --plan-only`
# writes the plan and the job script; `pot prove-steps --shard i/J` proves each shard (shard 1
# through the job script itself, as Slurm would run it); `--status` reports done, missing and
# invalid proofs; a damaged proof is redone by rerunning its shard and the valid one beside it
# skipped; a wrong shard count, other data and an early assembly are refused; the assembled run
# verifies with `pot verify-training`.
# Usage: scripts/cli-prove-steps-check.sh [POT]   (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export POT_CACHE=${POT_CACHE:-$HOME/.cache/pot}
fail() { echo "cli-prove-steps-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
expect_exit() {  # CODE WHAT command…
  local want=$1 what=$2; shift 2
  set +e; "$@" > out.txt 2> err.txt; local code=$?; set -e
  [ "$code" = "$want" ] || fail "$what: exit $code, not $want: $(cat out.txt err.txt)"
}

echo '{"layers": [64, 8, 10], "batch": 4, "learning_rate": 0.1, "init_seed": 1}' > config.json
"$POT" train --config config.json --steps 4 --steps-per-proof 1 --plan-only --shards 2 -o run --json > plan.json
[ "$(json "['shards']" < plan.json)" = 2 ] && [ "$(json "['proofs']" < plan.json)" = 4 ] || fail "not 4 proofs in 2 shards: $(cat plan.json)"
k=$(json "['k']" < plan.json)
SRS="$POT_CACHE/srs/dev-k$k.srs"
[ -x run/slurm-prove.sh ] && bash -n run/slurm-prove.sh || fail "no runnable job script"
grep -q -- '^#SBATCH --array=0-1$' run/slurm-prove.sh || fail "the job script is not an array of 2: $(cat run/slurm-prove.sh)"
[ ! -e run/proofs/step-000000.proof ] || fail "--plan-only proved"

"$POT" prove-steps run --status --json > status.json
[ "$(json "['missing_first_steps']" < status.json)" = "[0, 1, 2, 3]" ] || fail "a fresh plan is not all missing: $(cat status.json)"
expect_exit 1 "assembling before proving" "$POT" prove-steps run --assemble
grep -q "4 of 4 proofs are not done" err.txt || fail "the early assembly does not say what is missing: $(cat err.txt)"
expect_exit 2 "a shard of another count" "$POT" prove-steps run --shard 0/3
grep -q "planned in 2 shards" err.txt || fail "the wrong count is not named: $(cat err.txt)"
head -c 2000 "$POT_DIGITS" > other.csv
expect_exit 2 "other data" "$POT" prove-steps run --shard 0/2 --data other.csv
grep -q "not the run's data" err.txt || fail "other data are not named: $(cat err.txt)"

"$POT" prove-steps run --shard 0/2 --json > shard0.json
[ "$(json "['proved']" < shard0.json)" = 2 ] || fail "shard 0 did not prove its 2 proofs: $(cat shard0.json)"
SLURM_ARRAY_TASK_ID=1 POT="$POT" bash run/slurm-prove.sh > shard1.txt || fail "the job script failed as task 1: $(cat shard1.txt)"
"$POT" prove-steps run --status --json > status.json
[ "$(json "['complete']" < status.json)" = True ] || fail "not complete after both shards: $(cat status.json)"

python3 -c "
p = 'run/proofs/step-000001.proof'; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; open(p, 'wb').write(bytes(b))"
"$POT" prove-steps run --status --json > status.json
[ "$(json "['by_shard'][0]['invalid']" < status.json)" = 1 ] || fail "a flipped byte is not invalid: $(cat status.json)"
"$POT" prove-steps run --shard 0/2 --json > again.json
[ "$(json "['proved']" < again.json)" = 1 ] && [ "$(json "['skipped']" < again.json)" = 1 ] \
  || fail "rerunning shard 0 did not redo the invalid proof alone: $(cat again.json)"

"$POT" prove-steps run --assemble --json > assembled.json
"$POT" verify-training run --srs "$SRS" --weights run/weights-final.safetensors --json > verify.json \
  || fail "the assembled run does not verify: $(cat verify.json)"
[ "$(json "['proofs']" < verify.json)" = 4 ] || fail "not 4 proofs checked: $(cat verify.json)"
echo "cli-prove-steps-check: a run planned in 2 shards, proved shard by shard (one through its job script), repaired and assembled, verifies"

#!/usr/bin/env bash
# A training run proved by a real single-host Slurm cluster (issue 18, docs/distributed.md).
# Starts munged, slurmctld and slurmd on localhost from a slurm.conf generated in a temporary
# directory (two CPUs, its own ports, sockets and state, nothing under /etc is used or changed);
# plans an 8-step digits run in 4 shards with `pot train --plan-only`, submits the job array,
# cancels one task after its first proof (midway through its second), checks that the status
# shows exactly that proof missing and no partial file, resubmits that task alone, assembles,
# and verifies with `pot verify-training`. Every daemon it started is stopped on exit.
# Needs Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge) and root (slurmd runs
# jobs as the submitting user and must be able to switch to it).
# With --bench STEPS it then measures the same cluster against one process: a STEPS-step run
# planned in 4 shards and proved by the array, and a run of the same configuration planned in 1
# shard and proved by `pot prove-steps --shard 0/1`; it prints one JSON object with
# slurm_steps_per_min and local_steps_per_min (proving only: both runs are trained and keyed
# before the clock starts). `make bench-slurm` runs it on the release build.
# Usage: scripts/slurm-check.sh [--bench STEPS] [POT]   (default: .build/debug/pot)
set -euo pipefail
BENCH_STEPS=""
if [ "${1:-}" = --bench ]; then BENCH_STEPS=$2; shift 2; fi
POT=$(realpath "${1:-.build/debug/pot}")
for tool in munged slurmctld slurmd sbatch squeue scancel; do
  command -v "$tool" > /dev/null || { say "slurm-check: $tool is missing (apt-get install -y slurm-wlm munge)" >&2; exit 2; }
done
WORK=$(mktemp -d)
chmod 700 "$WORK"
PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$WORK"
}
trap stop EXIT
fail() {
  say "slurm-check: $*" >&2
  for log in "$WORK"/*.log "$WORK"/run/logs/*.log; do [ -f "$log" ] && { echo "== $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}
say() { if [ -n "$BENCH_STEPS" ]; then echo "$*" >&2; else echo "$*"; fi; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
export POT_CACHE=${POT_CACHE:-$HOME/.cache/pot}
export POT_DIGITS=${POT_DIGITS:-$POT_CACHE/data/digits.csv}
[ -f "$POT_DIGITS" ] || fail "$POT_DIGITS is missing (make setup)"

# munge: a fresh key and its own socket.
head -c 1024 /dev/urandom > "$WORK/munge.key"
chmod 400 "$WORK/munge.key"
munged -F --force --key-file="$WORK/munge.key" --socket="$WORK/munge.socket" --pid-file="$WORK/munged.pid" \
  --seed-file="$WORK/munged.seed" --log-file="$WORK/munged.log" > "$WORK/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$WORK/munge.socket" ] && break; sleep 0.1; done
[ -S "$WORK/munge.socket" ] || fail "munged did not start"

# Two free TCP ports for slurmctld and slurmd.
read -r CTLD_PORT SLURMD_PORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
NODE=$(hostname -s)
mkdir -p "$WORK/state" "$WORK/spool"
export SLURM_CONF="$WORK/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=potcheck
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/munge.socket
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=2 RealMemory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 )) State=UNKNOWN
PartitionName=check Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
: > "$WORK/cgroup.conf"
slurmctld -D -i -f "$SLURM_CONF" > "$WORK/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N "$NODE" -f "$SLURM_CONF" > "$WORK/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  sinfo -h -o '%T' 2> /dev/null | grep -qx idle && break
  sleep 0.2
done
sinfo -h -o '%T' | grep -qx idle || fail "the node did not come up: $(sinfo 2>&1)"
say "slurm-check: munged, slurmctld and slurmd up on $NODE (ports $CTLD_PORT, $SLURMD_PORT)"

wait_job() {  # JOB: until no task of it is queued or running (at most 10 minutes)
  for _ in $(seq 3000); do
    [ -z "$(squeue -h -j "$1" 2> /dev/null)" ] && return 0
    sleep 0.2
  done
  fail "job $1 still runs after 10 minutes: $(squeue)"
}

cd "$WORK"
echo '{"layers": [64, 8, 10], "batch": 4, "learning_rate": 0.1, "init_seed": 1}' > config.json
"$POT" train --config config.json --steps 8 --steps-per-proof 1 --plan-only --shards 4 -o run --json > plan.json
k=$(json "['k']" < plan.json)
SRS="$POT_CACHE/srs/dev-k$k.srs"
start=$(date +%s.%N)
JOB=$(sbatch --parsable run/slurm-prove.sh)
say "slurm-check: job array $JOB of 4 shards submitted"

# Shard 1 proves steps 2 and 3: cancel it once step 2's proof is there, while it proves step 3.
for _ in $(seq 3000); do [ -f run/proofs/step-000002.proof ] && break; sleep 0.1; done
[ -f run/proofs/step-000002.proof ] || fail "shard 1 never wrote its first proof"
scancel "${JOB}_1"
wait_job "$JOB"
"$POT" prove-steps run --status --json > status.json
[ "$(json "['missing_first_steps']" < status.json)" = "[3]" ] && [ "$(json "['invalid']" < status.json)" = "[]" ] \
  || fail "after cancelling shard 1 midway, not exactly step 3 missing: $(cat status.json)"
[ -z "$(ls -A run/proofs | grep -v '^step-00000[0-7]\.proof$' || true)" ] || fail "the cancelled task left files: $(ls -A run/proofs)"
say "slurm-check: shard 1 cancelled midway; status: step 3 missing, no partial file"

AGAIN=$(sbatch --parsable --array=1 run/slurm-prove.sh)
wait_job "$AGAIN"
seconds=$(python3 -c "import time; print(round(time.time() - $start, 1))")
grep -q "1 proved, 1 already valid" run/logs/shard-1.log || fail "the resubmitted shard did not skip its valid proof: $(cat run/logs/shard-1.log)"
"$POT" prove-steps run --status --json > status.json
[ "$(json "['complete']" < status.json)" = True ] || fail "not complete after resubmitting shard 1: $(cat status.json)"
"$POT" prove-steps run --assemble > /dev/null
"$POT" verify-training run --srs "$SRS" --weights run/weights-final.safetensors --json > verify.json \
  || fail "the assembled run does not verify: $(cat verify.json)"
[ "$(json "['proofs']" < verify.json)" = 8 ] || fail "not 8 proofs verified: $(cat verify.json)"
say "slurm-check: shard 1 resubmitted alone; 8 steps proved by Slurm in $seconds s, assembled and verified"

[ -n "$BENCH_STEPS" ] || exit 0
now() { date +%s.%N; }
echo '{"layers": [64, 8, 10], "batch": 4, "learning_rate": 0.1, "init_seed": 2}' > bench.json
"$POT" train --config bench.json --steps "$BENCH_STEPS" --steps-per-proof 1 --plan-only --shards 4 -o bench-slurm > /dev/null 2>&1
"$POT" train --config bench.json --steps "$BENCH_STEPS" --steps-per-proof 1 --plan-only --shards 1 -o bench-local > /dev/null 2>&1
start=$(now)
JOB=$(sbatch --parsable bench-slurm/slurm-prove.sh)
wait_job "$JOB"
slurm=$(python3 -c "import time; print(time.time() - $start)")
"$POT" prove-steps bench-slurm --status --json | grep -q '"complete":true' || fail "the benchmark's array did not prove every step"
start=$(now)
"$POT" prove-steps bench-local --shard 0/1 > /dev/null 2>&1
local_seconds=$(python3 -c "import time; print(time.time() - $start)")
python3 - "$BENCH_STEPS" "$slurm" "$local_seconds" "$POT" <<'PY'
import json, sys
steps, slurm, local = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(json.dumps({
    "config": "layers 64-8-10, batch 4, 1 step a proof", "steps": steps, "shards": 4, "cpus": 2, "pot": sys.argv[4],
    "slurm_seconds": round(slurm, 2), "local_seconds": round(local, 2),
    "slurm_steps_per_min": round(steps / slurm * 60, 2), "local_steps_per_min": round(steps / local * 60, 2),
    "speedup": round(local / slurm, 3),
}, sort_keys=True))
PY

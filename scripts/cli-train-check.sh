#!/usr/bin/env bash
# End-to-end check of `pot train` on the digits set (one epoch of the 64→32→10 MLP at batch 16,
# learning rate 0.1): the run directory's files, the float64 reference of
# scripts/train_reference.py within 1.5 percentage points of the fixed-point hold-out accuracy
# (issue 13's criterion), and refusals: an existing run directory, bad configuration and data.
# Usage: scripts/cli-train-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "cli-train-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo '{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}' > config.json
"$POT" train --config config.json -o run --json > summary.json
[ "$(json "['steps']" < summary.json)" = 94 ] || fail "one epoch is not ⌈1500/16⌉ = 94 steps: $(cat summary.json)"
for f in config.json run.json weights-final.safetensors private/secrets.json private/steps.json private/weights-initial.safetensors; do
  [ -f "run/$f" ] || fail "run/$f is missing"
done
cmp -s config.json run/config.json || fail "run/config.json is not the configuration file byte for byte"
[ "$(json "['commitments'][-1]" < run/run.json)" = "$(json "['final_commitment']" < summary.json)" ] \
  || fail "run.json's last commitment is not the final one"
if grep -q "$(json "['run_secret']" < run/private/secrets.json)" run/run.json run/weights-final.safetensors; then
  fail "the run secret is outside private/"
fi
python3 "$ROOT/scripts/train_reference.py" run --max-gap 1.5

if "$POT" train --config config.json -o run > /dev/null 2> err.txt; then fail "an existing run directory was replaced"; fi
grep -q "already exists" err.txt || fail "the refusal does not say why: $(cat err.txt)"
"$POT" train --config config.json -o run --steps 2 --force --json > short.json
[ "$(json "['steps']" < run/run.json)" = 2 ] || fail "--force --steps 2 did not replace the run"

echo '{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1, "epochs": 3}' > bad.json
if "$POT" train --config bad.json -o bad > /dev/null 2> err.txt; then fail "an unknown key was accepted"; fi
grep -q 'bad.json: unknown key "epochs"' err.txt || fail "the error does not name the file and key: $(cat err.txt)"
head -c 1000 "${POT_DIGITS:-$HOME/.cache/pot/data/digits.csv}" > short.csv
if "$POT" train --config config.json --data short.csv -o bad > /dev/null 2> err.txt; then fail "a truncated data file was accepted"; fi
grep -q 'short.csv:' err.txt || fail "the error does not name the data file: $(cat err.txt)"
[ ! -e bad ] || fail "a failed run left a directory"
echo "cli-train-check: one epoch trained, within 1.5 points of float64, run directory and refusals as documented"

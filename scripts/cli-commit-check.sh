#!/usr/bin/env bash
# End-to-end check of `pot commit --poseidon`: C(W) of the fixture models (written by the
# safetensors and gguf-py packages) equals the Python oracle's (Tests/PoTTrainingTests/Fixtures/
# poseidon_model.json); the final weights of a short `pot train` run commit to the run's final
# commitment with the salt the file carries; bad input is refused with its reason.
# Usage: scripts/cli-commit-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIXTURES="$ROOT/Tests/PoTTrainingTests/Fixtures"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "cli-commit-check: $*" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }

SALT=$(field "$FIXTURES/poseidon_model.json" "['salt']")
for model in mlp.safetensors mlp.gguf; do
  "$POT" commit --poseidon --salt "$SALT" --json "$FIXTURES/$model" > "$model.json"
  [ "$(field "$model.json" "['poseidon_root']")" = "0x$(field "$FIXTURES/poseidon_model.json" "['models']['$model']['root']")" ] \
    || fail "$model: root differs from the Python oracle: $(cat "$model.json")"
done

# The salt is random without --salt, and printed.
"$POT" commit --poseidon --json "$FIXTURES/mlp.gguf" > a.json
"$POT" commit --poseidon --json "$FIXTURES/mlp.gguf" > b.json
[ "$(field a.json "['salt']")" != "$(field b.json "['salt']")" ] || fail "two runs drew the same salt"
"$POT" commit --poseidon --salt "$(field a.json "['salt']")" --json "$FIXTURES/mlp.gguf" > c.json
[ "$(field a.json "['poseidon_root']")" = "$(field c.json "['poseidon_root']")" ] || fail "the printed salt does not reopen the root"

# A released model is bound to its training chain.
echo '{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}' > config.json
"$POT" train --config config.json -o run --steps 2 > /dev/null
read -r salt commitment < <(python3 - run/weights-final.safetensors <<'PY'
import json, struct, sys
f = open(sys.argv[1], "rb")
meta = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))["__metadata__"]
print(meta["salt"], meta["commitment"])
PY
)
"$POT" commit --poseidon --salt "$salt" --json run/weights-final.safetensors > final.json
[ "$(field final.json "['poseidon_root']")" = "$commitment" ] || fail "the final weights do not open the run's commitment"
[ "$(field final.json "['poseidon_root']")" = "$(field run/run.json "['commitments'][-1]")" ] || fail "run.json's last commitment differs"

if "$POT" commit --poseidon "$FIXTURES/out_of_range.safetensors" > /dev/null 2> err.txt; then fail "an out-of-range weight was accepted"; fi
grep -q 'out_of_range.safetensors: .*tensor "b" element 2 = 16384.0' err.txt || fail "the error does not name file, tensor and index: $(cat err.txt)"
if "$POT" commit --poseidon --salt 0xzz "$FIXTURES/mlp.gguf" > /dev/null 2> err.txt; then fail "a bad salt was accepted"; fi
grep -q -- "--salt must be" err.txt || fail "the bad salt is not named: $(cat err.txt)"
echo "cli-commit-check: C(W) of safetensors and GGUF equals the Python oracle; trained weights open the run's commitment"

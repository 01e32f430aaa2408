#!/usr/bin/env bash
# End-to-end check of `pot keygen / prove / verify / plan` through files only, as two machines
# would use them: the prover's directory holds the keys and the SRS, the verifier's receives
# the verifying key and the proof, nothing else. Run by `make test`. Usage:
#   scripts/cli-proof-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PROVER=$WORK/prover VERIFIER=$WORK/verifier
mkdir -p "$PROVER" "$VERIFIER"
fail() { echo "cli-proof-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

cd "$PROVER"
"$POT" setup generate --k 10 -o srs >/dev/null 2>&1
for circuit in squaring-chain poseidon-chain; do
  "$POT" keygen "$circuit" --k 10 --srs srs --pk "$circuit.pk" --vk "$circuit.vk" --json > keygen.json 2>/dev/null
  [ "$(json "['k']" < keygen.json)" = 10 ] || fail "$circuit: keygen did not use k = 10"
  "$POT" prove --pk "$circuit.pk" --srs srs --x 7 -o "$circuit.proof" --json > prove.json 2>/dev/null
  cp "$circuit.vk" "$circuit.proof" "$VERIFIER/"

  ( cd "$VERIFIER"
    "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --json > verify.json
    [ "$(json "['valid']" < verify.json)" = True ] || fail "$circuit: the honest proof was rejected"
    [ "$(json "['public_inputs'][0]" < verify.json)" = 7 ] || fail "$circuit: public input x is not 7"

    # One flipped byte in the middle of the proof: rejected, exit 1.
    python3 -c "
import sys; b = bytearray(open('$circuit.proof', 'rb').read()); b[len(b) // 2] ^= 1
open('tampered', 'wb').write(b)"
    if "$POT" verify --vk "$circuit.vk" --proof tampered 2> err.txt; then fail "$circuit: a tampered proof was accepted"; fi
    grep -q "error:" err.txt || fail "$circuit: no error message for a tampered proof"

    # A truncated key: the error names the file.
    head -c 100 "$circuit.vk" > short.vk
    if "$POT" verify --vk short.vk --proof "$circuit.proof" 2> err.txt; then fail "$circuit: a truncated key was accepted"; fi
    grep -q "short.vk" err.txt || fail "$circuit: the error does not name the truncated key"
  )
done

# The proof of one statement against the other's key.
cd "$VERIFIER"
if "$POT" verify --vk squaring-chain.vk --proof poseidon-chain.proof 2> err.txt; then fail "a proof verified under another circuit's key"; fi
grep -q "another verifying key" err.txt || fail "no clear error for a foreign key: $(cat err.txt)"

# A budget too small is refused before proving, saying what would fit.
cd "$PROVER"
if "$POT" prove --pk poseidon-chain.pk --srs srs --max-memory 1M -o never.proof 2> err.txt; then fail "--max-memory 1M did not refuse"; fi
grep -q "needs about" err.txt || fail "the refusal does not give the estimate: $(cat err.txt)"
[ ! -e never.proof ] || fail "a refused proof was written"
"$POT" plan poseidon-chain --max-memory 200M --size 5000 --json > plan.json
[ "$(json "['estimated_bytes'] <= 200 * 2**20" < plan.json)" = True ] || fail "the plan exceeds its budget"
echo "cli-proof-check: keygen, prove, verify, plan and their refusals behave"

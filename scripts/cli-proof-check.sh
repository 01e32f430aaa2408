#!/usr/bin/env bash
# End-to-end check of `pot keygen / prove / verify / plan` through files only, as two machines
# would use them: the prover's directory holds the keys and the SRS, the verifier's receives
# the verifying key, the proof and the public SRS (or the key's published digest), nothing
# else. Exit codes of pot verify: 0 valid, 1 invalid, 2 unusable input, 64 usage. Run by
# `make test`. Usage:
#   scripts/cli-proof-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PROVER=$WORK/prover VERIFIER=$WORK/verifier
mkdir -p "$PROVER" "$VERIFIER"
fail() { echo "cli-proof-check: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# expect CODE COMMAND…: runs the command (stdout to out.txt, stderr to err.txt), checks its exit code.
expect() {
  local want=$1; shift
  local got=0
  "$@" > out.txt 2> err.txt || got=$?
  [ "$got" = "$want" ] || fail "exit $got, not $want: $* ($(cat err.txt))"
}

cd "$PROVER"
"$POT" setup generate --k 10 -o srs >/dev/null 2>&1
for circuit in squaring-chain poseidon-chain; do
  "$POT" keygen "$circuit" --k 10 --srs srs --pk "$circuit.pk" --vk "$circuit.vk" --json > keygen.json 2>/dev/null
  [ "$(json "['k']" < keygen.json)" = 10 ] || fail "$circuit: keygen did not use k = 10"
  "$POT" prove --pk "$circuit.pk" --srs srs --x 7 -o "$circuit.proof" --json > prove.json 2>/dev/null
  cp "$circuit.vk" "$circuit.proof" "$VERIFIER/"
  cp srs "$VERIFIER/public.srs"
  digest=$(json "['vk_digest']" < keygen.json)
  y=$(json "['public_inputs'][1]" < prove.json)

  ( cd "$VERIFIER"
    # Anchored by re-deriving the key from the SRS, with both public inputs stated.
    expect 0 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --srs public.srs --public x=7 --public "y=$y" --json
    [ "$(json "['valid']" < out.txt)" = True ] || fail "$circuit: the honest proof was rejected"
    [ "$(json "['public_inputs']['x']" < out.txt)" = 7 ] || fail "$circuit: public input x is not 7"
    [ "$(json "['compared']" < out.txt)" = "['x', 'y']" ] || fail "$circuit: not every public input was compared"
    [ "$(json "['srs_development']" < out.txt)" = True ] || fail "$circuit: the development SRS is not reported"
    [ "$(json "['vk_digest']" < out.txt)" = "$digest" ] || fail "$circuit: the key digest differs from keygen's"
    # Anchored by the published digest; the expected values from a file.
    echo "{\"x\": \"7\", \"y\": \"$y\"}" > public.json
    expect 0 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --vk-digest "$digest" --public-file public.json
    grep -q "INSECURE development SRS" out.txt || fail "$circuit: the human summary does not warn of the development SRS"
    # Not anchored: refused (2) unless --trust-vk; a wrong digest is a failed check (1).
    expect 2 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof"
    grep -q "not anchored" err.txt || fail "$circuit: no reason for refusing an unanchored key"
    expect 0 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --trust-vk
    expect 1 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --vk-digest "$(echo "$digest" | tr 0-9a-f 1-9a-f0)"
    expect 64 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --vk-digest 1234
    # Public inputs: a wrong value is invalid, an unknown name unusable, a malformed one a usage error.
    expect 1 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --srs public.srs --public x=8
    grep -q "public input x" err.txt || fail "$circuit: a wrong x is not named"
    expect 2 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --srs public.srs --public z=1
    expect 64 "$POT" verify --vk "$circuit.vk" --proof "$circuit.proof" --srs public.srs --public x=seven

    # One flipped byte in the middle of the proof: rejected, exit 1.
    python3 -c "
import sys; b = bytearray(open('$circuit.proof', 'rb').read()); b[len(b) // 2] ^= 1
open('tampered', 'wb').write(b)"
    expect 1 "$POT" verify --vk "$circuit.vk" --proof tampered --vk-digest "$digest"
    grep -q "pot:" err.txt || fail "$circuit: no error message for a tampered proof"

    # A truncated key: unusable, and the error names the file.
    head -c 100 "$circuit.vk" > short.vk
    expect 2 "$POT" verify --vk short.vk --proof "$circuit.proof" --trust-vk
    grep -q "short.vk" err.txt || fail "$circuit: the error does not name the truncated key"

    # [τ]G2 replaced by [1]G2 or by the point at infinity: refused on load, even with --trust-vk.
    python3 -c "
b = open('$circuit.vk', 'rb').read(); name = int.from_bytes(b[12:16], 'little')
g2 = 16 + name + 4 + 32 + 4 + 32 + 32
open('one.vk', 'wb').write(b[:g2 + 128] + b[g2:g2 + 128] + b[g2 + 256:])
open('inf.vk', 'wb').write(b[:g2 + 128] + bytes(128) + b[g2 + 256:])"
    for forged in one.vk inf.vk; do
      expect 2 "$POT" verify --vk "$forged" --proof "$circuit.proof" --trust-vk
      grep -q "degenerate SRS points" err.txt || fail "$circuit: $forged was not refused as degenerate: $(cat err.txt)"
    done
  )
done
# The proof of one statement against the other's key.
cd "$VERIFIER"
expect 1 "$POT" verify --vk squaring-chain.vk --proof poseidon-chain.proof --srs public.srs
grep -q "another verifying key" err.txt || fail "no clear error for a foreign key: $(cat err.txt)"

# A key made with another SRS does not anchor to the public one.
cd "$PROVER"
"$POT" setup generate --k 10 -o other.srs >/dev/null 2>&1
"$POT" keygen squaring-chain --k 10 --srs other.srs --pk other.pk --vk other.vk >/dev/null 2>&1
"$POT" prove --pk other.pk --srs other.srs --x 7 -o other.proof >/dev/null 2>&1
expect 1 "$POT" verify --vk other.vk --proof other.proof --srs srs
grep -q "was not made with" err.txt || fail "a key of another SRS was not told apart: $(cat err.txt)"

# Degenerate SRS files, flags cleared: τ = 1 (every power the generator, [τ]G2 = [1]G2) and a
# single power (k = 0). pot setup check refuses both (it passed τ = 1 before keys were anchored).
python3 -c "
import hashlib
b = bytearray(open('srs', 'rb').read()); n = int.from_bytes(b[24:32], 'little')
b[12:16] = bytes(4)
b[160:288] = b[32:160]
b[288:288 + 64 * n] = b[288:352] * n
open('tau1.srs', 'wb').write(b[:-32] + hashlib.sha256(b[:-32]).digest())
h = b[:16] + bytes(4) + bytes(4) + (1).to_bytes(8, 'little') + b[32:352]
h[160:288] = bytes(open('srs', 'rb').read()[160:288])
open('k0.srs', 'wb').write(h + hashlib.sha256(h).digest())"
for bad in tau1.srs k0.srs; do
  expect 1 "$POT" setup check "$bad"
  grep -q "degenerate SRS" err.txt || fail "pot setup check accepted $bad: $(cat out.txt err.txt)"
done

# A budget too small is refused before proving, saying what would fit.
cd "$PROVER"
if "$POT" prove --pk poseidon-chain.pk --srs srs --max-memory 1M -o never.proof 2> err.txt; then fail "--max-memory 1M did not refuse"; fi
grep -q "needs about" err.txt || fail "the refusal does not give the estimate: $(cat err.txt)"
[ ! -e never.proof ] || fail "a refused proof was written"
"$POT" plan poseidon-chain --max-memory 200M --size 5000 --json > plan.json
[ "$(json "['estimated_bytes'] <= 200 * 2**20" < plan.json)" = True ] || fail "the plan exceeds its budget"
echo "cli-proof-check: keygen, prove, verify, plan and their refusals behave"

#!/usr/bin/env bash
# Hostile input through the CLI (issue 15): special files are refused at once, errors come in
# one style (`pot: FILE: …`, no Foundation dumps) with the README's exit codes (0 ok, 1 invalid,
# 2 unusable input, 64 usage), and no command that writes leaves a partial or clobbered output
# after a failure: outputs are written atomically, never over an input, and over an existing
# file only with --force. Run by `make test`. Usage:
#   scripts/cli-hostile-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d) LOG=$(mktemp -d)
trap 'rm -rf "$WORK" "$LOG"' EXIT
cd "$WORK"
fail() { echo "cli-hostile-check: $*" >&2; exit 1; }
# expect CODE COMMAND…: runs the command with a 20 s limit (stdout to out.txt, stderr to
# err.txt), checks its exit code and that stderr holds no Foundation dump or Swift trap.
expect() {
  local want=$1; shift
  local got=0
  timeout 20 "$@" > "$LOG/out.txt" 2> "$LOG/err.txt" || got=$?
  [ "$got" = "$want" ] || fail "exit $got, not $want: $* ($(cat "$LOG/err.txt"))"
  ! grep -qE "Error Domain=|Fatal error|Swift runtime failure|GGML_ASSERT" "$LOG/err.txt" || fail "unclean error from $*: $(cat "$LOG/err.txt")"
}
says() { grep -qF -- "$1" "$LOG/err.txt" || fail "expected \"$1\" in: $(cat "$LOG/err.txt")"; }
# only FILE…: the folder holds exactly these files (no temporary or partial file left).
only() { [ "$(ls -A | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ] || fail "folder holds: $(ls -A)"; }

mkdir in && cd in
"$POT" setup generate --k 8 -o dev.srs > /dev/null 2>&1
cp "$ROOT/Tests/PoTCommitmentsTests/Fixtures/tau3.ptau" "$ROOT/Tests/PoTHashingTests/Fixtures/tiny.gguf" .
mkfifo fifo
mkdir run-fifo && mkfifo run-fifo/config.json
"$POT" keygen squaring-chain --k 6 --srs dev.srs --pk sq.pk --vk sq.vk > /dev/null 2>&1
ZEROS=$(printf '0%.0s' $(seq 64))

# Special files: refused at once with the reason, exit 2 (a FIFO used to block for ever).
for special in fifo /dev/zero .; do
  expect 2 "$POT" model info "$special";                     says "not a regular file"
  expect 2 "$POT" commit "$special";                         says "not a regular file"
  expect 2 "$POT" setup check "$special";                    says "not a regular file"
  expect 2 "$POT" setup import "$special" -o ../never.srs;   says "not a regular file"
  expect 2 "$POT" prove --pk "$special" --srs dev.srs -o ../never.proof; says "not a regular file"
  expect 2 "$POT" verify --vk "$special" --proof sq.pk --trust-vk;       says "not a regular file"
  expect 2 "$POT" commit verify-tensor "$special" --root "$ZEROS";       says "not a regular file"
  expect 2 "$POT" verify "$special";                                     says "not a regular file"
  expect 2 "$POT" bundle show "$special";                                says "not a regular file"
  expect 2 "$POT" behave verify "$special";                              says "not a regular file"
  expect 2 "$POT" train --config "$special" -o ../never-run;             says "not a regular file"
  expect 2 "$POT" verify --vk sq.vk --proof sq.pk --trust-vk --public-file "$special"; says "not a regular file"
done
expect 2 "$POT" verify-training run-fifo;                                says "not a regular file"
expect 2 "$POT" model info /nonexistent.gguf; says "pot: /nonexistent.gguf: No such file or directory"

# Sizes from the command line and the file that used to overflow.
expect 0 "$POT" plan squaring-chain --max-memory 200M --size 9223372036854775807
expect 2 "$POT" keygen squaring-chain --size 9223372036854775807 --srs dev.srs --pk ../never.pk --vk ../never.vk
says "does not fit 2^28 rows"
python3 -c "
import struct; open('huge.ptau', 'wb').write(b'ptau' + struct.pack('<IIIQ', 1, 1, 1, 2**64 - 1) + bytes(4))"
expect 2 "$POT" setup import huge.ptau -o ../never.srs; says "section 1 claims 18446744073709551615 bytes"
python3 -c "
b = bytearray(open('sq.pk', 'rb').read()); b[len(b) // 2] ^= 1; open('flipped.pk', 'wb').write(b)"
expect 2 "$POT" prove --pk flipped.pk --srs dev.srs -o ../never.proof; says "checksum mismatch"
rm huge.ptau flipped.pk
cd ..
only in
INPUTS=$(ls -A in | sort)

# Every writing command: an existing output needs --force, an input is never an output, a
# failure leaves nothing, and the inputs are untouched.
mkdir out && cd out
echo old > taken
expect 2 "$POT" setup generate --k 4 -o taken;                          says "taken: exists; give --force to replace it"
expect 2 "$POT" setup import ../in/tau3.ptau -o taken;                  says "exists; give --force"
expect 2 "$POT" setup import ../in/tau3.ptau -o ../in/tau3.ptau --force; says "is also an input of this command"
expect 2 "$POT" setup import ../in/tiny.gguf --format halo2 -o fresh.srs
expect 2 "$POT" keygen squaring-chain --k 6 --srs ../in/dev.srs --pk taken --vk k.vk; says "exists; give --force"
expect 2 "$POT" keygen squaring-chain --k 6 --srs ../in/dev.srs --pk k.pk --vk missing/k.vk; says "does not exist"
expect 2 "$POT" keygen squaring-chain --k 6 --srs ../in/dev.srs --pk ../in/dev.srs --vk k.vk --force; says "is also an input"
expect 2 "$POT" prove --pk ../in/sq.pk --srs ../in/dev.srs -o taken;    says "exists; give --force"
expect 2 "$POT" prove --pk ../in/sq.pk --srs ../in/dev.srs -o ../in/sq.pk --force; says "is also an input"
expect 2 "$POT" prove --pk ../in/sq.vk --srs ../in/dev.srs -o fresh.proof
expect 2 "$POT" commit ../in/tiny.gguf -o taken;                        says "exists; give --force"
expect 2 "$POT" commit ../in/tiny.gguf -o ../in/tiny.gguf --force;     says "is also an input"
expect 2 "$POT" commit ../in/fifo -o fresh.json
expect 2 "$POT" commit prove-tensor ../in/tiny.gguf no.such.tensor -o fresh.json
[ "$(cat taken)" = old ] || fail "an existing output was clobbered"
only taken
[ "$(ls -A ../in | sort)" = "$INPUTS" ] || fail "the inputs' folder changed: $(ls -A ../in)"

# With --force the outputs are replaced, completely.
expect 0 "$POT" setup generate --k 4 -o taken --force
expect 0 "$POT" setup check taken
expect 0 "$POT" keygen squaring-chain --k 6 --srs ../in/dev.srs --pk k.pk --vk k.vk
expect 0 "$POT" prove --pk k.pk --srs ../in/dev.srs -o p.proof
expect 2 "$POT" prove --pk k.pk --srs ../in/dev.srs -o p.proof;         says "exists; give --force"
expect 0 "$POT" prove --pk k.pk --srs ../in/dev.srs -o p.proof --force
expect 0 "$POT" verify --vk k.vk --proof p.proof --srs ../in/dev.srs
expect 0 "$POT" commit ../in/tiny.gguf -o c.json
expect 0 "$POT" commit prove-tensor --commitment c.json "$(python3 -c "import json; print(json.load(open('c.json'))['tensors'][0]['name'])")" -o t.json
expect 0 "$POT" commit verify-tensor t.json --commitment c.json
only taken k.pk k.vk p.proof c.json t.json
echo "cli-hostile-check: special files, positioned errors, exit codes and atomic outputs behave"

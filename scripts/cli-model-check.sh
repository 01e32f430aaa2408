#!/usr/bin/env bash
# End-to-end check of `pot model` on the real test model ($POT_TEST_MODEL, which `make setup`
# installs): info, scoring with both matrix-product paths, generation, and refusals of bad input
# (a truncated file, a non-GGUF file, an unknown --products value). Usage:
#   scripts/cli-model-check.sh [POT]            (default: .build/debug/pot)
set -euo pipefail
POT=$(realpath "${1:-.build/debug/pot}")
MODEL=${POT_TEST_MODEL:-$HOME/.cache/pot/models/SmolLM2-135M-Instruct.Q4_1.gguf}
[ -f "$MODEL" ] || { echo "cli-model-check: $MODEL missing: run make setup" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "cli-model-check: $*" >&2; exit 1; }

"$POT" model info "$MODEL" > "$WORK/info.txt"
grep -q "^architecture   llama" "$WORK/info.txt" || fail "info does not say llama: $(cat "$WORK/info.txt")"
grep -q "q4_1  210 tensors" "$WORK/info.txt" || fail "info does not list the Q4_1 tensors"
grep -Eq "^products       (vnni for q4_1, q8_0; ggml for f32|ggml \(this CPU lacks)" "$WORK/info.txt" || fail "info does not say which products run: $(cat "$WORK/info.txt")"

TEXT="The capital of France is Paris. The capital of Italy is Rome."
for products in vnni ggml; do
    if ! "$POT" model score "$MODEL" --text "$TEXT" --json --threads 2 --products "$products" > "$WORK/$products.json" 2> "$WORK/err.txt"; then
        # A CPU without the VNNI kernels' instructions refuses them by name; anything else fails.
        [ "$products" = vnni ] && grep -q "which this CPU lacks" "$WORK/err.txt" || fail "$(cat "$WORK/err.txt")"
        rm -f "$WORK/$products.json"
    fi
done
python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
runs = {p: json.load(open(f"{work}/{p}.json")) for p in ("vnni", "ggml") if os.path.exists(f"{work}/{p}.json")}
for name, run in runs.items():
    tokens, logprobs = run["tokens"], run["logprobs"]
    # SmolLM2's metadata adds no BOS; "Paris" after "The capital of France is" is near certain.
    assert tokens[0] != 1, f"{name}: BOS added"
    assert len(logprobs) == len(tokens) - 1, f"{name}: {len(logprobs)} logprobs for {len(tokens)} tokens"
    assert all(lp <= 0 for lp in logprobs), f"{name}: a log-probability above 0"
    assert tokens[5] == 7042 and logprobs[4] > -1.0, f"{name}: ln p(Paris) = {logprobs[4]}"
if len(runs) == 2:
    a, b = runs["vnni"], runs["ggml"]
    assert a["tokens"] == b["tokens"]
    gap = max(abs(x - y) for x, y in zip(a["logprobs"], b["logprobs"]))
    # Both paths round activations to the same 8-bit blocks; only scale precision differs.
    assert gap < 0.2, f"vnni and ggml products differ by {gap}"
PY

OUT=$("$POT" model generate "$MODEL" --prompt $'<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n' -n 24 --threads 2)
echo "$OUT" | grep -q Paris || fail "generation did not answer Paris: $OUT"

head -c 1000000 "$MODEL" > "$WORK/truncated.gguf"
if "$POT" model score "$WORK/truncated.gguf" --text hi > /dev/null 2> "$WORK/err.txt"; then fail "a truncated file was scored"; fi
grep -q "truncated.gguf" "$WORK/err.txt" || fail "the error does not name the file: $(cat "$WORK/err.txt")"
echo "not a model" > "$WORK/text.gguf"
if "$POT" model info "$WORK/text.gguf" > /dev/null 2> "$WORK/err.txt"; then fail "a text file was read as a model"; fi
grep -q "text.gguf" "$WORK/err.txt" || fail "the error does not name the file: $(cat "$WORK/err.txt")"
if "$POT" model score "$MODEL" --text hi --products fast > /dev/null 2>&1; then fail "--products fast was accepted"; fi
echo "cli-model-check: ok"

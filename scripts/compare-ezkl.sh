#!/usr/bin/env bash
# One SGD step of the 64→32→10 MLP at batch 16 proved by ezkl (the peers' script, from an ONNX
# graph of forward, backward and update) and by `pot bench train`, back to back so that both
# run under the same load; prints both figures and the ratios as JSON (docs/training.md).
#   scripts/compare-ezkl.sh [PEERS_DIR]      (default: ../shared/peers-zk; ~15 min, ~10 GiB)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=$(realpath "${1:-$ROOT/../shared/peers-zk}")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
[ -x /tmp/peers-venv/bin/python ] || (cd "$PEERS" && bash setup.sh > "$OUT/setup.log")
(cd "$ROOT" && swift build -c release --product pot > /dev/null)
(cd "$PEERS" && RUST_BACKTRACE=0 /tmp/peers-venv/bin/python ezkl_sgd_step.py --configs private --prove-runs 1 \
    --fidelity-seeds 0 --out "$OUT/ezkl.json" > /dev/null 2> "$OUT/ezkl.log")
"$ROOT/.build/release/pot" bench train --json --no-epoch --runs 3 > "$OUT/pot.json"
python3 - "$OUT/ezkl.json" "$OUT/pot.json" <<'PY'
import json, sys
ezkl = json.load(open(sys.argv[1]))["summary"][0]
pot = {r["name"]: r["median"] for r in map(json.loads, open(sys.argv[2]))}
print(json.dumps({
    "ezkl_prove_s": ezkl["prove_s"], "ezkl_prove_peak_mib": ezkl["prove_peak_rss_mib"], "ezkl_proof_bytes": ezkl["proof_bytes"],
    "pot_prove_s": pot["train_step_prove"] / 1000, "pot_prove_peak_mib": pot["train_step_peak_rss"],
    "pot_proof_bytes": pot["train_step_proof_size"],
    "speedup": round(ezkl["prove_s"] / (pot["train_step_prove"] / 1000), 1),
    "memory_ratio": round(pot["train_step_peak_rss"] / ezkl["prove_peak_rss_mib"], 3)}))
PY

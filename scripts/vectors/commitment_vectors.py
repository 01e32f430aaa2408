#!/usr/bin/env python3
"""Reference values for the training commitments of docs/training.md, computed from the doc's
definitions over an independent Poseidon: the `poseidon-hash` PyPI package (0.1.4) configured as
circomlib's instance exactly as scripts/vectors/poseidon_vectors.py does. Packing, Merkle trees
with zero subtrees, the tensor commitment C(W), the dataset leaf and root, the schedule and runId
are written here from the doc's text, not from the Swift code.
CommitmentVectorTests reads the output, Tests/PoTCommitmentsTests/Fixtures/commitment_vectors.json.

Run (about two minutes):
  python3 -m venv /tmp/poseidon-venv
  /tmp/poseidon-venv/bin/pip install poseidon-hash==0.1.4 galois==0.3.10 numba==0.59.1 numpy==1.26.4
  /tmp/poseidon-venv/bin/python scripts/vectors/commitment_vectors.py > Tests/PoTCommitmentsTests/Fixtures/commitment_vectors.json
"""
import contextlib
import hashlib
import io
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from poseidon_vectors import CIRCOMLIB_M3, P  # noqa: E402

import galois  # noqa: E402
import poseidon  # noqa: E402
from poseidon import round_constants as rc  # noqa: E402

_field = galois.GF(P, primitive_element=5, verify=False)
_constants = [int(x) for x in rc.calc_round_constants(3, 8, 57, P, _field, 3, 254)]
with contextlib.redirect_stdout(io.StringIO()):
    _h = poseidon.Poseidon(P, 128, 5, 2, 3, full_round=8, partial_round=57,
                           rc_list=[hex(x) for x in _constants],
                           mds_matrix=[[hex(x) for x in row] for row in CIRCOMLIB_M3])


def H(a, b):
    """circomlib's Poseidon([a, b]): state[0] of the permuted [0, a, b]."""
    _h.run_hash([0, a % P, b % P])
    return int(_h.state[0])


def pack(values):
    """Eight values per element, slot u = v + 2^30 at bit 31*i; the last element zero-padded."""
    out = []
    for start in range(0, len(values), 8):
        element = 0
        for i, v in enumerate(values[start:start + 8]):
            assert -2**30 <= v < 2**30
            element += (v + 2**30) << (31 * i)
        out.append(element)
    return out


ZERO = [0]
for _ in range(8):
    ZERO.append(H(ZERO[-1], ZERO[-1]))


def depth(m):
    d = 1
    while 2**d < m:
        d += 1
    return d


def root_by_full_padding(leaves):
    """The root with every padding leaf written out as 0 and hashed: checks the zero-subtree rule."""
    level = leaves + [0] * (2**depth(len(leaves)) - len(leaves))
    while len(level) > 1:
        level = [H(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def path(leaves, index):
    level = leaves + [0] * (2**depth(len(leaves)) - len(leaves))
    siblings = []
    while len(level) > 1:
        siblings.append(level[index ^ 1])
        level = [H(level[i], level[i + 1]) for i in range(0, len(level), 2)]
        index //= 2
    return siblings


def list_hash(elements):
    acc = len(elements)
    for e in elements:
        acc = H(acc, e)
    return acc


def main():
    rng = random.Random(20261205)
    value = lambda: rng.randrange(-2**30, 2**30)

    packings = []
    for values in ([], [0], [-2**30, 2**30 - 1, -1, 1, 0, 65536, -65536, 12345],
                   [value() for _ in range(9)], [value() for _ in range(17)]):
        packings.append({"values": values, "elements": [str(e) for e in pack(values)]})

    trees = []
    for m in (1, 2, 3, 5, 8, 9):
        leaves = [rng.randrange(P) for _ in range(m)]
        index = rng.randrange(2**depth(m))
        trees.append({"leaves": [str(x) for x in leaves], "root": str(root_by_full_padding(leaves)),
                      "index": index, "path": [str(x) for x in path(leaves, index)]})

    # An MLP 5 -> 3 -> 2: W1 (3x5), b1 (3), W2 (2x3), b2 (2), row-major, in commitment order.
    tensors = [[value() for _ in range(15)], [value() for _ in range(3)],
               [value() for _ in range(6)], [value() for _ in range(2)]]
    salt = rng.randrange(P)
    tensor_leaves = [e for t in tensors for e in pack(t)] + [salt]
    tensor = {"tensors": tensors, "salt": str(salt), "commitment": str(root_by_full_padding(tensor_leaves))}

    examples = [{"inputs": [value() for _ in range(10)], "label": rng.randrange(10)} for _ in range(5)]
    for e in examples:
        e["leaf"] = str(list_hash(pack(e["inputs"]) + [e["label"]]))
    dataset_salt = rng.randrange(P)
    dataset = {"examples": examples, "salt": str(dataset_salt),
               "root": str(root_by_full_padding([int(e["leaf"]) for e in examples] + [dataset_salt]))}

    seed = rng.randrange(P)
    configuration = b'{"model": "mlp", "widths": [64, 32, 10], "batch": 16}\n'
    run_id = int.from_bytes(hashlib.sha256(configuration).digest()[:31], "big")
    batch, n = 4, 1797
    indices = []
    for t in range(3):
        for j in range(batch):
            h = H(seed, t * batch + j)
            indices.append({"step": t, "position": j, "hash": str(h), "index": (h % 2**64) % n})
    schedule = {"seed": str(seed), "configuration": configuration.decode(), "runId": str(run_id),
                "seedCommitment": str(H(seed, run_id)), "batchSize": batch, "datasetSize": n, "indices": indices}

    print(json.dumps({
        "source": "docs/training.md definitions over poseidon-hash 0.1.4 (PyPI) configured as circomlib; "
                  "generated by scripts/vectors/commitment_vectors.py",
        "zeroSubtrees": [str(z) for z in ZERO[:6]],
        "packings": packings, "trees": trees, "tensor": tensor, "dataset": dataset, "schedule": schedule}, indent=1))


if __name__ == "__main__":
    main()

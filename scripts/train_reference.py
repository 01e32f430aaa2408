#!/usr/bin/env python3
"""The float64 reference of a `pot train` run (docs/fixed-point.md, "Error against float64").

Trains the run's network again in float64 NumPy from the same initial weights (the fixed-point
values of private/weights-initial.safetensors divided by 2^16), on the same batches
(private/steps.json), with the same architecture and learning rate: dense layers, ReLU between
them, mean softmax cross-entropy over the batch, plain SGD. Then it measures accuracy on the
same hold-out split and compares with the fixed-point accuracy that run.json reports.

  python3 scripts/train_reference.py RUN_DIR [--data digits.csv] [--max-gap 1.5] [--json]

With --max-gap, exits 1 when the two accuracies differ by more than that many percentage points.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np


def read_fixed_tensors(path):
    """The `NAME.fixed` I32 tensors of a run's safetensors file, as float64 value / 2^16."""
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or not name.endswith(".fixed"):
            continue
        assert entry["dtype"] == "I32", (path, name, entry["dtype"])
        start, end = entry["data_offsets"]
        values = np.frombuffer(raw[base + start : base + end], dtype="<i4").astype(np.float64) / 65536.0
        tensors[name[: -len(".fixed")]] = values.reshape(entry["shape"])
    return tensors


def read_digits(path):
    data = np.loadtxt(path, delimiter=",", dtype=np.int64, ndmin=2)
    return data[:, :-1].astype(np.float64) / 16.0, data[:, -1]


def forward(weights, biases, x):
    zs, h = [], x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = h @ w.T + b
        zs.append(z)
        h = np.maximum(z, 0.0) if l + 1 < len(weights) else z
    return zs


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sgd_step(weights, biases, x, y, lr):
    zs = forward(weights, biases, x)
    p = softmax(zs[-1])
    delta = p.copy()
    delta[np.arange(len(y)), y] -= 1.0
    delta /= len(y)  # mean loss over the batch
    activations = [x] + [np.maximum(z, 0.0) for z in zs[:-1]]
    for l in reversed(range(len(weights))):
        grad_w = delta.T @ activations[l]
        grad_b = delta.sum(axis=0)
        if l > 0:
            delta = (delta @ weights[l]) * (zs[l - 1] > 0)
        weights[l] = weights[l] - lr * grad_w
        biases[l] = biases[l] - lr * grad_b


def evaluate(weights, biases, x, y):
    z = forward(weights, biases, x)[-1]
    p = softmax(z)
    loss = float(-np.log(p[np.arange(len(y)), y]).mean())
    return float((z.argmax(axis=1) == y).mean()), loss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    cache = os.environ.get("POT_CACHE", os.path.expanduser("~/.cache/pot"))
    parser.add_argument("--data", default=os.environ.get("POT_DIGITS", os.path.join(cache, "data", "digits.csv")))
    parser.add_argument("--max-gap", type=float, help="fail when |fixed − float64| exceeds this many percentage points")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with open(os.path.join(args.run_dir, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(args.run_dir, "run.json")) as f:
        run = json.load(f)
    with open(os.path.join(args.run_dir, "private", "steps.json")) as f:
        steps = json.load(f)["steps"]
    initial = read_fixed_tensors(os.path.join(args.run_dir, "private", "weights-initial.safetensors"))
    layers = len(config["layers"]) - 1
    weights = [initial[f"W_{l + 1}"] for l in range(layers)]
    biases = [initial[f"b_{l + 1}"] for l in range(layers)]

    x, y = read_digits(args.data)
    n = run["dataset_size"]
    assert len(y) == n + run["holdout_size"], f"{args.data}: {len(y)} examples, the run used {n} + {run['holdout_size']}"
    train_x, train_y, hold_x, hold_y = x[:n], y[:n], x[n:], y[n:]

    for step in steps:
        batch = np.array(step["batch"], dtype=np.int64)
        sgd_step(weights, biases, train_x[batch], train_y[batch], config["learning_rate"])
    accuracy, loss = evaluate(weights, biases, hold_x, hold_y)
    gap = (run["holdout_accuracy"] - accuracy) * 100
    result = {
        "steps": len(steps), "float64_holdout_accuracy": accuracy, "float64_holdout_loss": loss,
        "fixed_point_holdout_accuracy": run["holdout_accuracy"], "fixed_point_holdout_loss": run["holdout_loss"],
        "gap_percentage_points": gap,
    }
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(f"steps                 {len(steps)}")
        print(f"hold-out accuracy     fixed point {run['holdout_accuracy'] * 100:.2f}%, float64 {accuracy * 100:.2f}% "
              f"(gap {gap:+.2f} points)")
        print(f"hold-out mean loss    fixed point {run['holdout_loss']:.4f}, float64 {loss:.4f}")
    if args.max_gap is not None and abs(gap) > args.max_gap:
        print(f"FAIL: the fixed-point accuracy is {abs(gap):.2f} points from float64's (allowed {args.max_gap})", file=sys.stderr)
        sys.exit(1)


main()

#!/usr/bin/env python3
"""Reference values for one fixed-point SGD step, written from docs/fixed-point.md alone with
Python's unbounded integers (`//` is the floor division the spec names), independently of the
Swift trainer. PoTTrainingTests reads its output, Tests/PoTTrainingTests/Fixtures/train_step_vectors.json.

Cases: small random networks of two and three layers with negative values everywhere (floors
of negatives), a layer whose products pass 2^63 before they cancel (the trainer's 128-bit
path), and steps that must fail because a value leaves [-2^30, 2^30).

Run: python3 scripts/vectors/train_step_vectors.py > Tests/PoTTrainingTests/Fixtures/train_step_vectors.json
"""
import json
import math
import random

ONE = 1 << 16
LIMIT = 1 << 30


class Overflow(Exception):
    pass


def value(v):
    if not -LIMIT <= v < LIMIT:
        raise Overflow(v)
    return v


def table():
    t, closest = [], 1.0
    for q in range(4096):
        x = ONE * math.exp(-q / 256)
        closest = min(closest, abs(x - math.floor(x) - 0.5))
        t.append(math.floor(x + 0.5))
    assert closest > 1e-6, closest  # every correctly rounded exp gives this table
    return t + [0]


T = table()


def E(d):
    assert d >= 0
    return T[min(d // 256, 4096)]


def step(Ws, bs, X, y, eta):
    """Ws[l] is n_l rows of n_{l-1}; returns every quantity of the spec."""
    L = len(Ws)
    B = len(X)
    H = [X]
    Z = []
    for l in range(L):
        W, b = Ws[l], bs[l]
        z = [[value(sum(h[k] * W[j][k] for k in range(len(h))) // ONE + b[j]) for j in range(len(W))] for h in H[-1]]
        Z.append(z)
        if l < L - 1:
            H.append([[v if v > 0 else 0 for v in row] for row in z])
    m, e, s, p, G = [], [], [], [], []
    for i, row in enumerate(Z[-1]):
        mi = max(row)
        ei = [E(value(mi - v)) for v in row]
        si = sum(ei)
        pi = [x * ONE // si for x in ei]
        m.append(mi), e.append(ei), s.append(si), p.append(pi)
        G.append([value(pij - (ONE if j == y[i] else 0)) for j, pij in enumerate(pi)])
    deltas = [G]
    newW, newb = [None] * L, [None] * L
    for l in reversed(range(L)):
        d, h, W, b = deltas[0], H[l], Ws[l], bs[l]
        # Only the updated parameters are values: the quotients may lie outside the range.
        newW[l] = [[value(W[r][c] - eta * sum(d[i][r] * h[i][c] for i in range(B)) // (B << 32))
                    for c in range(len(W[0]))] for r in range(len(W))]
        newb[l] = [value(b[r] - eta * sum(d[i][r] for i in range(B)) // (B << 16)) for r in range(len(b))]
        if l > 0:
            # Where the mask is 0 the quotient is discarded unchecked; where it is 1 it is δ, a value.
            back = [[sum(d[i][r] * W[r][c] for r in range(len(W))) // ONE for c in range(len(W[0]))] for i in range(B)]
            deltas.insert(0, [[value(q) if Z[l - 1][i][c] > 0 else 0 for c, q in enumerate(back[i])] for i in range(B)])
    flat = lambda rows: [v for row in rows for v in row]
    return {
        "Z": [flat(z) for z in Z], "H": [flat(h) for h in H[1:]], "m": m, "e": flat(e), "s": s, "p": flat(p),
        "deltas": [flat(d) for d in deltas], "W": [flat(w) for w in newW], "b": newb,
    }


def case(name, widths, batch, eta, Ws, bs, X, y):
    out = {"name": name, "widths": widths, "eta": eta, "W": [[v for row in W for v in row] for W in Ws], "b": bs,
           "X": [v for row in X for v in row], "y": y}
    try:
        out["expected"] = step(Ws, bs, X, y, eta)
    except Overflow:
        out["expected_error"] = "overflow"
    return out


def checked_case(name, widths, batch, eta, Ws, bs, X, y, holds):
    """A case that must succeed and have the property `holds`, or the script fails."""
    c = case(name, widths, batch, eta, Ws, bs, X, y)
    assert "expected" in c and holds(c), name
    return c


def random_case(name, rng, widths, batch, eta, scale):
    Ws = [[[rng.randint(-scale, scale) for _ in range(widths[l])] for _ in range(widths[l + 1])] for l in range(len(widths) - 1)]
    bs = [[rng.randint(-scale // 4, scale // 4) for _ in range(widths[l + 1])] for l in range(len(widths) - 1)]
    X = [[rng.randint(-2 * ONE, 2 * ONE) for _ in range(widths[0])] for _ in range(batch)]
    y = [rng.randrange(widths[-1]) for _ in range(batch)]
    return case(name, widths, batch, eta, Ws, bs, X, y)


def main():
    rng = random.Random(20261205)
    cases = [
        random_case("two layers 6-5-4, batch 3", rng, [6, 5, 4], 3, 6554, ONE),
        random_case("three layers 8-6-5-3, batch 4", rng, [8, 6, 5, 3], 4, 13107, ONE),
        random_case("one layer 5-3, batch 5, eta 1", rng, [5, 3], 5, 65536, 3 * ONE),
        random_case("two layers 7-4-3, batch 1, tiny eta", rng, [7, 4, 3], 1, 1, ONE // 2),
    ]
    # Products of 2^59 that pass 2^63 before the second half of the row cancels them.
    big, n = LIMIT - 1, 48
    W1 = [[(1 << 29) if k < 20 else -(1 << 29) if k < 40 else rng.randint(-ONE, ONE) for k in range(n)] for _ in range(3)]
    X = [[big] * 40 + [rng.randint(-ONE, ONE) for _ in range(n - 40)] for _ in range(2)]
    W2 = [[rng.randint(-ONE // 100, ONE // 100) for _ in range(3)] for _ in range(4)]
    cases.append(case("products past 2^63 that cancel", [n, 3, 4], 2, 6554, [W1, W2], [[0] * 3, [0] * 4], X, [1, 3]))
    # Quotients the spec leaves unbounded: before the bias, where the mask discards it, and of
    # the update; each lies outside the value range while the step's values do not.
    cases.append(checked_case("rescale quotient beyond the range, brought back by the bias", [1, 2], 1, 6554,
                              [[[1 << 23], [0]]], [[-(1 << 29), 0]], [[1 << 23]], [0],
                              lambda c: c["expected"]["Z"][0][0] == (1 << 29)))  # the quotient is 2^30
    # A confidently wrong prediction: G ≈ (−2^16, 2^16), so G · W_2 / 2^16 ≈ 2^31.
    cases.append(checked_case("masked-out quotient beyond the range", [1, 1, 2], 1, 6554,
                              [[[-ONE]], [[-LIMIT], [LIMIT - 1]]], [[0], [0, 20 * ONE]], [[ONE]], [0],
                              lambda c: c["expected"]["deltas"][0] == [0]
                              and abs(-LIMIT * c["expected"]["deltas"][1][0] + (LIMIT - 1) * c["expected"]["deltas"][1][1]) // ONE >= LIMIT))
    # δ_1 ≈ W_2[0] − W_2[1] = −0.68 · 2^30, so the quotient for W_1 is about −1.02 · 2^30.
    w2 = 34 * LIMIT // 100
    cases.append(checked_case("update quotient beyond the range", [1, 1, 2], 1, ONE,
                              [[[-(LIMIT // 5)]], [[-w2], [w2]]], [[3 * (LIMIT // 10) + 100], [30 * ONE, 0]],
                              [[3 * ONE // 2]], [1],
                              lambda c: abs(c["W"][0][0] - c["expected"]["W"][0][0]) >= LIMIT))
    # Failing steps: a pre-activation out of range; a logit spread beyond a value.
    cases.append(case("pre-activation overflow", [2, 2], 1, 6554, [[[LIMIT - 1, LIMIT - 1], [0, 0]]], [[0, 0]],
                      [[LIMIT - 1, LIMIT - 1]], [0]))
    cases.append(case("logit spread overflow", [1, 2], 1, 6554, [[[ONE], [-ONE]]], [[LIMIT // 2 + 5, -(LIMIT // 2) - 5]],
                      [[0]], [0]))
    print(json.dumps({"source": "scripts/vectors/train_step_vectors.py", "exp_table": T, "cases": cases}))


main()

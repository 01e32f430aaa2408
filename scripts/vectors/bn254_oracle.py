#!/usr/bin/env python3
"""Known-answer vectors for the BN254 curve, encoding and pairing tests, from two
independent implementations: py_ecc (Ethereum's pure-Python alt_bn128) and mcl (herumi's C++
library, through the mclbn256 wheel, switched to alt_bn128 = mclBn_CurveSNARK1).

Writes into Tests/PoTAlgebraTests/Fixtures/:
  bn254_points.json      [k]G1 and [k]G2 (py_ecc), P+Q sums, EIP-196/197 uncompressed bytes
                         and mcl-serialized compressed bytes of each point, twist points
                         outside G2 (y from a square root in Fq2, checked [r]Q != O with
                         py_ecc)
  bn254_pairing.json     e(G1, G2), e([a]G1, [b]G2) in the Fq2/Fq6/Fq12 tower of bn254.h:
                         py_ecc's value, f^((p^12-1)/r) exactly; mcl returns a fixed power
                         of it, e^(2x(6x^2+3x+1)), which is checked too
and checks the go-ethereum EIP-197 cases in eip197_geth_pairing.json with py_ecc.

Tests never run this script; it only documents where the fixtures came from. To rerun:
  python3 -m venv /tmp/oracle-venv
  /tmp/oracle-venv/bin/pip install py-ecc==8.0.0 mclbn256==1.3.5
  /tmp/oracle-venv/bin/python scripts/vectors/bn254_oracle.py
(py_ecc 8.0.0 and mclbn256 1.3.5 with mcl 1.61 on CPython 3.11 wrote the committed files.)

Field elements and scalars are 64 hex digits, big-endian. An Fq12 element is listed as its
12 Fq coefficients in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1 (Fq12 = Fq6[w],
Fq6 = Fq2[v], Fq2 = Fq[u]).
"""
import ctypes
import json
import os
import random

from py_ecc import optimized_bn128 as b
from py_ecc.fields import optimized_bn128_FQ2 as FQ2

P = b.field_modulus
R = b.curve_order
X = 4965661367192848881
MCL_EXTRA_POWER = 2 * X * (6 * X * X + 3 * X + 1)
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "Tests", "PoTAlgebraTests", "Fixtures")


def h(v):
    return "%064x" % (int(v) % P if not isinstance(v, int) else v)


def fq(v):
    return int(v.n) if hasattr(v, "n") else int(v)


def fq2(v):
    return [int(c) for c in v.coeffs]


def affine(pt):
    if b.is_inf(pt):
        return None
    return b.normalize(pt)


# ------------------------------------------------------------------------------ mcl
class Mcl:
    def __init__(self):
        from mclbn256 import mclbn256 as M
        lib = M.lib
        vp, sz, ci, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p

        def fn(name, res, args):
            f = lib._FuncPtr((name, lib))
            f.restype = res
            f.argtypes = args
            return f

        if fn("mclBn_init", ci, [ci, ci])(4, M.MCLBN_COMPILED_TIME_VAR) != 0:
            raise RuntimeError("mclBn_init(SNARK1) failed")
        self.g1_set = fn("mclBnG1_setStr", ci, [vp, cp, sz, ci])
        self.g2_set = fn("mclBnG2_setStr", ci, [vp, cp, sz, ci])
        self.g1_ser = fn("mclBnG1_serialize", sz, [cp, sz, vp])
        self.g2_ser = fn("mclBnG2_serialize", sz, [cp, sz, vp])
        self.g1_deser = fn("mclBnG1_deserialize", sz, [vp, cp, sz])
        self.g2_deser = fn("mclBnG2_deserialize", sz, [vp, cp, sz])
        self.g1_get = fn("mclBnG1_getStr", sz, [cp, sz, vp, ci])
        self.g2_get = fn("mclBnG2_getStr", sz, [cp, sz, vp, ci])
        self.pairing_fn = fn("mclBn_pairing", None, [vp, vp, vp])
        self.gt_get = fn("mclBnGT_getStr", sz, [cp, sz, vp, ci])

    def g1(self, pt):
        buf = (ctypes.c_uint64 * 12)()
        a = affine(pt)
        s = b"0" if a is None else ("1 %d %d" % (fq(a[0]), fq(a[1]))).encode()
        assert self.g1_set(buf, s, len(s), 10) == 0
        return buf

    def g2(self, pt):
        buf = (ctypes.c_uint64 * 24)()
        a = affine(pt)
        if a is None:
            s = b"0"
        else:
            (x0, x1), (y0, y1) = fq2(a[0]), fq2(a[1])
            s = ("1 %d %d %d %d" % (x0, x1, y0, y1)).encode()
        assert self.g2_set(buf, s, len(s), 10) == 0
        return buf

    def serialize(self, pt, g2):
        out = ctypes.create_string_buffer(128)
        n = (self.g2_ser if g2 else self.g1_ser)(out, 128, self.g2(pt) if g2 else self.g1(pt))
        assert n == (64 if g2 else 32)
        return out.raw[:n]

    def deserialize_coords(self, data, g2):
        """mcl's own reading of a compressed encoding, as decimal affine coordinates."""
        buf = (ctypes.c_uint64 * (24 if g2 else 12))()
        if (self.g2_deser if g2 else self.g1_deser)(buf, data, len(data)) != len(data):
            return None
        s = ctypes.create_string_buffer(1024)
        (self.g2_get if g2 else self.g1_get)(s, 1024, buf, 10)
        return [int(v) for v in s.value.split()[1:]] if s.value != b"0" else []

    def pairing(self, p1, q2):
        gt = (ctypes.c_uint64 * 48)()
        self.pairing_fn(gt, self.g1(p1), self.g2(q2))
        s = ctypes.create_string_buffer(2048)
        self.gt_get(s, 2048, gt, 10)
        return [int(v) for v in s.value.split()]


# ------------------------------------------------------------------------------ encodings
def eip196_g1(pt):
    a = affine(pt)
    if a is None:
        return "00" * 64
    return h(fq(a[0])) + h(fq(a[1]))


def eip197_g2(pt):
    a = affine(pt)
    if a is None:
        return "00" * 128
    (x0, x1), (y0, y1) = fq2(a[0]), fq2(a[1])
    return h(x1) + h(x0) + h(y1) + h(y0)


def tower_to_flat(t):
    a = [0] * 12
    for j in range(2):
        for k in range(3):
            i = 2 * k + j
            b0, b1 = t[2 * (3 * j + k)], t[2 * (3 * j + k) + 1]
            a[i], a[i + 6] = (b0 - 9 * b1) % P, b1
    return b.FQ12(a)


def flat_to_tower(f):
    """py_ecc's Fq12 is Fq[w]/(w^12 - 18 w^6 + 82) with u = w^6 - 9, v = w^2. A tower
    coefficient b_jk = b0 + b1 u of v^k w^j sits at w^i, i = 2k + j, as (b0 - 9 b1) w^i +
    b1 w^(i+6); so b1 = a[i+6] and b0 = a[i] + 9 a[i+6]."""
    a = [int(c) % P for c in f.coeffs]
    out = []
    for j in range(2):
        for k in range(3):
            i = 2 * k + j
            out += [(a[i] + 9 * a[i + 6]) % P, a[i + 6]]
    return out


# ------------------------------------------------------------------------------ Fq2 sqrt
def fq2_sqrt(a):
    """Square root in Fq2 for p = 3 mod 4 (Adj and Rodriguez-Henriquez, Algorithm 9)."""
    a1 = a ** ((P - 3) // 4)
    alpha = a1 * a1 * a
    a0 = (alpha ** P) * alpha
    if a0 == FQ2([-1, 0]):
        return None
    x0 = a1 * a
    if alpha == FQ2([-1, 0]):
        x = FQ2([0, 1]) * x0
    else:
        x = ((FQ2([1, 0]) + alpha) ** ((P - 1) // 2)) * x0
    assert x * x == a
    return x


def twist_point_outside_g2(rng):
    bp = FQ2([3, 0]) / FQ2([9, 1])
    while True:
        x = FQ2([rng.randrange(P), rng.randrange(P)])
        y = fq2_sqrt(x ** 3 + bp)
        if y is None:
            continue
        pt = (x, y, FQ2([1, 0]))
        assert b.is_on_curve(pt, b.b2)
        if not b.is_inf(b.multiply(pt, R)):
            return pt


# ------------------------------------------------------------------------------ main
def point_record(pt, k, mcl, g2):
    a = affine(pt)
    rec = {"k": h(k) if k is not None else None}
    if a is None:
        rec["infinity"] = True
    elif g2:
        rec["x"] = [h(c) for c in fq2(a[0])]
        rec["y"] = [h(c) for c in fq2(a[1])]
    else:
        rec["x"], rec["y"] = h(fq(a[0])), h(fq(a[1]))
    rec["uncompressed"] = eip197_g2(pt) if g2 else eip196_g1(pt)
    comp = mcl.serialize(pt, g2)
    rec["compressed"] = comp.hex()
    # mcl must read its own encoding back to the same point
    back = mcl.deserialize_coords(comp, g2)
    want = [] if a is None else ([*fq2(a[0]), *fq2(a[1])] if g2 else [fq(a[0]), fq(a[1])])
    assert back == want, (back, want)
    return rec


def main():
    rng = random.Random(20240254)
    mcl = Mcl()
    scalars = [1, 2, 3, R - 1, R - 2, (R - 1) // 2, 2 ** 128 - 1, 2 ** 255 + 12345]
    scalars += [rng.randrange(R) for _ in range(8)]
    scalars += [rng.randrange(2 ** 256) for _ in range(2)]  # not reduced mod r

    g1 = [point_record(b.multiply(b.G1, k % R), k, mcl, False) for k in scalars]
    g2 = [point_record(b.multiply(b.G2, k % R), k, mcl, True) for k in scalars]
    g1.append(point_record(b.Z1, 0, mcl, False))
    g2.append(point_record(b.Z2, 0, mcl, True))

    sums = []
    for _ in range(4):
        s, t = rng.randrange(R), rng.randrange(R)
        sums.append({"a": h(s), "b": h(t),
                     "g1_sum": eip196_g1(b.add(b.multiply(b.G1, s), b.multiply(b.G1, t))),
                     "g2_sum": eip197_g2(b.add(b.multiply(b.G2, s), b.multiply(b.G2, t)))})

    outside = [point_record(twist_point_outside_g2(rng), None, mcl, True) for _ in range(3)]

    points = {"source": "py_ecc 8.0.0 (optimized_bn128) coordinates; compressed = mcl 1.61 "
                        "serialize on alt_bn128 (mclbn256 1.3.5); see scripts/vectors/bn254_oracle.py",
              "g1": g1, "g2": g2, "sums": sums, "g2_outside_subgroup": outside}

    pairs = [(1, 1), (2, 3), (rng.randrange(R), rng.randrange(R)), (rng.randrange(R), rng.randrange(R))]
    pairing = []
    for a, c in pairs:
        pa, qc = b.multiply(b.G1, a), b.multiply(b.G2, c)
        e = b.pairing(qc, pa)
        tower = flat_to_tower(e)
        # mcl's final exponentiation (Fuentes-Castaneda, Knapp, Rodriguez-Henriquez) raises
        # to a fixed multiple of (p^12 - 1)/r: its value is py_ecc's to the power
        # 2x(6x^2 + 3x + 1). Checking that relation ties the two implementations together.
        assert tower_to_flat(mcl.pairing(pa, qc)) == e ** MCL_EXTRA_POWER, "py_ecc and mcl disagree"
        pairing.append({"a": h(a), "b": h(c), "g1": eip196_g1(pa), "g2": eip197_g2(qc),
                        "e": [h(v) for v in tower]})
    with open(os.path.join(FIXTURES, "bn254_pairing.json"), "w") as f:
        json.dump({"source": "py_ecc 8.0.0 optimized_bn128.pairing converted to the tower of "
                             "bn254.h; mcl 1.61 mclBn_pairing on alt_bn128 equals it raised to "
                             "2x(6x^2+3x+1) (checked)",
                   "cases": pairing}, f, indent=1)
    with open(os.path.join(FIXTURES, "bn254_points.json"), "w") as f:
        json.dump(points, f, indent=1)

    check_geth(mcl)
    print("wrote bn254_points.json and bn254_pairing.json; geth EIP-197 cases agree with py_ecc")


def check_geth(mcl):
    """The copied go-ethereum EIP-197 cases must hold under py_ecc too (guards the copy)."""
    with open(os.path.join(FIXTURES, "eip197_geth_pairing.json")) as f:
        cases = json.load(f)["cases"]
    for c in cases:
        data = bytes.fromhex(c["Input"])
        acc = b.FQ12.one()
        for off in range(0, len(data), 192):
            w = [int.from_bytes(data[off + 32 * i: off + 32 * i + 32], "big") for i in range(6)]
            p1 = (b.FQ(w[0]), b.FQ(w[1]), b.FQ(1))
            q2 = (FQ2([w[3], w[2]]), FQ2([w[5], w[4]]), FQ2([1, 0]))
            if w[0] == w[1] == 0:
                p1 = b.Z1
            assert b.is_on_curve(q2, b.b2) and b.is_inf(b.multiply(q2, R)), c["Name"]
            if not b.is_inf(p1):
                assert b.is_on_curve(p1, b.b), c["Name"]
                acc = acc * b.pairing(q2, p1)
        assert (acc == b.FQ12.one()) == (int(c["Expected"], 16) == 1), c["Name"]


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes Tests/PoTCommitmentsTests/Fixtures/tau3.ptau: a snarkjs powers-of-tau file of power 3
laid out by the published format (snarkjs src/binfileutils.js, powersoftau_new.js,
powersoftau_utils.js), with the points computed by py_ecc, independently of the toolkit.
No real ceremony file could be fetched offline; this one tests header and section parsing,
Montgomery point decoding and truncation to a smaller k.

  magic "ptau", u32 LE version 1, u32 LE section count 7
  each section: u32 LE id, u64 LE size, bytes
  1 header       u32 n8 = 32, q (32 bytes LE), u32 power, u32 ceremony power
  2 tauG1        2^(power+1) - 1 points [tau^i]G1
  3 tauG2        2^power points [tau^i]G2
  4 alphaTauG1   2^power points [alpha tau^i]G1
  5 betaTauG1    2^power points [beta tau^i]G1
  6 betaG2       [beta]G2
  7 contributions u32 count = 0
Points are in snarkjs's "LEM" form: every Fq coordinate as x * 2^256 mod p in 32 bytes
little-endian, G1 as x || y, G2 as x.c0 || x.c1 || y.c0 || y.c1.

tau = 0x1234567890abcdef, alpha = 7, beta = 11 (the test rebuilds [tau^i] with the toolkit's
own generator from the same tau and compares).

  python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install py-ecc==8.0.0
  /tmp/oracle-venv/bin/python scripts/vectors/ptau_fixture.py
"""
import os
import struct

from py_ecc import optimized_bn128 as b

P = b.field_modulus
R = b.curve_order
POWER = 3
TAU, ALPHA, BETA = 0x1234567890ABCDEF, 7, 11
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "PoTCommitmentsTests", "Fixtures", "tau3.ptau")


def lem(x):
    return (int(x) * 2**256 % P).to_bytes(32, "little")


def g1(k):
    x, y = b.normalize(b.multiply(b.G1, k % R))
    return lem(x) + lem(y)


def g2(k):
    x, y = b.normalize(b.multiply(b.G2, k % R))
    return lem(x.coeffs[0]) + lem(x.coeffs[1]) + lem(y.coeffs[0]) + lem(y.coeffs[1])


def section(ident, data):
    return struct.pack("<IQ", ident, len(data)) + data


n = 2**POWER
header = struct.pack("<I", 32) + P.to_bytes(32, "little") + struct.pack("<II", POWER, POWER)
sections = [
    section(1, header),
    section(2, b"".join(g1(pow(TAU, i, R)) for i in range(2 * n - 1))),
    section(3, b"".join(g2(pow(TAU, i, R)) for i in range(n))),
    section(4, b"".join(g1(ALPHA * pow(TAU, i, R)) for i in range(n))),
    section(5, b"".join(g1(BETA * pow(TAU, i, R)) for i in range(n))),
    section(6, g2(BETA)),
    section(7, struct.pack("<I", 0)),
]
with open(OUT, "wb") as f:
    f.write(b"ptau" + struct.pack("<II", 1, len(sections)) + b"".join(sections))
print(OUT, os.path.getsize(OUT), "bytes")

#!/usr/bin/env python3
"""Generates CSources/CPoseidon/constants.c: the round constants and MDS matrix of Poseidon over
BN254 Fr with t = 3, x^5, R_F = 8, R_P = 57 -- circomlib's instance (poseidon_constants, t = 3).

Both come from the Grain LFSR of the Poseidon paper (Grassi et al., ePrint 2019/458, appendix F)
as the reference script generate_parameters_grain.sage runs it, which is what circomlib used:
  * 80-bit seed: field type 1 (prime, 2 bits), S-box flag 0 (4 bits; the reference script's flag
    for x^alpha with alpha > 0), n = 254 (12 bits), t (12 bits), R_F (10 bits), R_P (10 bits),
    then 30 ones; the first 160 output bits are discarded;
  * self-shrinking: bits are drawn in pairs and the second is kept when the first is 1;
  * round constants: 254-bit big-endian samples, resampled when >= r;
  * MDS: the next 2t samples (reduced mod r, not resampled) are x_0..x_{t-1}, y_0..y_{t-1} and
    M[i][j] = 1 / (x_i + y_j), a Cauchy matrix. The reference script re-draws when the matrix
    fails its subspace-trail checks; for this instance the first draw is circomlib's matrix, which
    this script asserts against circomlib's POSEIDON_M(3), and it checks circomlib's published
    Poseidon(1, 2) so that a silent change in the round constants cannot slip through.

The kernel runs the partial rounds in the optimised form of the Poseidon paper (appendix B) and
Neptune's spec, for which the script also writes tables:
  * round constants: a partial round's S-box touches element 0 only, so the constants of
    elements 1 and 2 are carried through the MDS matrix into the next round; partial rounds keep
    one constant and the first full round after them absorbs what is left;
  * matrices: going backwards from the last partial round, each round's matrix is factored as
    S·D with D = diag(1, D^) (which commutes with that round's S-box and constant) and S sparse
    (first row, first column and identity: 5 multiplications instead of 9); D moves into the
    previous round's matrix, and the last full round before the partial rounds takes the product.
The script checks that the optimised permutation agrees with the plain one.

The C file stores every element in Montgomery form (x * 2^256 mod r), four little-endian limbs,
so the permutation needs no conversion and no start-up state.
Run: python3 scripts/vectors/poseidon_constants.py > CSources/CPoseidon/constants.c
"""

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
N_BITS, T, R_F, R_P = 254, 3, 8, 57

# circomlib POSEIDON_M(3), circuits/poseidon_constants.circom: the cross-check for the MDS draw.
CIRCOMLIB_M3_ROW0 = [
    0x109B7F411BA0E4C9B2B70CAF5C36A7B194BE7C11AD24378BFEDB68592BA8118B,
    0x16ED41E13BB9C0C66AE119424FDDBCBC9314DC9FDBDEEA55D6C64543DC4903E0,
    0x2B90BBA00FCA0589F617E7DCBFE82E0DF706AB640CEB247B791A93B74E36736D,
]
# circomlib's known answer for Poseidon([1, 2]) (its Poseidon tests; quoted in issue 5).
CIRCOMLIB_1_2 = 7853200120776062878684798364095072458815029376092732009249414926327459813530


class Grain:
    def __init__(self):
        seed = f"{1:02b}{0:04b}{N_BITS:012b}{T:012b}{R_F:010b}{R_P:010b}" + "1" * 30
        self.state = [int(b) for b in seed]
        for _ in range(160):
            self._step()

    def _step(self):
        s = self.state
        bit = s[62] ^ s[51] ^ s[38] ^ s[23] ^ s[13] ^ s[0]
        s.pop(0)
        s.append(bit)
        return bit

    def sample(self):
        value = 0
        kept = 0
        while kept < N_BITS:
            first, second = self._step(), self._step()
            if first:
                value = (value << 1) | second
                kept += 1
        return value


def generate():
    grain = Grain()
    constants = []
    while len(constants) < T * (R_F + R_P):
        x = grain.sample()
        if x < R:
            constants.append(x)
    xy = [grain.sample() % R for _ in range(2 * T)]
    assert len(set(xy)) == 2 * T
    mds = [[pow(xy[i] + xy[T + j], -1, R) for j in range(T)] for i in range(T)]
    return constants, mds


FIRST_PARTIAL = R_F // 2


def is_full(r):
    return r < FIRST_PARTIAL or r >= FIRST_PARTIAL + R_P


def matvec(m, v):
    return [sum(m[i][j] * v[j] for j in range(len(v))) % R for i in range(len(m))]


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(T)) % R for j in range(T)] for i in range(T)]


def optimise(constants, mds):
    """(full-round constants, partial-round constants, matrix of round FIRST_PARTIAL - 1,
    sparse matrices (s00, v1, v2, w1, w2) of the partial rounds)."""
    rc = [constants[r * T:(r + 1) * T] for r in range(R_F + R_P)]
    partial = []
    carry = [0] * T
    for r in range(FIRST_PARTIAL, FIRST_PARTIAL + R_P):
        e = [(rc[r][i] + carry[i]) % R for i in range(T)]
        partial.append(e[0])
        carry = matvec(mds, [0] + e[1:])
    after = FIRST_PARTIAL + R_P
    rc[after] = [(rc[after][i] + carry[i]) % R for i in range(T)]

    sparse = [None] * R_P
    cur = mds
    for k in reversed(range(R_P)):
        a, b = cur[0][0], cur[0][1:]
        c = [cur[1][0], cur[2][0]]
        d = [cur[1][1:], cur[2][1:]]
        det_inv = pow(d[0][0] * d[1][1] - d[0][1] * d[1][0], -1, R)
        d_inv = [[d[1][1] * det_inv % R, -d[0][1] * det_inv % R], [-d[1][0] * det_inv % R, d[0][0] * det_inv % R]]
        v = [(b[0] * d_inv[0][j] + b[1] * d_inv[1][j]) % R for j in range(2)]
        sparse[k] = [a, v[0], v[1], c[0], c[1]]
        cur = matmul([[1, 0, 0], [0] + d[0], [0] + d[1]], mds)
    full = [rc[r] for r in range(R_F + R_P) if is_full(r)]
    return full, partial, cur, sparse


def permute_optimised(tables, mds, s):
    full, partial, pre, sparse = tables
    f = 0
    for r in range(R_F + R_P):
        if is_full(r):
            s = [pow((s[i] + full[f][i]) % R, 5, R) for i in range(T)]
            f += 1
            s = matvec(pre if r == FIRST_PARTIAL - 1 else mds, s)
        else:
            a, v1, v2, w1, w2 = sparse[r - FIRST_PARTIAL]
            x0 = pow((s[0] + partial[r - FIRST_PARTIAL]) % R, 5, R)
            s = [(a * x0 + v1 * s[1] + v2 * s[2]) % R, (w1 * x0 + s[1]) % R, (w2 * x0 + s[2]) % R]
    return s


def permute(constants, mds, s):
    for r in range(R_F + R_P):
        s = [(s[i] + constants[r * T + i]) % R for i in range(T)]
        s = [pow(x, 5, R) for x in s] if is_full(r) else [pow(s[0], 5, R)] + s[1:]
        s = matvec(mds, s)
    return s


def table(name, entries, last=False):
    """A C array of bn254_fr; entries are elements, or lists of elements for a 2-D array."""
    def element(x):
        return "{" + limbs(x) + "}"
    print(f"const bn254_fr {name} = {{")
    for e in entries:
        print("    " + ("{" + ", ".join(map(element, e)) + "}" if isinstance(e, list) else element(e)) + ",")
    print("};")
    if not last:
        print()


def limbs(x):
    m = x * (1 << 256) % R
    return "{" + ", ".join(f"0x{(m >> (64 * k)) & (2**64 - 1):016x}ULL" for k in range(4)) + "}"


def main():
    constants, mds = generate()
    assert mds[0] == CIRCOMLIB_M3_ROW0, "MDS differs from circomlib's POSEIDON_M(3)"
    assert permute(constants, mds, [0, 1, 2])[0] == CIRCOMLIB_1_2, "Poseidon(1, 2) differs from circomlib"
    tables = optimise(constants, mds)
    for state in ([0, 1, 2], [3, 5, 7], [R - 1, R - 2, R - 3]):
        assert permute_optimised(tables, mds, state) == permute(constants, mds, state)
    print("/*")
    print(" * Poseidon over BN254 Fr, t = 3, x^5, R_F = 8, R_P = 57: circomlib's constants")
    print(" * (poseidon_constants, t = 3), generated by scripts/vectors/poseidon_constants.py with the")
    print(" * Grain LFSR of the Poseidon paper. Montgomery form, four little-endian limbs. Do not edit.")
    print(" */")
    print('#include "poseidon_internal.h"')
    print()
    print("/* The plain tables, as circomlib publishes them (also what the circuit gadget uses). */")
    table("poseidon_t3_round_constants[195]", constants)
    table("poseidon_t3_mds[3][3]", mds)
    full, partial, pre, sparse = tables
    print("/* The optimised partial rounds (see the script). */")
    table("poseidon_t3_full_constants[8][3]", full)
    table("poseidon_t3_partial_constants[57]", partial)
    table("poseidon_t3_pre_partial_mds[3][3]", pre)
    table("poseidon_t3_sparse_mds[57][5]", sparse, last=True)


if __name__ == "__main__":
    main()

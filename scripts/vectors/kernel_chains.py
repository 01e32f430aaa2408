#!/usr/bin/env python3
"""Expected values of the field chains in Tests/CKernels/driver.c, computed with Python's own big
integers (an oracle independent of the C Montgomery code). Prints the C initialisers that the
driver compares against:
  python3 scripts/vectors/kernel_chains.py
The chain is defined identically in field_chain() of the driver.
"""
P = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
STEPS = 20000


def chain(m):
    x, y = 3, 5
    for i in range(STEPS):
        x = (x * y + i) % m
        y = (y * y - x) % m
        if i % 5 == 0:
            x = (2 * x) % m
        if i % 7 == 0:
            y = (-y) % m
        if i % 1000 == 999:
            x = pow(x, -1, m) if x else 0
    return x, y


for name, m in (("fq", P), ("fr", R)):
    x, y = chain(m)
    print(f'    /* {name}: x = {x}, y = {y} */')
    print(f'    {{"{name}", "{x:064x}", "{y:064x}"}},')

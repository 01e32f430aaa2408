#!/usr/bin/env python3
"""Writes Tests/PoTCommitmentsTests/Fixtures/ezkl_k4.srs: a halo2 KZG params file (ParamsKZG<Bn256>,
k = 4) made by ezkl's gen_srs, which draws a random tau offline and writes the params with
halo2's SerdeFormat::RawBytes (points uncompressed, coordinates in Montgomery form, LE limbs).
A rerun writes a different tau; the tests only assume the format.

  python3 -m venv /tmp/kzg-venv && /tmp/kzg-venv/bin/pip install ezkl==23.0.5
  /tmp/kzg-venv/bin/python scripts/vectors/ezkl_srs_fixture.py
(ezkl 23.0.5 on CPython 3.11 wrote the committed file.)
"""
import os

import ezkl

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "PoTCommitmentsTests", "Fixtures", "ezkl_k4.srs")
ezkl.gen_srs(OUT, 4)
print(OUT, os.path.getsize(OUT), "bytes")

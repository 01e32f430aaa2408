#!/usr/bin/env python3
"""Known-answer vector for the Fiat-Shamir transcript (docs/transcript.md), computed with
Python's hashlib alone, independently of the Swift code. TranscriptTests.testKnownAnswer
holds its output. Run: python3 scripts/vectors/transcript_vector.py
"""
import hashlib

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def frame(kind, label, data):
    label = label.encode()
    return bytes([kind]) + len(label).to_bytes(4, "big") + label + len(data).to_bytes(8, "big") + data


class Transcript:
    def __init__(self, protocol):
        self.state = hashlib.sha256(b"PoT-Transcript-v1" + frame(0x00, protocol, b"")).digest()

    def absorb(self, kind, label, data):
        self.state = hashlib.sha256(self.state + frame(kind, label, data)).digest()

    def challenge(self, label):
        self.absorb(0x10, label, b"")
        wide = hashlib.sha256(self.state + b"\x00").digest() + hashlib.sha256(self.state + b"\x01").digest()
        return int.from_bytes(wide, "little") % R


# EIP-196/197 encodings of the generators: G1 = (1, 2); G2 from EIP-197, imaginary part first.
G1 = (1).to_bytes(32, "big") + (2).to_bytes(32, "big")
G2 = bytes.fromhex(
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa")

t = Transcript("pot-test-protocol")
t.absorb(0x01, "message", b"hello")
t.absorb(0x02, "scalar", (5).to_bytes(32, "big"))
t.absorb(0x03, "g1", G1)
t.absorb(0x04, "g2", G2)
print("alpha", t.challenge("alpha"))
print("beta ", t.challenge("beta"))
print("empty", Transcript("").challenge(""))

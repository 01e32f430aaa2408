import PoTEvidence

/// The offsets of `bytes`, an encoded bundle, where flipping one bit (bit i mod 8 of byte i)
/// still gives a bundle that reads and verifies: a bundle binds every byte when there is none.
func singleBitChangesAccepted(_ bytes: [UInt8]) -> [Int] {
    bytes.indices.filter { i in
        var tampered = bytes
        tampered[i] ^= 1 << UInt8(i % 8)
        guard let bundle = try? EvidenceBundle(bytes: tampered, path: "b") else { return false }
        return BundleVerifier.verify(bundle, inputs: BundleVerifierInputs(stopAtFirstFailure: true)).isValid
    }
}

import PoTAlgebra
import PoTSystem

extension KZGVerifierKey {
    /// The identity of the SRS the key comes from: SHA-256 over "PoT-SRS-id-v1" and [1]G1,
    /// [τ]G1 (compressed, 32 bytes each), [1]G2, [τ]G2 (uncompressed, 128 bytes each). Two SRSs
    /// with the same identity have the same τ, so the same powers.
    public var digest: [UInt8] {
        SHA256.hash(Array("PoT-SRS-id-v1".utf8) + g1.compressed() + tauG1.compressed() + g2.encoded() + tauG2.encoded())
    }

    /// Why the key cannot anchor anything, or nil: the generators are not the standard ones,
    /// τ is 0 (a point at infinity), 1 or −1 (τ's points are ± the generators: anyone can
    /// open any commitment to any value), or [τ]G1 and [τ]G2 hold different τ's
    /// (e([τ]G1, [1]G2) ≠ e([1]G1, [τ]G2)). Costs one multi-pairing of two pairs.
    public var defect: String? {
        if let cheap = cheapDefect { return cheap }
        guard pairingCheck([(tauG1, g2), (-g1, tauG2)]) else { return "[τ]G1 and [τ]G2 are not powers of one τ" }
        return nil
    }

    /// The checks of `defect` without the pairing, for every verification.
    public var cheapDefect: String? {
        guard g1 == .generator else { return "[1]G1 is not the standard generator" }
        guard g2 == .generator else { return "[1]G2 is not the standard generator" }
        guard !tauG1.isInfinity, !tauG2.isInfinity else { return "τ = 0 ([τ]G1 or [τ]G2 is the point at infinity)" }
        guard tauG1 != g1, tauG2 != g2 else { return "τ = 1 ([τ]G1 = [1]G1 or [τ]G2 = [1]G2)" }
        guard tauG1 != -g1, tauG2 != -g2 else { return "τ = −1 ([τ]G1 = −[1]G1 or [τ]G2 = −[1]G2)" }
        return nil
    }
}

extension SRS {
    /// Refuses an SRS that cannot anchor a key: a single power (k = 0, so no [τ]G1 to compare
    /// with [τ]G2), or a degenerate τ (see `KZGVerifierKey.defect`). Every loader and importer
    /// calls it; `path` names the file in the error.
    func checkAnchorable(path: String) throws(SRSError) {
        guard g1Powers.count >= 2 else {
            throw .degenerate(path: path, reason: "a single G1 power (k = 0) cannot be checked against [τ]G2")
        }
        if let defect = verifierKey.defect { throw .degenerate(path: path, reason: defect) }
    }
}

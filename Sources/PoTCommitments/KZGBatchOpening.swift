import PoTAlgebra

/// Many polynomials opened at one point with one proof: the prover commits to the quotient of
/// h = Σ ν^i·p_i, for a ν drawn after every commitment, the point and every value are in the
/// transcript (the batching of Gabizon–Williamson–Ciobotaru, PLONK §3).
public struct KZGBatchOpening: Sendable, Hashable {
    /// p_i(z), in the order of the polynomials.
    public let values: [Fr]
    public let proof: G1

    public init(values: [Fr], proof: G1) {
        self.values = values
        self.proof = proof
    }
}

enum BatchOpeningLabels {
    static let commitment = "kzg-batch-commitment"
    static let point = "kzg-batch-point"
    static let value = "kzg-batch-value"
    static let nu = "kzg-batch-nu"
    static let proof = "kzg-batch-proof"
}

extension Transcript {
    /// Binds ν to the whole claim, so that a prover cannot pick values after seeing ν.
    mutating func absorbBatchClaim(commitments: [G1], point: Fr, values: [Fr]) -> Fr {
        for commitment in commitments { absorb(BatchOpeningLabels.commitment, point: commitment) }
        absorb(BatchOpeningLabels.point, scalar: point)
        for value in values { absorb(BatchOpeningLabels.value, scalar: value) }
        return challenge(BatchOpeningLabels.nu)
    }
}

extension KZGProver {
    /// Opens every polynomial at `point` with one proof. `commitments` are those of the
    /// polynomials, in the same order; they, the point and the values enter `transcript`
    /// before the batching challenge is drawn.
    public func openBatch(_ polynomials: [Polynomial], commitments: [G1], at point: Fr, transcript: inout Transcript) -> KZGBatchOpening {
        precondition(polynomials.count == commitments.count && !polynomials.isEmpty, "one commitment per polynomial")
        let values = Polynomial.evaluate(polynomials, at: point)
        let nu = transcript.absorbBatchClaim(commitments: commitments, point: point, values: values)
        let combined = OpeningArithmetic.linearCombination(polynomials, scales: OpeningArithmetic.powers(of: nu, count: polynomials.count))
        let proof = commit(combined.divided(byLinear: point).quotient)
        transcript.absorb(BatchOpeningLabels.proof, point: proof)
        return KZGBatchOpening(values: values, proof: proof)
    }
}

extension KZGVerifier {
    /// Checks a batched opening at one point: with ν from the transcript, C = Σ ν^i·C_i and
    /// v = Σ ν^i·v_i, e(C − v·G + z·W, H) · e(−W, [τ]H) = 1 — one multi-pairing of two pairs.
    public func verifyBatch(commitments: [G1], point: Fr, opening: KZGBatchOpening, transcript: inout Transcript) -> Bool {
        guard commitments.count == opening.values.count, !commitments.isEmpty else { return false }
        let nu = transcript.absorbBatchClaim(commitments: commitments, point: point, values: opening.values)
        transcript.absorb(BatchOpeningLabels.proof, point: opening.proof)
        let scales = OpeningArithmetic.powers(of: nu, count: commitments.count)
        let value = zip(scales, opening.values).reduce(Fr.zero) { $0 + $1.0 * $1.1 }
        let lhs = linearCombination(points: commitments + [key.g1, opening.proof], scalars: scales + [-value, point])
        return pairingCheck([(lhs, key.g2), (-opening.proof, key.tauG2)])
    }
}

import PoTAlgebra

/// The claimed value of a committed polynomial at one point, with its KZG proof
/// W = [(p(X) − p(z)) / (X − z)]_1.
public struct KZGOpening: Sendable, Hashable {
    public let value: Fr
    public let proof: G1

    public init(value: Fr, proof: G1) {
        self.value = value
        self.proof = proof
    }
}

/// Commits to polynomials and opens them (Kate, Zaverucha, Goldberg 2010). A polynomial may
/// have up to `srs.maxCoefficients` coefficients (degree below the number of G1 powers).
public struct KZGProver: Sendable {
    public let srs: SRS

    public init(srs: SRS) { self.srs = srs }

    /// [p(τ)]_1 = Σ a_i·[τ^i]_1, one multi-scalar multiplication.
    public func commit(_ polynomial: Polynomial) -> G1 {
        let coefficients = polynomial.coefficients
        precondition(coefficients.count <= srs.maxCoefficients,
                     "a polynomial of \(coefficients.count) coefficients exceeds the SRS (\(srs.maxCoefficients) powers)")
        return srs.g1Powers.withUnsafeBufferPointer { linearCombination(bases: $0, scalars: coefficients) }
    }

    /// p(z) and the proof that the committed p takes that value at z.
    public func open(_ polynomial: Polynomial, at point: Fr) -> KZGOpening {
        let (quotient, value) = polynomial.divided(byLinear: point)
        return KZGOpening(value: value, proof: commit(quotient))
    }
}

/// Checks KZG openings with the verifier key alone; every check is one multi-pairing.
public struct KZGVerifier: Sendable {
    public let key: KZGVerifierKey

    public init(key: KZGVerifierKey) { self.key = key }

    /// Whether `opening` proves that the polynomial committed in `commitment` takes
    /// `opening.value` at `point`: e(C − v·G + z·W, H) = e(W, [τ]H), checked as
    /// e(C − v·G + z·W, H) · e(−W, [τ]H) = 1.
    public func verify(commitment: G1, point: Fr, opening: KZGOpening) -> Bool {
        let lhs = linearCombination(points: [commitment, key.g1, opening.proof], scalars: [.one, -opening.value, point])
        return pairingCheck([(lhs, key.g2), (-opening.proof, key.tauG2)])
    }
}

import CBN254
import PoTAlgebra

/// A KZG check reduced to one pairing equation, e(A, [1]G2) · e(B, [τ]G2) = 1, with A and B
/// kept as linear combinations of G1 points: many such equations under random weights sum to
/// one equation (two multi-scalar multiplications and one multi-pairing for all of them).
public struct KZGPairingClaim: Sendable {
    /// The G2 points the equation pairs with.
    public let key: KZGVerifierKey
    /// A = Σ leftScalars_i · left_i.
    public var left: [G1]
    public var leftScalars: [Fr]
    /// B = Σ rightScalars_i · right_i.
    public var right: [G1]
    public var rightScalars: [Fr]

    public init(key: KZGVerifierKey, left: [G1], leftScalars: [Fr], right: [G1], rightScalars: [Fr]) {
        precondition(left.count == leftScalars.count && right.count == rightScalars.count, "one scalar per point")
        self.key = key
        (self.left, self.leftScalars, self.right, self.rightScalars) = (left, leftScalars, right, rightScalars)
    }

    /// Whether this one equation holds.
    public func holds() -> Bool { Self.check([self], weights: [.one]) }

    /// Whether every claim holds, checked as one: Σ_k ρ_k·A_k and Σ_k ρ_k·B_k with independent
    /// 128-bit weights ρ_k from `random` (never from the claims, which a prover chose), paired
    /// once per distinct key in one multi-pairing. If some claim fails, the combination holds
    /// with probability at most 2^-128 over the weights (it is a nonzero linear form in them).
    /// An empty list holds.
    public static func allHold(_ claims: [KZGPairingClaim]) -> Bool {
        var system = SystemRandomNumberGenerator()
        return allHold(claims, random: &system)
    }

    /// `allHold` with the weights drawn from `random`; sound only when `random` is
    /// unpredictable to whoever made the claims.
    public static func allHold(_ claims: [KZGPairingClaim], random: inout some RandomNumberGenerator) -> Bool {
        check(claims, weights: claims.map { _ in weight(&random) })
    }

    private static func check(_ claims: [KZGPairingClaim], weights: [Fr]) -> Bool {
        var keys: [KZGVerifierKey] = []
        var groups: [KZGVerifierKey: (left: Combination, right: Combination)] = [:]
        for (claim, weight) in zip(claims, weights) {
            if groups[claim.key] == nil {
                keys.append(claim.key)
                groups[claim.key] = (Combination(), Combination())
            }
            groups[claim.key]!.left.add(claim.left, claim.leftScalars, weight: weight)
            groups[claim.key]!.right.add(claim.right, claim.rightScalars, weight: weight)
        }
        guard !keys.isEmpty else { return true }
        let pairs = keys.flatMap { key -> [(G1, G2)] in
            let (left, right) = groups[key]!
            return [(left.sum(), key.g2), (right.sum(), key.tauG2)]
        }
        return pairingCheck(pairs)
    }

    /// A uniform nonzero weight below 2^128.
    static func weight(_ random: inout some RandomNumberGenerator) -> Fr {
        while true {
            let limbs = [random.next(), random.next(), 0, 0] as [UInt64]
            if limbs != [0, 0, 0, 0] { return try! Fr(canonical: limbs) }
        }
    }
}

/// Σ scalar·point over many claims, equal points merged, so that the commitments every proof
/// of one key shares (its fixed columns, [1]G1) cost one base of the MSM, not one per proof.
private struct Combination {
    var points: [G1] = []
    var scalars: [Fr] = []

    mutating func add(_ points: [G1], _ scalars: [Fr], weight: Fr) {
        self.points += points
        self.scalars += weight == .one ? scalars : scalars.map { $0 * weight }
    }

    func sum() -> G1 {
        let affine = G1.batchAffine(points)
        var index: [AffineKey: Int] = [:]
        var bases: [bn254_g1_affine] = []
        var merged: [Fr] = []
        for (point, scalar) in zip(affine, scalars) {
            let key = AffineKey(point)
            if let i = index[key] {
                merged[i] += scalar
            } else {
                index[key] = bases.count
                bases.append(point)
                merged.append(scalar)
            }
        }
        return G1.msm(bases: bases, scalars: merged)
    }
}

/// An affine point's coordinates as a dictionary key (the kernels keep coordinates fully
/// reduced, so equal points have equal limbs; were they not, equal points would only miss a
/// merge).
private struct AffineKey: Hashable {
    let limbs: [UInt64]

    init(_ point: bn254_g1_affine) {
        limbs = withUnsafeBytes(of: point) { Array($0.bindMemory(to: UInt64.self)) }
    }
}

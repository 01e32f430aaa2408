import PoTAlgebra
@testable import PoTCommitments
@testable import PoTPlonk

/// What an attacker does with a verifying key whose [τ]G2 is degenerate: when [τ]G2 = [t]G2
/// for a t the attacker knows (t = 0: the point at infinity; t = 1: [1]G2, as a τ = 1 SRS
/// gives), the final pairing check e(R + z·W', G2)·e(−W', [t]G2) = 1 reduces to
/// R + (z − t)·W' = O, which W' = −R/(z − t) satisfies for any claims at all.
enum KeyForgery {
    /// A proof of `instances`, which need not be true: the commitments and evaluations of an
    /// honest proof of something else, any W, and the W' that solves the pairing equation.
    static func forge<C: Circuit>(_ honest: Proof, instances: [[Fr]], key: VerifyingKey, circuit: C.Type, t: Fr) throws -> Proof {
        var proof = honest
        proof.instances = instances
        proof.w = .generator
        var (queries, values, transcript) = try Verifier.openingClaims(proof, key: key, circuit: C.self)
        let gamma = transcript.absorbMultiClaim(queries: queries, values: values)
        transcript.absorb(ShplonkLabels.w, point: proof.w)
        let z = transcript.challenge(ShplonkLabels.z)
        let scalars = ShplonkScalars(queries: queries, values: values, gamma: gamma, z: z)
        let rest = linearCombination(points: queries.map(\.commitment) + [key.kzg.g1, proof.w],
                                     scalars: scalars.perQuery + [-scalars.interpolated, -scalars.vanishingAll])
        proof.wPrime = rest * (-(z - t).inverse!)
        return proof
    }
}

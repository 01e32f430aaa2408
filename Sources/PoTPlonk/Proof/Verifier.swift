import Foundation
import PoTAlgebra
import PoTCommitments

/// Checks proofs with the verifying key and the circuit's shape: the transcript is replayed,
/// the constraints are evaluated once at x from the claimed evaluations, and every claim,
/// the quotient's included, is reduced by SHPLONK to one pairing equation — a few dozen
/// scalar multiplications — which is checked alone (a multi-pairing of two pairs) or with
/// many other proofs' equations in one multi-pairing (`verifyBatch`).
public enum Verifier {
    /// Accepts or throws `.proofRejected` with the reason; throws `.keyMismatch` when the key
    /// was made for another circuit than `C` as this build configures it.
    public static func verify<C: Circuit>(_ proof: Proof, key: VerifyingKey, circuit: C.Type) throws(PlonkError) {
        guard try prepare(proof, key: key, circuit: C.self).holds() else {
            throw .proofRejected("the opening does not verify")
        }
    }

    /// Everything `verify` checks but the final pairing: throws for any other defect, and
    /// returns the pairing equation the proof is valid by (except with probability about
    /// 2^-128 over the transcript's challenges). Check it with `KZGPairingClaim.holds()`, or
    /// many at once with `failures(among:)`.
    public static func prepare<C: Circuit>(_ proof: Proof, key: VerifyingKey, circuit: C.Type) throws(PlonkError) -> KZGPairingClaim {
        // A known τ opens anything (the loader also checks that [τ]G1 and [τ]G2 agree).
        if let defect = key.kzg.cheapDefect { throw .degenerateSRS(defect) }
        var claims = try openingClaims(proof, key: key, circuit: C.self)
        let opening = KZGMultiOpening(values: claims.values, w: proof.w, wPrime: proof.wPrime)
        guard let claim = KZGVerifier(key: key.kzg).reduceMulti(queries: claims.queries, opening: opening, transcript: &claims.transcript) else {
            throw .proofRejected("the opening is malformed")
        }
        return claim
    }

    /// The indices of the claims that do not hold, in order. All claims are first checked
    /// together, with independent random 128-bit weights from the system's generator, in one
    /// multi-pairing (`KZGPairingClaim.allHold`); only if that fails is each checked alone, to
    /// name the failures. Soundness: a false claim is missed with probability at most 2^-128.
    public static func failures(among claims: [KZGPairingClaim]) -> [Int] {
        if KZGPairingClaim.allHold(claims) { return [] }
        return claims.indices.filter { !claims[$0].holds() }
    }

    /// Verifies many proofs of circuit `C`, each with its key, with one multi-pairing for all
    /// of them: one verdict per proof, in order, nil when the proof verifies, otherwise what
    /// `verify` would throw for it alone.
    public static func verifyBatch<C: Circuit>(_ proofs: [(proof: Proof, key: VerifyingKey)], circuit: C.Type) -> [PlonkError?] {
        var verdicts = [PlonkError?](repeating: nil, count: proofs.count)
        var claims: [KZGPairingClaim] = [], owners: [Int] = []
        for (i, item) in proofs.enumerated() {
            do {
                claims.append(try prepare(item.proof, key: item.key, circuit: C.self))
                owners.append(i)
            } catch {
                verdicts[i] = error
            }
        }
        for failed in failures(among: claims) { verdicts[owners[failed]] = .proofRejected("the opening does not verify") }
        return verdicts
    }

    /// Everything but the final KZG check: the shape checks, the transcript replayed up to the
    /// opening, and what the opening must prove (each commitment's points and values, the
    /// quotient's value at x computed from the others).
    static func openingClaims<C: Circuit>(_ proof: Proof, key: VerifyingKey, circuit: C.Type) throws(PlonkError)
        -> (queries: [KZGQuery], values: [[Fr]], transcript: Transcript) {
        let shape = try VerifierShape.of(C.self, k: key.k)
        let (cs, layout) = (shape.cs, shape.layout)
        guard shape.digest == key.constraintDigest else {
            throw .keyMismatch("the verifying key was made for another circuit than '\(key.circuit)' as this build configures it")
        }
        let (n, u) = (layout.n, layout.usableRows)
        guard key.fixedCommitments.count == layout.committedFixed else {
            throw .keyMismatch("the verifying key has \(key.fixedCommitments.count) fixed commitments, the circuit \(layout.committedFixed)")
        }
        guard key.instanceCounts.count == layout.instanceColumns, key.instanceCounts.allSatisfy({ $0 <= u }) else {
            throw .keyMismatch("the verifying key declares public inputs \(key.instanceCounts), which this circuit at k = \(key.k) cannot hold")
        }
        guard proof.instances.map(\.count) == key.instanceCounts else {
            throw .proofRejected("\(proof.instances.map(\.count)) public inputs per instance column, the key declares \(key.instanceCounts)")
        }
        guard proof.adviceCommitments.count == layout.witnessCommitments,
              proof.runningCommitments.count == layout.permutationChunks + layout.lookups else {
            throw .proofRejected("the proof does not have this circuit's shape")
        }
        let (openings, pieces) = (shape.openings, shape.pieces)
        guard proof.quotientCommitments.count == pieces,
              proof.evaluations.count == openings.reduce(0, { $0 + $1.rotations.count }) else {
            throw .proofRejected("the proof does not have this circuit's shape")
        }
        // Every point of the proof in affine form at once (one inversion), so that absorbing
        // and combining them costs no inversion each.
        let proof = proof.normalised()

        var transcript = ProofTranscript.start(key, instances: proof.instances)
        let circuitChallenges = ProofTranscript.absorbWitness(&transcript, proof.adviceCommitments, layout: layout)
        let challenges = ProofTranscript.challenges(&transcript, circuit: circuitChallenges)
        for c in proof.runningCommitments { transcript.absorb(ProofTranscript.running, point: c) }
        let y = transcript.challenge(ProofTranscript.y)
        for c in proof.quotientCommitments { transcript.absorb(ProofTranscript.quotient, point: c) }
        let x = transcript.challenge(ProofTranscript.x)

        let constraints = layout.constraints(cs, challenges)

        let xn = x.power(UInt64(n))
        guard xn != .one else { throw .proofRejected("the challenge x fell in H") }
        let domain = DomainPoints(k: key.k)
        var claimed: [Query: Fr] = [:]
        var next = 0
        for (column, rotations) in openings {
            for r in rotations {
                claimed[Query(column: column, rotation: r)] = proof.evaluations[next]
                next += 1
            }
        }
        // The columns the verifier computes: L_0, L_last, L_active, X, and the instances.
        let blinding = Array((u + 1)..<n)
        let lagrange = domain.lagrange(rows: [0, u] + blinding, at: x, xn: xn)
        let active = Fr.one - lagrange.dropFirst().reduce(Fr.zero, +)
        func value(_ q: Query) -> Fr {
            if let v = claimed[q] { return v }
            let c = q.column
            if c.kind == .instance {
                let z = domain.element(q.rotation) * x
                let values = proof.instances[c.index]
                let l = domain.lagrange(rows: Array(values.indices), at: z, xn: z.power(UInt64(n)))
                return zip(values, l).reduce(Fr.zero) { $0 + $1.0 * $1.1 }
            }
            precondition(q.rotation == 0, "computed columns are read on the row itself")
            switch c {
            case layout.lagrangeFirst: return lagrange[0]
            case layout.lagrangeLast: return lagrange[1]
            case layout.active: return active
            case layout.coordinate: return x
            default: preconditionFailure("\(c) has no evaluation")
            }
        }
        let sources = SourceIndex(layout: layout)
        let numerator = ExpressionProgram(ArgumentLayout.combined(constraints, y: y)) { sources[$0] }
            .evaluate { value(Query(column: sources.column($0), rotation: $1)) }
        let h = numerator * (xn - .one).inverse!

        var queries: [KZGQuery] = []
        var values: [[Fr]] = []
        let advice = proof.adviceCommitments + proof.runningCommitments
        next = 0
        for (column, rotations) in openings {
            let commitment = column.kind == .advice ? advice[column.index] : key.fixedCommitments[column.index]
            queries.append(KZGQuery(commitment: commitment, points: rotations.map { shape.rotations[$0]! * x }))
            values.append(Array(proof.evaluations[next..<(next + rotations.count)]))
            next += rotations.count
        }
        let scales = Quotient.pieceScales(x: x, n: n, count: pieces)
        queries.append(KZGQuery(commitment: Quotient.combine(proof.quotientCommitments, scales: scales), points: [x]))
        values.append([h])
        return (queries, values, transcript)
    }
}

extension Proof {
    /// The same proof with every point in affine form (Z = 1), made with one inversion.
    fileprivate func normalised() -> Proof {
        let groups = [adviceCommitments, runningCommitments, quotientCommitments, [w, wPrime]]
        var points = G1.batchAffine(groups.flatMap { $0 }).map(G1.init(affine:))[...]
        func take(_ count: Int) -> [G1] {
            defer { points = points.dropFirst(count) }
            return Array(points.prefix(count))
        }
        return Proof(instances: instances, adviceCommitments: take(groups[0].count), runningCommitments: take(groups[1].count),
                     quotientCommitments: take(groups[2].count), evaluations: evaluations, w: take(1)[0], wPrime: take(1)[0])
    }
}

/// The points of H the verifier needs, without building the domain's twiddles.
struct DomainPoints {
    let n: Int
    let omega: Fr

    init(k: Int) {
        n = 1 << k
        omega = Fr.rootOfUnity(log2Order: k)
    }

    /// ω^i for any integer i.
    func element(_ i: Int) -> Fr { omega.power(UInt64((i % n + n) % n)) }

    /// L_i(z) = ω^i·(z^n − 1) / (n·(z − ω^i)) for each row i, with one inversion.
    func lagrange(rows: [Int], at z: Fr, xn: Fr) -> [Fr] {
        guard !rows.isEmpty else { return [] }
        let points = rows.map(element)
        let inverses = Fr.batchInverse(points.map { Fr(UInt64(n)) * (z - $0) })
        return zip(points, inverses).map { $0 * (xn - .one) * $1 }
    }
}

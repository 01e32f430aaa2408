import PoTAlgebra

/// A committed polynomial and the points it is opened at, as the verifier knows it.
public struct KZGQuery: Sendable, Hashable {
    public let commitment: G1
    /// Distinct points; different polynomials may use different sets.
    public let points: [Fr]

    public init(commitment: G1, points: [Fr]) {
        self.commitment = commitment
        self.points = points
    }
}

/// Openings of many polynomials, each at its own set of points, with two group elements
/// whatever the number of polynomials and points: SHPLONK (Boneh, Drake, Fisch, Gabizon,
/// ePrint 2020/081, §4, the variant whose verifier needs one multi-pairing of two pairs).
public struct KZGMultiOpening: Sendable, Hashable {
    /// values[i][j] = p_i(points_ij), in the order of the queries and their points.
    public let values: [[Fr]]
    /// W = [h(τ)]_1, h = Σ γ^i·(p_i − r_i)/Z_{S_i}, r_i interpolating p_i on S_i.
    public let w: G1
    /// W' = [L(τ)/(τ − z)]_1, L the linearisation of h's identity at the challenge z.
    public let wPrime: G1

    public init(values: [[Fr]], w: G1, wPrime: G1) {
        self.values = values
        self.w = w
        self.wPrime = wPrime
    }
}

enum ShplonkLabels {
    static let commitment = "kzg-shplonk-commitment"
    static let point = "kzg-shplonk-point"
    static let value = "kzg-shplonk-value"
    static let gamma = "kzg-shplonk-gamma"
    static let w = "kzg-shplonk-w"
    static let z = "kzg-shplonk-z"
    static let wPrime = "kzg-shplonk-w-prime"
}

/// The scalars both sides derive from the claim: c_i = γ^i·Z_{T∖S_i}(z) per query, Z_T(z)
/// (T the union of all points) and Σ c_i·r_i(z), r_i interpolating the claimed values.
struct ShplonkScalars {
    let perQuery: [Fr]
    let vanishingAll: Fr
    let interpolated: Fr

    init(queries: [KZGQuery], values: [[Fr]], gamma: Fr, z: Fr) {
        var union: [Fr] = []
        var seen = Set<Fr>()
        for point in queries.flatMap(\.points) where seen.insert(point).inserted { union.append(point) }
        let gammas = OpeningArithmetic.powers(of: gamma, count: queries.count)
        perQuery = queries.indices.map { i in
            let own = Set(queries[i].points)
            return gammas[i] * OpeningArithmetic.vanishing(union.filter { !own.contains($0) }, at: z)
        }
        vanishingAll = OpeningArithmetic.vanishing(union, at: z)
        // One inversion for every query's Lagrange denominators.
        let inverses = Fr.batchInverse(queries.flatMap { OpeningArithmetic.lagrangeDenominators($0.points) })
        var sum = Fr.zero, next = 0
        for (scale, (query, values)) in zip(perQuery, zip(queries, values)) {
            let own = inverses[next..<(next + query.points.count)]
            sum += scale * OpeningArithmetic.interpolate(points: query.points, values: values, at: z, inverses: own)
            next += query.points.count
        }
        interpolated = sum
    }
}

extension Transcript {
    mutating func absorbMultiClaim(queries: [KZGQuery], values: [[Fr]]) -> Fr {
        for (query, values) in zip(queries, values) {
            absorb(ShplonkLabels.commitment, point: query.commitment)
            for point in query.points { absorb(ShplonkLabels.point, scalar: point) }
            for value in values { absorb(ShplonkLabels.value, scalar: value) }
        }
        return challenge(ShplonkLabels.gamma)
    }
}

extension KZGProver {
    /// Opens polynomials[i] at queries[i].points. The commitments, points and values enter
    /// `transcript` before γ; W enters before z.
    public func openMulti(_ polynomials: [Polynomial], queries: [KZGQuery], transcript: inout Transcript) -> KZGMultiOpening {
        precondition(polynomials.count == queries.count && !queries.isEmpty, "one query per polynomial")
        precondition(queries.allSatisfy { !$0.points.isEmpty && Set($0.points).count == $0.points.count },
                     "every query opens at one or more distinct points")
        let values = zip(polynomials, queries).map { p, q in q.points.map { p.evaluate(at: $0) } }
        let gamma = transcript.absorbMultiClaim(queries: queries, values: values)
        let gammas = OpeningArithmetic.powers(of: gamma, count: queries.count)

        // Polynomials opened at the same points share one division: Σ γ^i p_i over a group,
        // then the quotient by that group's vanishing polynomial (the remainders, the r_i,
        // drop out of the quotient).
        var groups: [[Fr]: [Int]] = [:]
        var order: [[Fr]] = []
        for (i, query) in queries.enumerated() {
            if groups[query.points] == nil { order.append(query.points) }
            groups[query.points, default: []].append(i)
        }
        let quotients = order.map { points in
            let members = groups[points]!
            let combined = OpeningArithmetic.linearCombination(members.map { polynomials[$0] }, scales: members.map { gammas[$0] })
            return OpeningArithmetic.quotient(combined, byVanishingOn: points)
        }
        let h = OpeningArithmetic.linearCombination(quotients, scales: Array(repeating: .one, count: quotients.count))
        let w = commit(h)
        transcript.absorb(ShplonkLabels.w, point: w)
        let z = transcript.challenge(ShplonkLabels.z)

        let scalars = ShplonkScalars(queries: queries, values: values, gamma: gamma, z: z)
        let linearised = OpeningArithmetic.linearCombination(polynomials + [h], scales: scalars.perQuery + [-scalars.vanishingAll])
            - Polynomial(constant: scalars.interpolated)
        let wPrime = commit(linearised.divided(byLinear: z).quotient)
        transcript.absorb(ShplonkLabels.wPrime, point: wPrime)
        return KZGMultiOpening(values: values, w: w, wPrime: wPrime)
    }
}

extension KZGVerifier {
    /// Checks a multi-point opening: with γ and z from the transcript,
    /// F = Σ γ^i·Z_{T∖S_i}(z)·(C_i − [r_i(z)]_1) − Z_T(z)·W, and
    /// e(F + z·W', H) · e(−W', [τ]H) = 1 — one multi-pairing of two pairs.
    public func verifyMulti(queries: [KZGQuery], opening: KZGMultiOpening, transcript: inout Transcript) -> Bool {
        reduceMulti(queries: queries, opening: opening, transcript: &transcript)?.holds() ?? false
    }

    /// `verifyMulti` up to the pairing: the equation e(F + z·W', H) · e(−W', [τ]H) = 1 as a
    /// claim that can be checked alone or batched with others; nil for a malformed opening
    /// (no queries, a count that does not match, a point repeated within a query).
    public func reduceMulti(queries: [KZGQuery], opening: KZGMultiOpening, transcript: inout Transcript) -> KZGPairingClaim? {
        guard !queries.isEmpty, queries.count == opening.values.count else { return nil }
        for (query, values) in zip(queries, opening.values) {
            guard !query.points.isEmpty, query.points.count == values.count,
                  Set(query.points).count == query.points.count else { return nil }
        }
        let gamma = transcript.absorbMultiClaim(queries: queries, values: opening.values)
        transcript.absorb(ShplonkLabels.w, point: opening.w)
        let z = transcript.challenge(ShplonkLabels.z)
        transcript.absorb(ShplonkLabels.wPrime, point: opening.wPrime)

        let scalars = ShplonkScalars(queries: queries, values: opening.values, gamma: gamma, z: z)
        return KZGPairingClaim(key: key,
                               left: queries.map(\.commitment) + [key.g1, opening.w, opening.wPrime],
                               leftScalars: scalars.perQuery + [-scalars.interpolated, -scalars.vanishingAll, z],
                               right: [opening.wPrime], rightScalars: [-.one])
    }
}

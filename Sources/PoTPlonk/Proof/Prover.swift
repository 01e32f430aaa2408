import PoTAlgebra
import PoTCommitments

/// Makes proofs (docs/plonk.md walks through the rounds):
/// 1. the first-phase witness columns, random after row u, are committed; the circuit's
///    challenges are drawn; the circuit is synthesized again with their values and its
///    second-phase columns are committed; then the lookups' multiplicities;
/// 2. θ, β, γ, λ are drawn; the permutation's running products and the lookups' running sums
///    are committed;
/// 3. y is drawn; the quotient of the combined constraints by Z_H is committed in pieces;
/// 4. x is drawn; every committed column is opened where the constraints read it, and the
///    quotient at x, with one SHPLONK opening.
public enum Prover {
    /// A proof that `circuit`'s witness satisfies the circuit with public inputs `instances`
    /// (one array per instance column). Fails, naming what, if the witness does not satisfy
    /// it, or if the key or SRS does not belong to the circuit.
    public static func prove<C: Circuit>(_ circuit: C, instances: [[Fr]], key: ProvingKey, srs: SRS,
                                         threads: Int = Parallelism.available,
                                         progress: (String) -> Void = { _ in }) throws(PlonkError) -> Proof {
        guard instances.map(\.count) == key.vk.instanceCounts else {
            throw .publicInputCount("\(instances.map(\.count)) public inputs per instance column given, the key declares \(key.vk.instanceCounts)")
        }
        return try prove(circuit, instances: instances, key: key, srs: srs, threads: threads, progress: progress, requireSatisfied: true)
    }

    /// `requireSatisfied: false` lets the tests force a proof of a bad witness (it must then fail
    /// to verify): inputs missing from a table are not counted, and the quotient is truncated
    /// to its expected size. `tamper` edits the witness after each synthesis pass (the first
    /// pass's first-phase columns and the second pass's second-phase columns are proved).
    static func prove<C: Circuit>(_ circuit: C, instances: [[Fr]], key: ProvingKey, srs: SRS, threads: Int,
                                  progress: (String) -> Void, requireSatisfied: Bool,
                                  tamper: (inout [[Fr]]) -> Void = { _ in }) throws(PlonkError) -> Proof {
        let layout = key.layout, cs = key.cs
        let (n, u) = (layout.n, layout.usableRows)
        progress("synthesize")
        // The prover keeps only its copy of the advice, and of the rest of the synthesis only
        // the digests a second pass is compared with; the table goes out of scope at once.
        var advice: [[Fr]]
        var firstPass: FirstPhaseFingerprint?
        do {
            let synthesis = try Synthesis(circuit, k: layout.k)
            guard synthesis.cs.digest == key.vk.constraintDigest else {
                throw .keyMismatch("the proving key was made for another circuit than this one")
            }
            advice = synthesis.assignment.advice
            if cs.hasSecondPhase { firstPass = FirstPhaseFingerprint(synthesis.assignment) }
        }
        guard srs.maxCoefficients >= n else { throw .srsTooSmall(needed: layout.k, available: srs.k) }
        guard srs.verifierKey.digest == key.vk.srsDigest else {
            throw .keyMismatch("the SRS is not the one the proving key was made with")
        }
        guard instances.count == layout.instanceColumns else {
            throw .instanceColumnCount(given: instances.count, expected: layout.instanceColumns)
        }
        for column in instances where column.count > u {
            throw .notEnoughRows(region: "instance", row: column.count - 1, usable: u)
        }
        var generator = SystemRandomNumberGenerator()
        let random = { Fr.random(using: &generator) }
        let kzg = KZGProver(srs: srs)
        var transcript = ProofTranscript.start(key.vk, instances: instances)

        // Round 1: the witness in phases, then the multiplicities.
        var polynomials = [Polynomial](repeating: .zero, count: layout.userAdvice)
        var commitments = [G1](repeating: .infinity, count: layout.userAdvice)
        // From the values when the key has the Lagrange basis (short MSMs for small values).
        func commit(_ values: [Fr], _ polynomial: Polynomial) -> G1 {
            key.lagrangeBasis?.commit(values: values, threads: threads) ?? kzg.commit(polynomial)
        }
        func commitAdvice(_ columns: [Int]) {
            for c in columns {
                for i in u..<n { advice[c][i] = random() }
                polynomials[c] = Evaluations(values: advice[c], domain: key.domain).interpolate(threads: threads)
                commitments[c] = commit(advice[c], polynomials[c])
            }
            ProofTranscript.absorbAdvice(&transcript, commitments, columns: columns)
        }
        tamper(&advice)
        progress("commit witness")
        commitAdvice(layout.firstPhase)
        let circuitChallenges = ProofTranscript.circuitChallenges(&transcript, count: layout.circuitChallenges)
        if let first = firstPass {
            progress("synthesize second phase")
            do {
                // Freed before the second phase is committed: its table would otherwise stay
                // beside the interpolations.
                var second = try Synthesis(circuit, k: layout.k, challenges: circuitChallenges)
                // Tampered as the first pass was, so that only a challenge can make them differ.
                tamper(&second.assignment.advice)
                try Synthesis.requireSameFirstPhase(first, advice: advice, as: second)
                for c in layout.secondPhase { advice[c] = second.assignment.advice[c] }
            }
            firstPass = nil
            progress("commit second phase")
            commitAdvice(layout.secondPhase)
        }
        let instanceValues = instances.map { $0 + [Fr](repeating: .zero, count: n - $0.count) }
        // Built where needed, so the witness's values on H are freed with `advice`.
        func rows() -> RowValues { RowValues(layout: layout, advice: advice, key: key, instances: instanceValues) }
        func lowered(_ e: Expr) -> Expr { layout.lowered(e, challenges: circuitChallenges) }
        progress("multiplicities")
        for lookup in cs.lookups {
            let values = rows()
            let inputs = lookup.inputs.map { values.evaluate(lowered($0), threads: threads) }
            let table = lookup.table.map { key.fixedValues($0.column.index) }
            var m = try LogUp.multiplicities(lookup, inputs: inputs, table: table, usableRows: u, lenient: !requireSatisfied)
            for i in u..<n { m[i] = random() }
            advice.append(m)
            polynomials.append(Evaluations(values: m, domain: key.domain).interpolate(threads: threads))
            commitments.append(commit(m, polynomials[polynomials.count - 1]))
        }
        ProofTranscript.absorbAdvice(&transcript, commitments, columns: layout.userAdvice..<layout.witnessCommitments)
        let challenges = ProofTranscript.challenges(&transcript, circuit: circuitChallenges)

        // Round 2: running products and sums.
        progress("running products")
        var running = Permutation.runningProducts(layout, values: layout.equality.map { rows().values($0) },
                                                  sigma: { key.fixedValues(layout.sigma($0).index) },
                                                  elements: key.elements, beta: challenges.beta, gamma: challenges.gamma,
                                                  threads: threads, random: random)
        for (l, lookup) in cs.lookups.enumerated() {
            let f = rows().evaluate(ArgumentLayout.compressed(lookup.inputs.map(lowered), challenges.theta), threads: threads)
            let t = rows().evaluate(ArgumentLayout.compressed(lookup.table.map(\.column.cur), challenges.theta), threads: threads)
            running.append(LogUp.runningSum(f: f, t: t, m: advice[layout.multiplicity(l).index], lambda: challenges.lambda,
                                            usableRows: u, random: random))
        }
        advice = []
        let runningPolynomials = running.map { Evaluations(values: $0, domain: key.domain).interpolate(threads: threads) }
        running = []
        let runningCommitments = runningPolynomials.map { kzg.commit($0) }
        for c in runningCommitments { transcript.absorb(ProofTranscript.running, point: c) }
        polynomials += runningPolynomials
        commitments += runningCommitments
        let y = transcript.challenge(ProofTranscript.y)

        // Round 3: quotient.
        progress("quotient")
        let constraints = layout.constraints(cs, challenges)
        let degree = layout.degree(constraints)
        var h: [Fr]
        do {
            // The sources live only as long as the quotient needs them.
            let sourceIndex = SourceIndex(layout: layout)
            var sources = [Polynomial?](repeating: nil, count: sourceIndex.count)
            for (i, p) in polynomials.enumerated() { sources[sourceIndex[Column(kind: .advice, index: i)]] = p }
            for (i, p) in key.fixedPolynomials.enumerated() { sources[sourceIndex[Column(kind: .fixed, index: i)]] = p }
            for (i, values) in instanceValues.enumerated() {
                sources[sourceIndex[Column(kind: .instance, index: i)]] = Evaluations(values: values, domain: key.domain).interpolate(threads: threads)
            }
            h = try Quotient.compute(constraints, y: y, sources: sources, index: { sourceIndex[$0] }, domain: key.domain,
                                     degree: degree, threads: threads)
        } catch .witnessUnsatisfied where !requireSatisfied {
            h = [Fr](repeating: .zero, count: Quotient.pieces(degree: degree) * (n - 1))
        }
        let pieces = Quotient.split(h, n: n, pieces: Quotient.pieces(degree: degree), random: random)
        h = []
        let pieceCommitments = pieces.map { kzg.commit($0) }
        for c in pieceCommitments { transcript.absorb(ProofTranscript.quotient, point: c) }
        let x = transcript.challenge(ProofTranscript.x)

        // Round 4: openings.
        progress("openings")
        var opened: [Polynomial] = []
        var queries: [KZGQuery] = []
        for (column, rotations) in layout.openings(constraints) {
            let points = rotations.map { key.domain.element($0) * x }
            if column.kind == .advice {
                opened.append(polynomials[column.index])
                queries.append(KZGQuery(commitment: commitments[column.index], points: points))
            } else {
                opened.append(key.fixedPolynomials[column.index])
                queries.append(KZGQuery(commitment: key.vk.fixedCommitments[column.index], points: points))
            }
        }
        let scales = Quotient.pieceScales(x: x, n: n, count: pieces.count)
        opened.append(zip(pieces, scales).reduce(Polynomial.zero) { $0 + $1.0.scaled(by: $1.1) })
        queries.append(KZGQuery(commitment: Quotient.combine(pieceCommitments, scales: scales), points: [x]))
        let opening = kzg.openMulti(opened, queries: queries, transcript: &transcript)
        return Proof(instances: instances, adviceCommitments: Array(commitments[..<layout.witnessCommitments]),
                     runningCommitments: runningCommitments, quotientCommitments: pieceCommitments,
                     evaluations: opening.values.dropLast().flatMap { $0 }, w: opening.w, wPrime: opening.wPrime)
    }
}

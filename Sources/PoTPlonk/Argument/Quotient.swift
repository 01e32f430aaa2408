import CBN254
import PoTAlgebra

/// The vanishing argument's quotient h = N / Z_H, N = Σ y^i·C_i the combined constraints.
///
/// N has degree up to d·(n − 1), so h is found from its values on an extended domain of
/// 2^e·n points (2^e ≥ d − 1). That domain's coset gH' is the union of the 2^e cosets
/// g·ζ^j·H (ζ generating H'), and on each of them Z_H is the constant (g·ζ^j)^n − 1: the
/// prover evaluates N one coset at a time, with n values per column, so memory grows with
/// the column count or with the extension, never with their product.
enum Quotient {
    /// log2 of the extension for constraints of degree `degree`.
    static func extensionLog(degree: Int) -> Int {
        var e = 0
        while 1 << e < max(1, degree - 1) { e += 1 }
        return e
    }

    /// The number of pieces of n − 1 coefficients h is cut into: h has (d − 1)·(n − 1)
    /// coefficients at most.
    static func pieces(degree: Int) -> Int { max(1, degree - 1) }

    /// Stands for the numerator's running value in the programs of `QuotientSchedule` steps;
    /// no column of a table has a negative index.
    static let accumulator = Column(kind: .advice, index: -1)

    /// h's coefficients for the constraints combined by powers of y. `sources` gives each
    /// column's coefficients (nil for the coordinate X, which is computed); `index` maps a
    /// column to its source. Each coset is evaluated in the steps of a `QuotientSchedule`.
    static func compute(_ constraints: [Constraint], y: Fr, sources: [Polynomial?], index: (Column) -> Int, domain: Domain,
                        degree: Int, threads: Int) throws(PlonkError) -> [Fr] {
        let n = domain.size
        let e = extensionLog(degree: degree)
        let extended = domain.extended(byLog: e)
        let cosets = 1 << e
        let schedule = QuotientSchedule(constraints, source: index)
        let accumulatorSource = sources.count
        let programs = schedule.steps.enumerated().map { i, step in
            ExpressionProgram(QuotientSchedule.stepExpression(constraints[step.constraints], y: y, first: i == 0,
                                                              accumulator: accumulator)) { $0 == accumulator ? accumulatorSource : index($0) }
        }
        var h = [Fr](repeating: .zero, count: extended.size)
        var values = [[Fr]](repeating: [], count: sources.count)
        // Dropped columns' buffers, reused by the next column made.
        var spare: [[Fr]] = []
        var out = [Fr](repeating: .zero, count: n)
        // 1 / Z_H on each coset g·ζ^j·H, where Z_H is the constant (g·ζ^j)^n − 1.
        let inverses = domain.vanishingInversesOnCoset(of: extended)
        for j in 0..<cosets {
            let shift = extended.cosetShift * extended.generator.power(UInt64(j))
            for (step, program) in zip(schedule.steps, programs) {
                for s in step.load {
                    var buffer = spare.popLast() ?? [Fr](repeating: .zero, count: n)
                    if let p = sources[s] {
                        let c = p.coefficients
                        buffer.replaceSubrange(0..<c.count, with: c)
                        buffer.withMutableRawElements { $0!.advanced(by: c.count).update(repeating: bn254_fr(), count: n - c.count) }
                        domain.ntt(&buffer, shift: shift, threads: threads)
                    } else {
                        buffer = Fr.powers(start: shift, ratio: domain.generator, count: n)
                    }
                    values[s] = buffer
                }
                out.withMutableRawElements { o in
                    withPointers(values) { pointers in
                        program.evaluate(sources: pointers + [UnsafePointer(o!)], rows: n, into: o!, threads: threads)
                    }
                }
                for s in step.drop {
                    spare.append(values[s])
                    values[s] = []
                }
            }
            for i in 0..<n { h[i * cosets + j] = out[i] * inverses[j] }
        }
        spare = []
        extended.inverseNTT(&h, coset: true, threads: threads)
        let bound = pieces(degree: degree) * (n - 1)
        guard h[bound...].allSatisfy(\.isZero) else {
            throw .witnessUnsatisfied("the combined constraints do not vanish on every row")
        }
        h.removeLast(h.count - bound)
        return h
    }

    /// Pieces h_i of n − 1 coefficients with h = Σ X^((n−1)·i)·h_i, each but the last raised
    /// by b_(i+1)·X^(n−1) and the next lowered by b_(i+1): the sum is unchanged, and each
    /// piece's commitment is uniformly random on its own, so it says nothing of the witness.
    static func split(_ h: [Fr], n: Int, pieces: Int, random: () -> Fr) -> [Polynomial] {
        var out: [[Fr]] = (0..<pieces).map { i in
            Array(h[(i * (n - 1))..<((i + 1) * (n - 1))]) + [.zero]
        }
        for i in 0..<(pieces - 1) {
            let b = random()
            out[i][n - 1] += b
            out[i + 1][0] -= b
        }
        return out.map { Polynomial(coefficients: $0) }
    }
}

extension Quotient {
    /// x^((n−1)·i): the scales that recombine the pieces into h at x.
    static func pieceScales(x: Fr, n: Int, count: Int) -> [Fr] {
        Fr.powers(ratio: x.power(UInt64(n - 1)), count: count)
    }

    /// Σ scales_i·C_i: the commitment to Σ x^((n−1)·i)·h_i, which both sides compute.
    static func combine(_ commitments: [G1], scales: [Fr]) -> G1 {
        G1.msm(bases: G1.batchAffine(commitments), scalars: scales, threads: 1)
    }
}

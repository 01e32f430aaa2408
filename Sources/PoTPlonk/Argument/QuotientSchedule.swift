import PoTAlgebra

/// The order in which the prover evaluates the constraints on a coset, and when each column's
/// coset values are made and dropped.
///
/// Evaluating the whole numerator at once needs every column the constraints read on the coset
/// at the same time. Most columns are read by a few neighbouring constraints only (a gate's
/// selector, a chunk's σ's and running product, a lookup's table), so the constraints are
/// taken in runs instead: a run ends wherever some column is read for the last time, that
/// column's values are dropped after it, and a column's values are made just before the first
/// run that reads it. At any time only the columns of the current run and those still to be
/// read later are held.
struct QuotientSchedule: Sendable {
    struct Step: Sendable {
        /// Consecutive constraints, evaluated together (shared sub-expressions once).
        let constraints: Range<Int>
        /// Sources whose coset values are made before the step.
        let load: [Int]
        /// Sources whose coset values are dropped after it.
        let drop: [Int]
    }

    let steps: [Step]
    /// The most sources whose coset values are held at once.
    let peakSources: Int

    /// `source` maps a column to its source index (the same column always to the same index).
    init(_ constraints: [Constraint], source: (Column) -> Int) {
        let reads = constraints.map { Set($0.expression.queries.map { source($0.column) }) }
        var lastRead: [Int: Int] = [:]
        for (i, sources) in reads.enumerated() { for s in sources { lastRead[s] = i } }
        var ending: [Int: [Int]] = [:]
        for (s, i) in lastRead { ending[i, default: []].append(s) }
        var steps: [Step] = []
        var live = Set<Int>()
        var peak = 0
        var start = 0
        for i in constraints.indices where ending[i] != nil || i == constraints.count - 1 {
            let read = reads[start...i].reduce(into: Set<Int>()) { $0.formUnion($1) }
            let load = read.subtracting(live).sorted()
            live.formUnion(load)
            peak = max(peak, live.count)
            let drop = (start...i).flatMap { ending[$0] ?? [] }.sorted()
            live.subtract(drop)
            steps.append(Step(constraints: start..<(i + 1), load: load, drop: drop))
            start = i + 1
        }
        self.steps = steps
        peakSources = peak
    }

    /// The step's share of the numerator by Horner's rule in y: `accumulator`·y^(its length)
    /// plus Σ y^(length−1−j)·C_j over its constraints, so that after the last step the
    /// accumulator holds Σ y^(m−1−i)·C_i, `ArgumentLayout.combined`.
    static func stepExpression(_ constraints: ArraySlice<Constraint>, y: Fr, first: Bool, accumulator: Column) -> Expr {
        let own = ArgumentLayout.compressed(constraints.map(\.expression), y)
        return first ? own : accumulator.cur * .constant(y.power(UInt64(constraints.count))) + own
    }
}

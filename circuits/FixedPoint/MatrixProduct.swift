import PoTAlgebra
import PoTPlonk

/// Exact matrix products `C = A·B` (A m×p, B p×q, entries values, C at scale 2^32) checked by
/// Freivalds: `C·r = A·(B·r)` with `r_j = ρ^j` for a challenge ρ drawn after A, B and C are
/// committed. A wrong C passes only if ρ is a root of the nonzero polynomial
/// `Σ_j (C − AB)_ij·X^j` of some row i: probability at most (q − 1)/|Fr|. Since the entries of
/// A and B are values, `|Σ_k A_ik·B_kj| < p·2^60 ≪ r`, so the field product is the integer one.
/// Rows ∝ entries: (p + m)·⌈q/w⌉ + m·⌈p/w⌉ + 3 for w entries per row.
///
/// Horner rows hold w first-phase entries `x_0 … x_(w−1)` (highest power first) and the
/// second-phase running value `acc` (on the next row):
///
///     first:  acc' = Σ_s x_s·ρ^(w−1−s)          step:  acc' = acc·ρ^w + Σ_s x_s·ρ^(w−1−s)
///
/// Dot rows hold w entries of A's row in x and the matching (B·r)_k, copied, in y:
///
///     first:  acc' = Σ_s x_s·y_s                step:  acc' = acc + Σ_s x_s·y_s
///
/// A chain's result sits on the row after its last, which is the next chain's first row (a
/// first row reads no acc). Positions past a vector's end hold 0, fixed by the constants column.
public struct MatrixProductChip {
    public let x: [Column]
    public let y: [Column]
    public let acc: Column
    public let rho: Challenge
    public let hornerFirst: Selector, hornerStep: Selector, dotFirst: Selector, dotStep: Selector

    public var width: Int { x.count }

    static func configure(_ cs: ConstraintSystem, x: [Column]) throws(PlonkError) -> MatrixProductChip {
        precondition((1...8).contains(x.count), "1 to 8 entries per row")
        let chip = MatrixProductChip(
            x: x, y: x.map { _ in cs.adviceColumn(phase: .second) }, acc: cs.adviceColumn(phase: .second), rho: cs.challenge(),
            hornerFirst: cs.selector(), hornerStep: cs.selector(), dotFirst: cs.selector(), dotStep: cs.selector())
        for column in chip.y + [chip.acc] { cs.enableEquality(column) }
        let w = x.count
        var powers: [Expr] = [1]
        for _ in 0..<w { powers.append(powers.last! * chip.rho.expression) }
        let horner = (0..<w).map { s in x[s].cur * powers[w - 1 - s] }.reduce(Expr(0), +)
        let dot = (0..<w).map { s in x[s].cur * chip.y[s].cur }.reduce(Expr(0), +)
        let (a, next) = (chip.acc.cur, chip.acc.next)
        try cs.createGate("horner first", [Constraint("acc' = Σ x_s·ρ^(w−1−s)", chip.hornerFirst.expression * (next - horner))])
        try cs.createGate("horner step", [
            Constraint("acc' = acc·ρ^w + Σ x_s·ρ^(w−1−s)", chip.hornerStep.expression * (next - a * powers[w] - horner)),
        ])
        try cs.createGate("product dot first", [Constraint("acc' = Σ x_s·y_s", chip.dotFirst.expression * (next - dot))])
        try cs.createGate("product dot step", [Constraint("acc' = acc + Σ x_s·y_s", chip.dotStep.expression * (next - a - dot))])
        return chip
    }

    /// An entry of a Horner chain: a cell copied in, or a new first-phase value.
    enum Entry {
        case copy(AssignedCell)
        case fresh(Fr)
        var value: Fr { switch self { case .copy(let c): c.value; case .fresh(let v): v } }
    }

    /// `C = A·B` for A (m×p) and B (p×q) given as cells; returns C's cells (m×q), assigned here.
    public func multiply(_ layouter: Layouter, _ a: [[AssignedCell]], _ b: [[AssignedCell]]) throws(PlonkError) -> [[AssignedCell]] {
        let (m, p, q) = (a.count, b.count, b.first?.count ?? 0)
        precondition(m >= 1 && p >= 1 && q >= 1 && a.allSatisfy { $0.count == p } && b.allSatisfy { $0.count == q },
                     "A is m×p and B is p×q")
        let rho = layouter.challengeValue(self.rho)
        let c = (0..<m).map { i in (0..<q).map { j in (0..<p).reduce(Fr.zero) { $0 + a[i][$1].value * b[$1][j].value } } }
        let (br, _) = try horner(layouter, "B·r", b.map { $0.map(Entry.copy) }, rho)
        let (cr, cCells) = try horner(layouter, "C·r", c.map { $0.map(Entry.fresh) }, rho)
        let abr = try dots(layouter, a, br)
        try layouter.region("C·r = A·(B·r)") { region throws(PlonkError) in
            for i in 0..<m { try region.constrainEqual(cr[i], abr[i]) }
        }
        return cCells
    }

    /// Σ_j e_j·ρ^j for each vector, Horner chains in one region; returns the results and the
    /// cells of the entries.
    func horner(_ layouter: Layouter, _ name: String, _ vectors: [[Entry]], _ rho: Fr?)
        throws(PlonkError) -> (results: [AssignedCell], entries: [[AssignedCell]])
    {
        let w = width
        return try layouter.region(name) { region throws(PlonkError) in
            var results: [AssignedCell] = [], entries: [[AssignedCell]] = []
            var top = 0
            for vector in vectors {
                let rows = (vector.count + w - 1) / w
                var cells = [AssignedCell?](repeating: nil, count: vector.count)
                var value = Fr.zero
                var result: AssignedCell?
                for t in 0..<rows {
                    try region.enable(t == 0 ? hornerFirst : hornerStep, top + t)
                    var rowSum = Fr.zero
                    for s in 0..<w {
                        let j = (rows - 1 - t) * w + (w - 1 - s)
                        let cell: AssignedCell
                        if j >= vector.count {
                            cell = try region.assignConstant(x[s], top + t, .zero)
                        } else {
                            switch vector[j] {
                            case .copy(let source): cell = try region.copy(source, to: x[s], top + t)
                            case .fresh(let v): cell = try region.assignAdvice(x[s], top + t, v)
                            }
                            cells[j] = cell
                        }
                        if let rho { rowSum = rowSum * rho + cell.value }
                    }
                    if let rho { value = value * rho.power(UInt64(w)) + rowSum }
                    result = try region.assignAdvice(acc, top + t + 1, value)
                }
                results.append(result!)
                entries.append(cells.map { $0! })
                top += rows
            }
            return (results, entries)
        }
    }

    /// Σ_k a_ik·s_k for each row of `a`, with the s_k second-phase cells copied in.
    func dots(_ layouter: Layouter, _ a: [[AssignedCell]], _ s: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        let w = width
        return try layouter.region("A·(B·r)") { region throws(PlonkError) in
            var results: [AssignedCell] = []
            var top = 0
            for row in a {
                let rows = (row.count + w - 1) / w
                var value = Fr.zero
                var result: AssignedCell?
                for t in 0..<rows {
                    try region.enable(t == 0 ? dotFirst : dotStep, top + t)
                    for lane in 0..<w {
                        let k = t * w + lane
                        if k < row.count {
                            let entry = try region.copy(row[k], to: x[lane], top + t)
                            value += entry.value * (try region.copy(s[k], to: y[lane], top + t)).value
                        } else {
                            try region.assignConstant(x[lane], top + t, .zero)
                            try region.assignAdvice(y[lane], top + t, .zero)
                        }
                    }
                    result = try region.assignAdvice(acc, top + t + 1, value)
                }
                results.append(result!)
                top += rows
            }
            return results
        }
    }
}

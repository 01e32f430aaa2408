import PoTAlgebra
import PoTPlonk

/// C = A·B for private A (m×p), B (p×q) and C (m×q), checked as C·r = A·(B·r) with
/// r_j = ρ^j for a challenge ρ drawn after A, B and C are committed (Freivalds): a wrong C
/// passes only if ρ is a root of the nonzero polynomial Σ_j (C − AB)_ij·X^j, so with
/// probability at most (q − 1)/|Fr|. A test fixture for the engine's second phase.
///
/// Layout: the matrices' entries sit in the first-phase column `x`; the Horner sums
/// (B·r)_k and (C·r)_i and the dot products (A·(B·r))_i run down the second-phase column
/// `acc`, each starting from 0 on its region's first row; a dot product copies (B·r)_k into the
/// second-phase column `y`; finally (C·r)_i and (A·(B·r))_i are constrained equal.
struct FreivaldsProduct: Circuit {
    struct Config {
        let x: Column, y: Column, acc: Column
        let start: Selector, horner: Selector, dot: Selector
        let rho: Challenge
    }

    let a: [[Fr]], b: [[Fr]], c: [[Fr]]
    /// When set, the second-phase values are computed for this ρ instead of the drawn one: a
    /// cheating prover who picked ρ before the transcript did.
    var chosenRho: Fr?

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let config = Config(x: cs.adviceColumn(), y: cs.adviceColumn(phase: .second), acc: cs.adviceColumn(phase: .second),
                            start: cs.selector(), horner: cs.selector(), dot: cs.selector(), rho: cs.challenge())
        cs.enableEquality(config.y)
        cs.enableEquality(config.acc)
        let (x, y, acc) = (config.x, config.y, config.acc)
        try cs.createGate("sum starts at 0", [Constraint("acc = 0", config.start.expression * acc.cur)])
        try cs.createGate("horner", [Constraint("acc' = acc·ρ + x'",
                                                config.horner.expression * (acc.next - acc.cur * config.rho.expression - x.next))])
        try cs.createGate("dot", [Constraint("acc' = acc + x'·y'", config.dot.expression * (acc.next - acc.cur - x.next * y.next))])
        return config
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let rho = chosenRho ?? layouter.challengeValue(config.rho)
        // Σ_j values_j·ρ^j, the highest power first.
        func horner(_ name: String, _ values: [Fr]) throws(PlonkError) -> AssignedCell {
            try layouter.region(name) { region throws(PlonkError) in
                try region.enable(config.start, 0)
                var sum = try region.assignAdvice(config.acc, 0, .zero)
                for (t, v) in values.reversed().enumerated() {
                    try region.enable(config.horner, t)
                    try region.assignAdvice(config.x, t + 1, v)
                    sum = try region.assignAdvice(config.acc, t + 1, rho.map { sum.value * $0 + v } ?? .zero)
                }
                return sum
            }
        }
        // Σ_k row_k·s_k with s_k second-phase cells, copied in.
        func dot(_ name: String, _ row: [Fr], _ s: [AssignedCell]) throws(PlonkError) -> AssignedCell {
            try layouter.region(name) { region throws(PlonkError) in
                try region.enable(config.start, 0)
                var sum = try region.assignAdvice(config.acc, 0, .zero)
                for (k, v) in row.enumerated() {
                    try region.enable(config.dot, k)
                    try region.assignAdvice(config.x, k + 1, v)
                    let copied = try region.copy(s[k], to: config.y, k + 1)
                    sum = try region.assignAdvice(config.acc, k + 1, sum.value + v * copied.value)
                }
                return sum
            }
        }
        var br: [AssignedCell] = []
        for (k, row) in b.enumerated() { br.append(try horner("(B·r)_\(k)", row)) }
        for (i, row) in c.enumerated() {
            let cr = try horner("(C·r)_\(i)", row)
            let abr = try dot("(A·(B·r))_\(i)", a[i], br)
            try layouter.region("C·r = A·(B·r) row \(i)") { region throws(PlonkError) in try region.constrainEqual(cr, abr) }
        }
    }

    /// The product A·B.
    static func product(_ a: [[Fr]], _ b: [[Fr]]) -> [[Fr]] {
        a.map { row in (0..<b[0].count).map { j in zip(row, b).reduce(Fr.zero) { $0 + $1.0 * $1.1[j] } } }
    }

    /// A 4×3 and a 3×5 matrix of small integers and their product.
    static let example: FreivaldsProduct = {
        let a: [[Fr]] = (0..<4).map { i in (0..<3).map { k in Fr(UInt64(3 * i + k + 1)) } }
        let b: [[Fr]] = (0..<3).map { k in (0..<5).map { j in Fr(UInt64((7 * k + 2 * j) % 11)) - 5 } }
        return FreivaldsProduct(a: a, b: b, c: product(a, b))
    }()
}

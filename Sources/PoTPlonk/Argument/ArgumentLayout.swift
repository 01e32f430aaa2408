import PoTAlgebra

/// Every polynomial of a proof as a column of one table, and every check as a constraint over
/// them, so that the prover (on vectors), the verifier (at one point) and the key generator
/// read the same list.
///
/// The user's columns come first; the argument's own columns follow:
/// - fixed: the user's fixed columns, one per selector, one permutation σ per equality column,
///   then four the verifier computes itself — L_0, L_last, L_active (1 on rows 0 ..< u) and
///   the coordinate X;
/// - advice: the user's advice columns of both phases by index, one logUp multiplicity column
///   per lookup (committed after the second-phase columns, since lookups may read them, and
///   before θ, λ), then the permutation's running products and the lookups' running sums
///   (committed once β, γ, θ, λ are known).
///
/// Row u = `usableRows` is the last row the running products reach; rows after it hold random
/// values.
public struct ArgumentLayout: Sendable {
    public let k: Int
    public let n: Int
    /// u: assigned rows are 0 ..< u, and the running products end on row u.
    public let usableRows: Int
    public let maxDegree: Int

    let userFixed: Int
    let selectors: Int
    /// Columns with equality enabled, in permutation order.
    let equality: [Column]
    let userAdvice: Int
    /// The user's advice columns of each phase, by index (the transcript's order).
    let firstPhase: [Int]
    let secondPhase: [Int]
    /// How many challenges the circuit declared.
    let circuitChallenges: Int
    let lookups: Int
    /// Equality columns per running product: the constraint multiplies L_active, the product
    /// and one factor per column, so a chunk of c columns has degree c + 2. Chunks are as long
    /// as the gates' and lookups' own degree allows, so the permutation never raises the
    /// quotient's degree (each extra degree costs a piece and may double the extended domain),
    /// and no longer than maxDegree − 2; then balanced.
    let chunkSize: Int
    let permutationChunks: Int
    let instanceColumns: Int

    init(cs: ConstraintSystem, k: Int) {
        self.k = k
        n = 1 << k
        usableRows = cs.usableRows(k: k)
        maxDegree = cs.maxDegree
        userFixed = cs.fixedColumns
        selectors = cs.selectors
        equality = cs.equalityColumns
        userAdvice = cs.adviceColumns
        firstPhase = cs.adviceColumns(in: .first)
        secondPhase = cs.adviceColumns(in: .second)
        circuitChallenges = cs.challenges
        lookups = cs.lookups.count
        let own = max(3, cs.gates.map(\.degree).max() ?? 0, cs.lookups.map { $0.degree + 3 }.max() ?? 0)
        let longest = max(1, min(cs.maxDegree, own) - 2)
        let columns = cs.equalityColumns.count
        permutationChunks = (columns + longest - 1) / longest
        chunkSize = permutationChunks == 0 ? longest : (columns + permutationChunks - 1) / permutationChunks
        instanceColumns = cs.instanceColumns
    }

    // MARK: fixed columns

    func selector(_ s: Selector) -> Column { Column(kind: .fixed, index: userFixed + s.index) }
    func sigma(_ i: Int) -> Column { Column(kind: .fixed, index: userFixed + selectors + i) }
    /// Fixed columns with a commitment in the verifying key.
    var committedFixed: Int { userFixed + selectors + equality.count }
    var lagrangeFirst: Column { Column(kind: .fixed, index: committedFixed) }
    var lagrangeLast: Column { Column(kind: .fixed, index: committedFixed + 1) }
    var active: Column { Column(kind: .fixed, index: committedFixed + 2) }
    var coordinate: Column { Column(kind: .fixed, index: committedFixed + 3) }
    var fixedCount: Int { committedFixed + 4 }

    /// The committed fixed columns (selectors lowered to theirs) that lookups read, as inputs
    /// or tables: the only fixed columns the prover reads row by row besides the σ's.
    func lookupFixedColumns(_ cs: ConstraintSystem) -> Set<Int> {
        var out = Set<Int>()
        for lookup in cs.lookups {
            for input in lookup.inputs {
                for q in lowered(input, challenges: Challenges.structural(cs).circuit).queries where q.column.kind == .fixed {
                    out.insert(q.column.index)
                }
            }
            for table in lookup.table { out.insert(table.column.index) }
        }
        return out
    }

    /// Whether the verifier computes the column's values itself (it has no commitment).
    func isComputed(_ column: Column) -> Bool {
        column.kind == .instance || (column.kind == .fixed && column.index >= committedFixed)
    }

    // MARK: advice columns

    func multiplicity(_ l: Int) -> Column { Column(kind: .advice, index: userAdvice + l) }
    func runningProduct(_ j: Int) -> Column { Column(kind: .advice, index: userAdvice + lookups + j) }
    func runningSum(_ l: Int) -> Column { Column(kind: .advice, index: userAdvice + lookups + permutationChunks + l) }
    /// Advice columns committed before θ: the user's of both phases and the multiplicities.
    var witnessCommitments: Int { userAdvice + lookups }
    var adviceCount: Int { userAdvice + 2 * lookups + permutationChunks }

    /// δ, the multiplier that gives each equality column its own coset δ^c·H of identities:
    /// 5^(2^28) has odd order, so no power δ^c (c < its order) lies in H or in another's coset.
    static let delta = Fr(5).power(UInt64(1) << UInt64(Fr.twoAdicity))

    /// δ^c for each equality column c: the column's coset of H in the permutation's
    /// identities. The σ columns, the running products and the constraint must all use these.
    var deltaPowers: [Fr] { Fr.powers(ratio: Self.delta, count: equality.count) }

    // MARK: constraints

    /// Selectors become queries of their fixed columns, and the circuit's challenges the
    /// constants they were drawn as (`circuit[i]` for challenge i).
    func lowered(_ e: Expr, challenges circuit: [Fr]) -> Expr {
        func lower(_ e: Expr) -> Expr {
            switch e {
            case .constant, .query: e
            case .selector(let s): selector(s).cur
            case .challenge(let c): .constant(circuit[c.index])
            case .negated(let a): .negated(lower(a))
            case .sum(let a, let b): .sum(lower(a), lower(b))
            case .product(let a, let b): .product(lower(a), lower(b))
            }
        }
        return lower(e)
    }

    /// Every constraint that must vanish on all n rows, in proof order: the gates, then the
    /// permutation argument, then the lookups.
    func constraints(_ cs: ConstraintSystem, _ c: Challenges) -> [Constraint] {
        var out: [Constraint] = []
        for gate in cs.gates {
            for constraint in gate.constraints {
                out.append(Constraint("\(gate.name): \(constraint.name)", lowered(constraint.expression, challenges: c.circuit)))
            }
        }
        out += permutationConstraints(c)
        out += lookupConstraints(cs, c)
        return out
    }

    /// The copy constraints as a grand product per chunk of equality columns (PLONK §5, with
    /// halo2's chunking): Z_0 starts at 1; each Z_j multiplies, row by row, the ratio of
    /// Π(v + β·δ^c·X + γ) to Π(v + β·σ_c + γ) over its columns; each chunk starts where the
    /// previous one ended (on row u); the last ends on 0 or 1 — and 0 is impossible, since no
    /// factor of an honest product is zero except with probability about n/r.
    func permutationConstraints(_ c: Challenges) -> [Constraint] {
        guard permutationChunks > 0 else { return [] }
        let (first, last, active, x) = (lagrangeFirst.cur, lagrangeLast.cur, self.active.cur, coordinate.cur)
        let beta = Expr.constant(c.beta), gamma = Expr.constant(c.gamma)
        let zLast = runningProduct(permutationChunks - 1).cur
        var out = [
            Constraint("permutation starts at 1", first * (1 - runningProduct(0).cur)),
            Constraint("permutation ends at 0 or 1", last * (zLast * zLast - zLast)),
        ]
        for j in 1..<permutationChunks {
            out.append(Constraint("permutation chunk \(j) continues chunk \(j - 1)",
                                  first * (runningProduct(j).cur - runningProduct(j - 1).rotated(by: usableRows))))
        }
        let deltas = deltaPowers
        for j in 0..<permutationChunks {
            var left = runningProduct(j).next, right = runningProduct(j).cur
            for i in (j * chunkSize)..<min(equality.count, (j + 1) * chunkSize) {
                let value = equality[i].cur
                left = left * (value + beta * sigma(i).cur + gamma)
                right = right * (value + .constant(c.beta * deltas[i]) * x + gamma)
            }
            out.append(Constraint("permutation chunk \(j) step", active * (left - right)))
        }
        return out
    }

    /// logUp (Haböck 2022): with f = Σ θ^i·input_i and t = Σ θ^i·table_i, a running sum φ
    /// from 0 back to 0 adds 1/(λ + f) − m/(λ + t) on each row 0 ..< u; the step is checked with
    /// the denominators multiplied out.
    func lookupConstraints(_ cs: ConstraintSystem, _ c: Challenges) -> [Constraint] {
        let (first, last, active) = (lagrangeFirst.cur, lagrangeLast.cur, self.active.cur)
        let lambda = Expr.constant(c.lambda)
        return cs.lookups.enumerated().flatMap { l, lookup -> [Constraint] in
            let f = Self.compressed(lookup.inputs.map { lowered($0, challenges: c.circuit) }, c.theta)
            let t = Self.compressed(lookup.table.map(\.column.cur), c.theta)
            let phi = runningSum(l)
            let step = (phi.next - phi.cur) * (lambda + f) * (lambda + t) - (lambda + t) + multiplicity(l).cur * (lambda + f)
            return [
                Constraint("\(lookup.name): sum starts at 0", first * phi.cur),
                Constraint("\(lookup.name): sum ends at 0", last * phi.cur),
                Constraint("\(lookup.name): sum step", active * step),
            ]
        }
    }

    /// Σ θ^i·e_i by Horner's rule (the first expression gets the highest power).
    static func compressed(_ expressions: [Expr], _ theta: Fr) -> Expr {
        expressions.dropFirst().reduce(expressions[0]) { $0 * theta + $1 }
    }

    /// Σ y^(m−1−i)·C_i: one polynomial that vanishes on H iff (except with probability m/r over
    /// y) every constraint does.
    static func combined(_ constraints: [Constraint], y: Fr) -> Expr {
        compressed(constraints.map(\.expression), y)
    }

    // MARK: openings

    /// Each committed column the constraints read, with the rotations they read it at, sorted:
    /// advice by index, then fixed by index. The proof's evaluations follow this order.
    func openings(_ constraints: [Constraint]) -> [(column: Column, rotations: [Int])] {
        var rotations: [Column: Set<Int>] = [:]
        for constraint in constraints {
            for q in constraint.expression.queries where !isComputed(q.column) {
                rotations[q.column, default: []].insert(q.rotation)
            }
        }
        return rotations.keys.sorted { ($0.kind == .advice ? 0 : 1, $0.index) < ($1.kind == .advice ? 0 : 1, $1.index) }
            .map { ($0, rotations[$0]!.sorted()) }
    }

    /// The highest constraint degree: it fixes how many pieces the quotient has.
    func degree(_ constraints: [Constraint]) -> Int {
        constraints.map(\.expression.degree).max() ?? 1
    }
}

/// The verifier's random challenges, in the order they are drawn.
struct Challenges {
    /// The circuit's own (`ConstraintSystem.challenge()`), drawn after the first-phase advice.
    var circuit: [Fr]
    /// Compresses a lookup's columns into one.
    var theta: Fr
    /// The permutation's β and γ.
    var beta: Fr
    var gamma: Fr
    /// The lookups' denominator shift.
    var lambda: Fr

    /// Values for structural uses (degrees, query sets), which do not depend on them.
    static func structural(_ cs: ConstraintSystem) -> Challenges {
        Challenges(circuit: (0..<cs.challenges).map { Fr(UInt64(11 + $0)) }, theta: 2, beta: 3, gamma: 5, lambda: 7)
    }
}

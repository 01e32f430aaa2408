import PoTAlgebra
import PoTPlonk

/// The softmax cross-entropy gradient `G_ij = p_ij − 2^16·[j = y_i]` of docs/fixed-point.md,
/// per example i (a row of n logits z_j, a label y):
///
/// **Exp rows** `[m, z, q, r8, c, u, qc, e]`, one per logit, give `e = E(m − z)`:
///
///     m − z = 2^8·q + r8  (0 ≤ r8 < 2^8),   c·(1 − c) = 0,   u = c·(q − 4097),
///     qc = c·4096 + (1 − c)·q,   (qc + 1, e) ∈ {(q' + 1, T[q'])}
///
/// With c = 0 the lookup bounds q to 0…4096; with c = 1, u ∈ [0, 2^22 − 4097) says
/// 4097 ≤ q < 2^22, where T[min(q, 4096)] = T[4096] = 0. Either way m − z = 2^8·q + r8 holds over
/// the integers and lies in [0, 2^30): m ≥ z, and m − z is a value as the spec asks.
///
/// **Chain rows** `[m, z, π, e, S, o, O, Y]`, one per logit (k0 = j), run down the row:
/// m is the same on every row; π_j = Π_(t≤j) (m − z_t) ends at 0, so m is one of the z (with
/// m ≥ every z from the exp rows, m is the max); S_j = Σ_(t≤j) e_t ends at s; o_j are bits with
/// O_j = Σ o_t ending at 1 and Y_j = Σ t·o_t ending at the label y (copied in): the one-hot row.
///
/// **Division rows** `[e, s, p, rem, t2, o, G]`: `e·2^16 = p·s + rem`, `t2 = s − 1 − rem`, both
/// rem and t2 in [0, 2^bits) with 2^bits > s, and `G = p − 2^16·o`, checked to be a value (so p
/// is bounded and the division holds over the integers).
public struct SoftmaxGates {
    public let exp: Selector
    public let first: Selector, step: Selector, last: Selector
    public let divide: Selector
    /// The exp table: (0, 0) for rows without a lookup, then (q + 1, T[q]) for q = 0…4096.
    public let key: TableColumn, value: TableColumn

    static func configure(_ cs: ConstraintSystem, v: [Column], k: [Column]) throws(PlonkError) -> SoftmaxGates {
        let gates = SoftmaxGates(exp: cs.selector(), first: cs.selector(), step: cs.selector(),
                                 last: cs.selector(), divide: cs.selector(), key: cs.tableColumn(), value: cs.tableColumn())
        let c = v.map(\.cur), n = v.map(\.next)
        let one = Expr(1)
        let scale = Fr(UInt64(FixedPoint.one))

        let (m, z, q, r8, flag, u, qc, e) = (c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
        let sExp = gates.exp.expression
        try cs.createGate("exp", [
            Constraint("m − z = 2^8·q + r8", sExp * (m - z - Fr(256) * q - r8)),
            Constraint("c is a bit", sExp * (flag * (one - flag))),
            Constraint("u = c·(q − 4097)", sExp * (u - flag * (q - Expr(4097)))),
            Constraint("qc = c·4096 + (1 − c)·q", sExp * (qc - flag * Fr(4096) - (one - flag) * q)),
        ])
        try cs.lookup("(qc + 1, e) in the exp table", [(sExp * (qc + Fr.one), gates.key), (sExp * e, gates.value)])

        // Chain rows: [m, z, π, e, S, o, O, Y], position j in k0.
        let (pi, sum, o, count, label, position) = (c[2], c[4], c[5], c[6], c[7], k[0].cur)
        let sFirst = gates.first.expression, sStep = gates.step.expression
        try cs.createGate("softmax chain first", [
            Constraint("π = m − z", sFirst * (pi - (c[0] - c[1]))),
            Constraint("S = e", sFirst * (sum - c[3])),
            Constraint("O = o", sFirst * (count - o)),
            Constraint("Y = j·o", sFirst * (label - position * o)),
        ])
        try cs.createGate("softmax chain step", [
            Constraint("m' = m", sStep * (n[0] - c[0])),
            Constraint("π' = π·(m' − z')", sStep * (n[2] - pi * (n[0] - n[1]))),
            Constraint("S' = S + e'", sStep * (n[4] - sum - n[3])),
            Constraint("O' = O + o'", sStep * (n[6] - count - n[5])),
            Constraint("Y' = Y + j'·o'", sStep * (n[7] - label - k[0].next * n[5])),
        ])
        // Every chain row is a step row or the last one.
        try cs.createGate("one-hot bit", [Constraint("o is a bit", (sStep + gates.last.expression) * (o * (one - o)))])
        try cs.createGate("softmax chain last", [
            Constraint("m is one of the z: Π (m − z) = 0", gates.last.expression * pi),
            Constraint("one label: Σ o = 1", gates.last.expression * (count - one)),
        ])

        // Division rows: [e, s, p, rem, t2, o, G].
        let sDiv = gates.divide.expression
        try cs.createGate("probability and gradient", [
            Constraint("e·2^16 = p·s + rem", sDiv * (scale * c[0] - c[2] * c[1] - c[3])),
            Constraint("t2 = s − 1 − rem", sDiv * (c[4] - (c[1] - one - c[3]))),
            Constraint("G = p − 2^16·o", sDiv * (c[6] - (c[2] - scale * c[5]))),
        ])
        return gates
    }

    func loadTable(_ layouter: Layouter) throws(PlonkError) {
        try layouter.assignTable("exp table") { t throws(PlonkError) in
            try t.assign(key, 0, .zero)
            try t.assign(value, 0, .zero)
            for (q, entry) in ExpTable.entries.enumerated() {
                try t.assign(key, q + 1, Fr(UInt64(q + 1)))
                try t.assign(value, q + 1, Fr(UInt64(entry)))
            }
        }
    }
}

extension FixedPointChip {
    /// Bits of the division remainders: `2^bits > s` for a row of `classes` exponentials, each at
    /// most 2^16.
    static func sumBits(classes: Int) -> Int { 64 - UInt64(classes << FixedPoint.fractionBits).leadingZeroBitCount }

    /// `E(m − z_j)` for each z_j, with m ≥ every z_j and `m − z_j` a value (exp rows); the
    /// returned cells are the e_j.
    public func exp(_ layouter: Layouter, max m: AssignedCell, _ z: [AssignedCell]) throws(PlonkError) -> [AssignedCell] {
        let (e, r8, u) = try expRows(layouter, max: m, z, e: nil)
        try range.check(layouter, r8, bits: ExpTable.stepBits)
        try range.checkBelow(layouter, u, bound: Self.expFlagBound)
        return e
    }

    /// `u = q − 4097 < 2^22 − 4097` keeps `m − z < 2^30`.
    static let expFlagBound = UInt64(1 << 22 - (ExpTable.last + 1))

    /// Lays out exp rows; `e`, when given, are the cells the exponentials are copied from.
    func expRows(_ layouter: Layouter, max m: AssignedCell, _ z: [AssignedCell], e: [AssignedCell]?)
        throws(PlonkError) -> (e: [AssignedCell], r8: [AssignedCell], u: [AssignedCell])
    {
        try layouter.region("exp") { region throws(PlonkError) in
            var out: [AssignedCell] = [], r8: [AssignedCell] = [], u: [AssignedCell] = []
            for j in z.indices {
                try region.enable(softmax.exp, j)
                let d = Self.integer(try region.copy(m, to: v[0], j)) - Self.integer(try region.copy(z[j], to: v[1], j))
                let q = d >> ExpTable.stepBits
                let flag: Int128 = q > Int128(ExpTable.last) ? 1 : 0
                let clamped = min(max(q, 0), Int128(ExpTable.last))
                try region.assignAdvice(v[2], j, FixedPoint.field(q))
                r8.append(try region.assignAdvice(v[3], j, FixedPoint.field(d - q << ExpTable.stepBits)))
                try region.assignAdvice(v[4], j, FixedPoint.field(flag))
                u.append(try region.assignAdvice(v[5], j, FixedPoint.field(flag * (q - Int128(ExpTable.last + 1)))))
                try region.assignAdvice(v[6], j, FixedPoint.field(flag == 1 ? Int128(ExpTable.last) : q))
                let entry = FixedPoint.field(Int128(ExpTable.entries[Int(clamped)]))
                if let e { out.append(try region.copy(e[j], to: v[7], j)) } else { out.append(try region.assignAdvice(v[7], j, entry)) }
            }
            return (out, r8, u)
        }
    }

    /// The softmax cross-entropy gradient `δ_L = G` (B × n, values) of logits `z` (B × n
    /// values) and labels `y` (one cell per row, the class index; the chain proves
    /// `0 ≤ y < n`).
    public func softmaxGradient(_ layouter: Layouter, logits z: [[AssignedCell]], labels y: [AssignedCell])
        throws(PlonkError) -> [[AssignedCell]]
    {
        precondition(z.count == y.count && !z.isEmpty, "one label per row of logits")
        let classes = z[0].count
        precondition(classes >= 1 && classes < 1 << 14, "a row of 1 to 2^14 − 1 classes keeps s below 2^30")
        var r8: [AssignedCell] = [], u: [AssignedCell] = [], rem: [AssignedCell] = [], g: [[AssignedCell]] = []
        for i in z.indices {
            let logits = z[i].map { Self.integer($0) }
            let m = logits.max()!
            let e = logits.map { Int128(FixedPoint.exp(Int64(clamping: max(m - $0, 0)))) }
            let label = Self.integer(y[i])
            let chain = try layouter.region("softmax chain") { region throws(PlonkError) in
                var cells: (m: AssignedCell?, e: [AssignedCell], o: [AssignedCell], s: AssignedCell?) = (nil, [], [], nil)
                var sum = Int128(0), count = Int128(0), weighted = Int128(0)
                var pi = Fr.one  // Π (m − z_t) in the field: it can pass 2^127
                for j in 0..<classes {
                    let o: Int128 = Int128(j) == label ? 1 : 0
                    if j == 0 { try region.enable(softmax.first, j) }
                    if j < classes - 1 { try region.enable(softmax.step, j) }
                    if j == classes - 1 { try region.enable(softmax.last, j) }
                    try region.assignFixed(k[0], j, Fr(UInt64(j)))
                    let mCell = try region.assignAdvice(v[0], j, FixedPoint.field(m))
                    if j == 0 { cells.m = mCell }
                    try region.copy(z[i][j], to: v[1], j)
                    pi *= FixedPoint.field(m - logits[j])
                    try region.assignAdvice(v[2], j, pi)
                    cells.e.append(try region.assignAdvice(v[3], j, FixedPoint.field(e[j])))
                    sum += e[j]
                    cells.s = try region.assignAdvice(v[4], j, FixedPoint.field(sum))
                    cells.o.append(try region.assignAdvice(v[5], j, FixedPoint.field(o)))
                    count += o
                    try region.assignAdvice(v[6], j, FixedPoint.field(count))
                    weighted += Int128(j) * o
                    let labelCell = try region.assignAdvice(v[7], j, FixedPoint.field(weighted))
                    if j == classes - 1 { try region.constrainEqual(labelCell, y[i]) }
                }
                return (cells.m!, cells.e, cells.o, cells.s!)
            }
            let (_, r8i, ui) = try expRows(layouter, max: chain.0, z[i], e: chain.1)
            r8 += r8i
            u += ui
            let s = e.reduce(0, +)
            let row = try layouter.region("probability and gradient") { region throws(PlonkError) in
                var out: [AssignedCell] = []
                for j in 0..<classes {
                    try region.enable(softmax.divide, j)
                    try region.copy(chain.1[j], to: v[0], j)
                    try region.copy(chain.3, to: v[1], j)
                    let p = FixedPoint.floorDivide(e[j] << FixedPoint.fractionBits, by: max(s, 1))
                    let r = (e[j] << FixedPoint.fractionBits) - p * s
                    try region.assignAdvice(v[2], j, FixedPoint.field(p))
                    rem.append(try region.assignAdvice(v[3], j, FixedPoint.field(r)))
                    rem.append(try region.assignAdvice(v[4], j, FixedPoint.field(s - 1 - r)))
                    let o = Self.integer(try region.copy(chain.2[j], to: v[5], j))
                    out.append(try region.assignAdvice(v[6], j, FixedPoint.field(p - o * Int128(FixedPoint.one))))
                }
                return out
            }
            g.append(row)
        }
        try range.check(layouter, r8, bits: ExpTable.stepBits)
        try range.checkBelow(layouter, u, bound: Self.expFlagBound)
        try range.check(layouter, rem, bits: Self.sumBits(classes: classes))
        try checkValues(layouter, g.flatMap { $0 })
        return g
    }
}

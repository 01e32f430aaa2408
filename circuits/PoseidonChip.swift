import PoTAlgebra
import PoTPlonk

/// circomlib's Poseidon (t = 3, x^5, 8 + 57 rounds, the constants of `Poseidon`) as a gadget:
/// one row per full round and three partial rounds per row, so a hash takes 28 rows
/// (4 + 19 + 4 rounds' rows and the output row).
///
/// Row r holds the state entering its rounds (`state`) and witnesses in `work`; round constants
/// sit in three fixed columns. A partial round's constants for elements 1 and 2 pass through its
/// S-box unchanged, so they are carried through the MDS matrix into the next round's constants
/// (``foldedConstants``): partial rounds then have one constant each, and three partial rounds
/// share a row's three constant cells. The states between rounds differ from the plain ones by
/// the carried constants; the output is the same. Keeping x^5 = u^2·x with u = x^2 a witness keeps every constraint at
/// degree 4 (with its selector):
/// - full round: `work[j] = u_j = (s_j + c_j)^2`, and `s'_i = Σ_j M_ij · u_j^2 · (s_j + c_j)`.
/// - three partial rounds a, b, c: after round a only element 0 of the state is squared next,
///   so the state's elements 1 and 2 stay degree-3 expressions of the row's cells and only
///   element 0 (`work[1]`, `work[3]`) and the squares (`work[0]`, `work[2]`, `work[4]`) are
///   witnesses; the next row's state is the state after round c.
public struct PoseidonChip {
    public let state: [Column]
    /// Squares and intermediate first elements, as described above.
    public let work: [Column]
    /// Full rounds read `constants[j]` for element j; partial rounds a, b, c of a row read
    /// `constants[0]`, `constants[1]`, `constants[2]` for element 0.
    public let constants: [Column]
    public let start: Selector
    public let full: Selector
    public let partial: Selector
    /// The chip's columns and selectors: its hashes sit beside the other gadgets' rows.
    public let track: Track

    /// Partial rounds laid out on one row.
    static let partialRoundsPerRow = 3
    /// Rows one hash takes, the output row included.
    public static let rowsPerHash = Poseidon.fullRounds + Poseidon.partialRounds / partialRoundsPerRow + 1

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> PoseidonChip {
        let t = Poseidon.width
        precondition(Poseidon.partialRounds % partialRoundsPerRow == 0, "partial rounds fill whole rows")
        let (state, work) = ((0..<t).map { _ in cs.adviceColumn() }, (0..<5).map { _ in cs.adviceColumn() })
        let constants = (0..<t).map { _ in cs.fixedColumn() }
        let (start, full, partial) = (cs.selector(), cs.selector(), cs.selector())
        let chip = PoseidonChip(state: state, work: work, constants: constants, start: start, full: full, partial: partial,
                                track: cs.track(columns: state + work + constants, selectors: [start, full, partial]))
        for column in chip.state { cs.enableEquality(column) }
        let m = Poseidon.mds
        func mix(_ v: [Expr]) -> [Expr] { (0..<t).map { i in (1..<t).reduce(m[i][0] * v[0]) { $0 + m[i][$1] * v[$1] } } }

        try cs.createGate("poseidon start", [Constraint("capacity is zero", chip.start.expression * chip.state[0].cur)])

        let sFull = chip.full.expression
        let x = (0..<t).map { chip.state[$0].cur + chip.constants[$0].cur }
        let u = (0..<t).map { chip.work[$0].cur }
        let fullMixed = mix((0..<t).map { u[$0] * u[$0] * x[$0] })
        try cs.createGate("poseidon full round",
            (0..<t).map { j in Constraint("u\(j) = (s\(j) + c\(j))^2", sFull * (u[j] - x[j] * x[j])) }
            + (0..<t).map { i in Constraint("s\(i)' = (M·sbox)\(i)", sFull * (chip.state[i].next - fullMixed[i])) })

        // Rounds a, b, c: the state entering round i is `entering`, its first element is a
        // witness (the row's state for a, work[1] and work[3] for b and c); only it gets a constant.
        let sPartial = chip.partial.expression
        var constraints: [Constraint] = []
        var entering = chip.state.map(\.cur)
        for (i, name) in ["a", "b", "c"].enumerated() {
            let square = chip.work[2 * i].cur
            let x = [entering[0] + chip.constants[i].cur, entering[1], entering[2]]
            constraints.append(Constraint("u_\(name) = (s0 + c0)^2", sPartial * (square - x[0] * x[0])))
            let mixed = mix([square * square * x[0], x[1], x[2]])
            if i < partialRoundsPerRow - 1 {
                let first = chip.work[2 * i + 1].cur
                constraints.append(Constraint("s0 after \(name)", sPartial * (first - mixed[0])))
                entering = [first, mixed[1], mixed[2]]
            } else {
                constraints += (0..<t).map { j in Constraint("s\(j)' = (M·sbox)\(j)", sPartial * (chip.state[j].next - mixed[j])) }
            }
        }
        try cs.createGate("poseidon partial rounds", constraints)
        return chip
    }

    /// The cell holding Poseidon(a, b); a and b are copied in.
    public func hash(_ layouter: Layouter, _ a: AssignedCell, _ b: AssignedCell) throws(PlonkError) -> AssignedCell {
        try layouter.region("poseidon", in: track) { region throws(PlonkError) in
            try region.enable(start, 0)
            var out = try region.assignAdvice(state[0], 0, .zero)
            var s = [out.value, try region.copy(a, to: state[1], 0).value, try region.copy(b, to: state[2], 0).value]
            let rounds = Self.foldedConstants
            var row = 0
            var r = 0
            while r < rounds.count {
                if Poseidon.isFullRound(r) {
                    try region.enable(full, row)
                    for j in 0..<s.count { try region.assignFixed(constants[j], row, rounds[r][j]) }
                    let x = zip(s, rounds[r]).map(+)
                    for j in 0..<x.count { try region.assignAdvice(work[j], row, x[j].squared) }
                    s = Self.mix(x.map { $0.squared.squared * $0 })
                    r += 1
                } else {
                    try region.enable(partial, row)
                    for i in 0..<Self.partialRoundsPerRow {
                        try region.assignFixed(constants[i], row, rounds[r + i][0])
                        var x = zip(s, rounds[r + i]).map(+)
                        try region.assignAdvice(work[2 * i], row, x[0].squared)
                        x[0] = x[0].squared.squared * x[0]
                        s = Self.mix(x)
                        if i < Self.partialRoundsPerRow - 1 { try region.assignAdvice(work[2 * i + 1], row, s[0]) }
                    }
                    r += Self.partialRoundsPerRow
                }
                row += 1
                out = try region.assignAdvice(state[0], row, s[0])
                for j in 1..<s.count { try region.assignAdvice(state[j], row, s[j]) }
            }
            return out
        }
    }

    /// M·v.
    static func mix(_ v: [Fr]) -> [Fr] { Poseidon.mds.map { row in zip(row, v).map(*).reduce(Fr.zero, +) } }

    /// `Poseidon.roundConstants` with each partial round's constants for elements 1 and 2
    /// moved into the next round: `M·(S(s + a + b)) = M·S(s + a) + M·b` when b is zero in
    /// element 0 (which the partial S-box alone touches), so `M·b` joins the next round's
    /// constants; the last partial round's go to the first closing full round.
    public static let foldedConstants: [[Fr]] = {
        var c = Poseidon.roundConstants
        for r in c.indices where !Poseidon.isFullRound(r) {
            let carried = mix([.zero, c[r][1], c[r][2]])
            (c[r][1], c[r][2]) = (.zero, .zero)
            c[r + 1] = zip(c[r + 1], carried).map(+)
        }
        return c
    }()
}

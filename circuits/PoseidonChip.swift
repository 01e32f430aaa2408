import PoTAlgebra
import PoTPlonk

/// circomlib's Poseidon (t = 3, x^5, 8 + 57 rounds, the constants of `Poseidon`) as a gadget:
/// one row per round, so a hash takes 66 rows.
///
/// Row r holds the state entering round r (`state`) and the squares u_j = (state_j + c_(r,j))^2
/// (`square`); the round constants sit in fixed columns. With the squares as witnesses,
/// x^5 = u^2·x keeps every constraint at degree 4:
///   full round:    u_j = (s_j + c_j)^2 for each j,  s'_i = Σ_j M_ij · u_j^2 · (s_j + c_j)
///   partial round: u_0 = (s_0 + c_0)^2,  s'_i = M_i0 · u_0^2 · (s_0 + c_0) + Σ_(j>0) M_ij · (s_j + c_j)
/// where s' is the next row's state.
public struct PoseidonChip {
    public let state: [Column]
    public let square: [Column]
    public let constants: [Column]
    public let start: Selector
    public let full: Selector
    public let partial: Selector

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> PoseidonChip {
        let t = Poseidon.width
        let chip = PoseidonChip(state: (0..<t).map { _ in cs.adviceColumn() }, square: (0..<t).map { _ in cs.adviceColumn() },
                                constants: (0..<t).map { _ in cs.fixedColumn() },
                                start: cs.selector(), full: cs.selector(), partial: cs.selector())
        for column in chip.state { cs.enableEquality(column) }
        let m = Poseidon.mds
        let x = (0..<t).map { chip.state[$0].cur + chip.constants[$0].cur }
        let u = chip.square.map(\.cur)
        let sbox = (0..<t).map { u[$0] * u[$0] * x[$0] }

        try cs.createGate("poseidon start", [Constraint("capacity is zero", chip.start.expression * chip.state[0].cur)])
        let sFull = chip.full.expression
        try cs.createGate("poseidon full round",
            (0..<t).map { j in Constraint("u\(j) = (s\(j) + c\(j))^2", sFull * (u[j] - x[j] * x[j])) }
            + (0..<t).map { i in
                let mixed = (1..<t).reduce(m[i][0] * sbox[0]) { $0 + m[i][$1] * sbox[$1] }
                return Constraint("s\(i)' = (M·sbox)\(i)", sFull * (chip.state[i].next - mixed))
            })
        let sPartial = chip.partial.expression
        try cs.createGate("poseidon partial round",
            [Constraint("u0 = (s0 + c0)^2", sPartial * (u[0] - x[0] * x[0]))]
            + (0..<t).map { i in
                let mixed = (1..<t).reduce(m[i][0] * sbox[0]) { $0 + m[i][$1] * x[$1] }
                return Constraint("s\(i)' = (M·sbox)\(i)", sPartial * (chip.state[i].next - mixed))
            })
        return chip
    }

    /// The cell holding Poseidon(a, b); a and b are copied in.
    public func hash(_ layouter: Layouter, _ a: AssignedCell, _ b: AssignedCell) throws(PlonkError) -> AssignedCell {
        try layouter.region("poseidon") { region throws(PlonkError) in
            try region.enable(start, 0)
            var capacity = try region.assignAdvice(state[0], 0, .zero)
            var s = [capacity.value, try region.copy(a, to: state[1], 0).value, try region.copy(b, to: state[2], 0).value]
            for (r, c) in Poseidon.roundConstants.enumerated() {
                let isFull = Poseidon.isFullRound(r)
                try region.enable(isFull ? full : partial, r)
                for j in 0..<s.count { try region.assignFixed(constants[j], r, c[j]) }
                let x = zip(s, c).map(+)
                var y = x
                for j in 0..<x.count where isFull || j == 0 {
                    let u = x[j].squared
                    try region.assignAdvice(square[j], r, u)
                    y[j] = u.squared * x[j]
                }
                s = Poseidon.mds.map { row in zip(row, y).map(*).reduce(Fr.zero, +) }
                capacity = try region.assignAdvice(state[0], r + 1, s[0])
                for j in 1..<s.count { try region.assignAdvice(state[j], r + 1, s[j]) }
            }
            return capacity
        }
    }
}

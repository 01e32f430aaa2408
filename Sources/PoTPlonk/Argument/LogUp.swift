import PoTAlgebra

/// The prover's side of the logUp lookups (the constraints are in `ArgumentLayout`).
enum LogUp {
    /// m: for each table row t_j (j < u), how many rows i < u have the input tuple f_i = t_j.
    /// A tuple that appears on several table rows is counted on the first, so Σ m_j/(λ + t_j)
    /// still equals Σ 1/(λ + f_i). Rows from u on are left zero for the caller to blind.
    /// `lenient` skips inputs missing from the table instead of failing (for forced proofs in tests).
    static func multiplicities(_ lookup: Lookup, inputs: [[Fr]], table: [[Fr]], usableRows u: Int,
                               lenient: Bool = false) throws(PlonkError) -> [Fr] {
        var rowOf: [[Fr]: Int] = [:]
        for j in 0..<u {
            let tuple = table.map { $0[j] }
            if rowOf[tuple] == nil { rowOf[tuple] = j }
        }
        var m = [Fr](repeating: .zero, count: table.first?.count ?? 0)
        for i in 0..<u {
            let tuple = inputs.map { $0[i] }
            guard let j = rowOf[tuple] else {
                if lenient { continue }
                throw .witnessUnsatisfied("lookup '\(lookup.name)': the input on row \(i) is not in the table")
            }
            m[j] += .one
        }
        return m
    }

    /// φ in Lagrange form: φ(1) = 0, φ(ω^(i+1)) = φ(ω^i) + 1/(λ + f_i) − m_i/(λ + t_i) for i < u,
    /// random after row u. φ(ω^u) is zero exactly when the lookup holds.
    static func runningSum(f: [Fr], t: [Fr], m: [Fr], lambda: Fr, usableRows u: Int, random: () -> Fr) -> [Fr] {
        let n = f.count
        var denominators = [Fr](repeating: .zero, count: 2 * u)
        for i in 0..<u {
            denominators[i] = lambda + f[i]
            denominators[u + i] = lambda + t[i]
        }
        let inverses = Fr.batchInverse(denominators)
        var phi = [Fr](repeating: .zero, count: n)
        for i in 0..<u { phi[i + 1] = phi[i] + inverses[i] - m[i] * inverses[u + i] }
        for i in (u + 1)..<n { phi[i] = random() }
        return phi
    }
}

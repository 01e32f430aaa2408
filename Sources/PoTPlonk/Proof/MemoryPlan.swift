import Foundation
import PoTAlgebra
import PoTSystem

/// An estimate of the prover's peak resident memory, from the circuit's shape and k alone,
/// so a user can pick k (or split a statement) before proving. It counts the arrays the
/// prover holds at its two high points (docs/plonk.md, "Memory"):
/// - the quotient: every column's coefficients, one coset's values of the columns
///   `QuotientSchedule` holds at once, and h on the extended domain;
/// - the openings: the columns, the quotient's pieces and SHPLONK's combined polynomials;
/// plus the SRS (and its Lagrange basis, if prepared), the proving key, the MSM's working
/// memory and the process's own resident size before proving.
public struct MemoryPlan: Sendable {
    public let k: Int
    /// Bytes by part, in the order above.
    public let parts: [(name: String, bytes: Int)]

    public var peakBytes: Int { parts.reduce(0) { $0 + $1.bytes } }

    /// The estimate for a configured constraint system in a table of 2^k rows, proved on
    /// `threads` threads; `lagrangeBasis` when the key holds one (`ProvingKey.prepareLagrangeBasis`).
    public init(cs: ConstraintSystem, k: Int, threads: Int = Parallelism.available, baseline: Int = ResidentMemory.current,
                lagrangeBasis: Bool = false) {
        self.k = k
        let layout = ArgumentLayout(cs: cs, k: k)
        let constraints = layout.constraints(cs, .structural(cs))
        let degree = layout.degree(constraints)
        let cosets = 1 << Quotient.extensionLog(degree: degree)
        let pieces = Quotient.pieces(degree: degree)
        let n = layout.n
        let column = 32 * n
        let sources = SourceIndex(layout: layout)
        let held = QuotientSchedule(constraints) { sources[$0] }.peakSources
        let groups = Set(layout.openings(constraints).map(\.rotations)).count
        let committed = layout.committedFixed
        let columns = (layout.adviceCount + layout.instanceColumns) * column
        // Coefficients, one coset of values per column held at once, h over the extended domain
        // and its twiddles, and the numerator's output.
        let quotient = columns + held * column + cosets * column + 16 * cosets * n + column
        // The pieces, their combination, SHPLONK's per-point-set sums, h, the linearisation and
        // its quotient, and the MSM's scalar copy.
        let openings = columns + (pieces + 1) * column + (groups + 4) * column
        parts = [
            ("baseline", baseline),
            ("srs", 64 * n * (lagrangeBasis ? 2 : 1)),
            // Coefficients of every fixed column, values on H of those lookups read.
            ("proving key", (committed + 4 + layout.lookupFixedColumns(cs).count) * column + 16 * n),
            ("prover", max(quotient, openings)),
            ("msm", MSM.workingBytes(count: n, threads: threads)),
        ]
    }
}

/// A size written as a number with an optional K, M or G suffix (powers of 1024).
public struct MemorySize: Sendable {
    public let bytes: Int

    public init?(_ text: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = text.uppercased()
        if digits.hasSuffix("IB") { digits.removeLast(2) } else if digits.hasSuffix("B") { digits.removeLast() }
        var scale = 1
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let value = Double(digits), value > 0, value * Double(scale) < 1e15 else { return nil }
        bytes = Int(value * Double(scale))
    }

    public static func text(_ bytes: Int) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }
}

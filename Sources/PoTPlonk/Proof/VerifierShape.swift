import Foundation
import PoTAlgebra

/// What the verifier derives from a circuit type and k alone — the configured constraint
/// system, its digest, the argument's layout, the columns and rotations a proof opens, the
/// quotient's piece count — made once per (circuit, k) and kept for the process, since a
/// chain of proofs of one statement would otherwise configure the circuit once per proof.
final class VerifierShape: @unchecked Sendable {
    /// Read-only once made: the constraints are rebuilt from it for each proof's challenges.
    let cs: ConstraintSystem
    let digest: [UInt8]
    let layout: ArgumentLayout
    let openings: [(column: Column, rotations: [Int])]
    let pieces: Int
    /// ω^r for every rotation r the openings read: each opening's points are ω^r·x.
    let rotations: [Int: Fr]

    private init(cs: ConstraintSystem, k: Int) {
        self.cs = cs
        digest = cs.digest
        layout = ArgumentLayout(cs: cs, k: k)
        // Openings and degree depend on which cells the constraints read, not on the
        // challenges' values (expressions are never simplified), so any challenges do.
        let zero = Challenges(circuit: Array(repeating: .zero, count: layout.circuitChallenges),
                              theta: .zero, beta: .zero, gamma: .zero, lambda: .zero)
        let constraints = layout.constraints(cs, zero)
        openings = layout.openings(constraints)
        pieces = Quotient.pieces(degree: layout.degree(constraints))
        let domain = DomainPoints(k: k)
        rotations = Dictionary(Set(openings.flatMap(\.rotations)).map { ($0, domain.element($0)) }) { a, _ in a }
    }

    private struct Key: Hashable {
        let circuit: ObjectIdentifier
        let k: Int
    }

    nonisolated(unsafe) private static var cache: [Key: VerifierShape] = [:]
    private static let lock = NSLock()

    /// The shape of `C` at `k`, configured on first use.
    static func of<C: Circuit>(_ circuit: C.Type, k: Int) throws(PlonkError) -> VerifierShape {
        let key = Key(circuit: ObjectIdentifier(C.self), k: k)
        if let shape = lock.withLock({ cache[key] }) { return shape }
        let cs = try C.configured().cs
        guard cs.usableRows(k: k) > 0 else { throw .badK(k) }
        let shape = VerifierShape(cs: cs, k: k)
        lock.withLock { cache[key] = shape }
        return shape
    }
}

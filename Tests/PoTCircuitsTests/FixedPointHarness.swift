import XCTest
import PoTAlgebra
@testable import PoTPlonk
@testable import PoTCircuits

/// The cells a harness body returned, kept past synthesis.
final class Outputs {
    var cells: [AssignedCell] = []
    var integers: [Int] { cells.map { Int(FixedPoint.integer($0.value)!) } }
}

/// A circuit running one body of fixed-point gadgets (8-bit range limbs in two lanes, four
/// matrix entries per row), for the gadget tests.
struct FixedPointHarness: Circuit {
    static let k = 13

    let body: (FixedPointChip, Layouter) throws(PlonkError) -> [AssignedCell]
    let outputs = Outputs()

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> FixedPointChip {
        try FixedPointChip.configure(cs, limbBits: 8, rangeLanes: 2, productWidth: 4)
    }

    func synthesize(_ chip: FixedPointChip, _ layouter: Layouter) throws(PlonkError) {
        try chip.loadTables(layouter)
        outputs.cells = try body(chip, layouter)
    }

    /// The debug checker's first failure (random challenges).
    func failure() throws -> CheckFailure? {
        try DebugChecker(self, k: Self.k, instances: []).firstFailure
    }

    /// The first failure once `edit` changed the synthesized witness (challenges fixed at 7).
    func failure(after edit: (inout Assignment, FixedPointChip) -> Void) throws -> CheckFailure? {
        let (_, chip) = try Self.configured()
        let synthesis = try Synthesis(self, k: Self.k, challenges: [Fr(7)])
        var assignment = synthesis.assignment
        edit(&assignment, chip)
        return try DebugChecker(cs: synthesis.cs, assignment: assignment, instances: [], challenges: [Fr(7)]).firstFailure
    }
}

extension Assignment {
    /// The first row of the first region named `name`.
    func start(of name: String, occurrence: Int = 0) -> Int {
        regions.filter { $0.name == name }[occurrence].rows.lowerBound
    }
}

/// Independent integer arithmetic for the oracles: Swift's `/` truncates, so floor is explicit.
func floorDiv(_ a: Int, _ d: Int) -> Int { a >= 0 ? a / d : -((-a + d - 1) / d) }

func field(_ v: Int) -> Fr { v < 0 ? -Fr(UInt64(-v)) : Fr(UInt64(v)) }

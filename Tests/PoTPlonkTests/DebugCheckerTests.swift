import XCTest
import PoTAlgebra
@testable import PoTPlonk

/// Two rows of c = a·b with a looked up in 0..<8: the first row's c is copied into the second
/// row's a (b = 1), and the second row's c is the public output. Each fault breaks one thing.
struct TwoMuls: Circuit {
    enum Fault { case none, gate, lookup, copy }
    struct Config {
        let a: Column, b: Column, c: Column, out: Column
        let s: Selector
        let table: TableColumn
    }

    var x: Fr = 2, y: Fr = 3
    var fault = Fault.none

    static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let config = Config(a: cs.adviceColumn(), b: cs.adviceColumn(), c: cs.adviceColumn(), out: cs.instanceColumn(),
                            s: cs.selector(), table: cs.tableColumn())
        cs.enableEquality(config.a)
        cs.enableEquality(config.c)
        try cs.createGate("mul", [Constraint("c = a·b", config.s.expression * (config.a.cur * config.b.cur - config.c.cur))])
        try cs.lookup("a < 8", [(config.s.expression * config.a.cur, config.table)])
        return config
    }

    func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        try layouter.assignTable("0..<8") { t throws(PlonkError) in
            for v in 0..<8 { try t.assign(config.table, v, Fr(UInt64(v))) }
        }
        let first = try layouter.region("first") { region throws(PlonkError) in
            try region.enable(config.s, 0)
            try region.assignAdvice(config.a, 0, x)
            try region.assignAdvice(config.b, 0, y)
            return try region.assignAdvice(config.c, 0, fault == .gate ? x * y + 1 : x * y)
        }
        let out = try layouter.region("second") { region throws(PlonkError) in
            try region.enable(config.s, 0)
            let a: AssignedCell
            if fault == .copy {
                a = try region.assignAdvice(config.a, 0, first.value + 1)
                try region.constrainEqual(first, a)
            } else {
                a = try region.copy(first, to: config.a, 0)
            }
            try region.assignAdvice(config.b, 0, 1)
            return try region.assignAdvice(config.c, 0, a.value)
        }
        try layouter.constrainInstance(out, config.out, row: 0)
    }
}

final class DebugCheckerTests: XCTestCase {
    private func check(_ circuit: TwoMuls, output: Fr) throws -> DebugChecker {
        try DebugChecker(circuit, k: 4, instances: [[output]])
    }

    func testSatisfiedWitness() throws {
        let checker = try check(TwoMuls(), output: 6)
        XCTAssertTrue(checker.isSatisfied, "\(checker.allFailures)")
        XCTAssertEqual(checker.assignment.regions.map(\.name), ["first", "second"])
        XCTAssertEqual(checker.assignment.regions.map(\.rows), [0..<1, 1..<2])
    }

    func testGateFailureNamesGateConstraintRowAndRegion() throws {
        let checker = try check(TwoMuls(fault: .gate), output: 7)
        XCTAssertEqual(checker.firstFailure, .gate(gate: "mul", constraint: "c = a·b", row: 0, region: "first"))
        XCTAssertFalse(checker.isSatisfied)
    }

    func testLookupFailureNamesRowAndValue() throws {
        let checker = try check(TwoMuls(x: 9, y: 1), output: 9)
        XCTAssertEqual(checker.firstFailure, .lookup(lookup: "a < 8", row: 0, values: [9], region: "first"))
        XCTAssertEqual(checker.allFailures.count, 2, "both rows look up 9")
    }

    func testCopyFailureNamesBothCells() throws {
        let checker = try check(TwoMuls(fault: .copy), output: 7)
        let a = Cell(column: Column(kind: .advice, index: 2), row: 0)
        let b = Cell(column: Column(kind: .advice, index: 0), row: 1)
        XCTAssertEqual(checker.firstFailure, .copy(a, b, values: (6, 7)))
        XCTAssertEqual(checker.allFailures.count, 1)
    }

    func testInstanceMismatch() throws {
        let checker = try check(TwoMuls(), output: 5)
        let instance = Cell(column: Column(kind: .instance, index: 0), row: 0)
        let cell = Cell(column: Column(kind: .advice, index: 2), row: 1)
        XCTAssertEqual(checker.firstFailure, .instance(instance: instance, cell: cell, expected: 5, actual: 6))
    }

    func testWrongInstanceColumnCountIsRefused() {
        XCTAssertThrowsError(try DebugChecker(TwoMuls(), k: 4, instances: [])) {
            XCTAssertEqual($0 as? PlonkError, .instanceColumnCount(given: 0, expected: 1))
        }
    }

    /// Without a selector a gate also binds the blinding rows, whose values are random.
    func testUngatedGateFailsOnTheFirstBlindingRow() throws {
        struct Ungated: Circuit {
            static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Column {
                let a = cs.adviceColumn()
                try cs.createGate("a is zero", [Constraint("a = 0", a.cur)])
                return a
            }
            func synthesize(_ a: Column, _ layouter: Layouter) throws(PlonkError) {
                try layouter.region("zeros") { region throws(PlonkError) in
                    for row in 0..<layouter.assignment.usableRows { try region.assignAdvice(a, row, 0) }
                }
            }
        }
        let checker = try DebugChecker(Ungated(), k: 4, instances: [])
        XCTAssertEqual(checker.firstFailure,
                       .gate(gate: "a is zero", constraint: "a = 0", row: checker.assignment.usableRows, region: nil))
    }

    /// c is never assigned: with a = 0 the gate holds for c = 0, but only by accident.
    func testUnassignedCellReadByAnActiveGate() throws {
        struct Forgetful: Circuit {
            static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> TwoMuls.Config {
                try TwoMuls.configure(cs)
            }
            func synthesize(_ config: TwoMuls.Config, _ layouter: Layouter) throws(PlonkError) {
                try layouter.assignTable("0..<8") { t throws(PlonkError) in try t.assign(config.table, 0, 0) }
                try layouter.region("forgetful") { region throws(PlonkError) in
                    try region.enable(config.s, 0)
                    try region.assignAdvice(config.a, 0, 0)
                    try region.assignAdvice(config.b, 0, 5)
                }
            }
        }
        let checker = try DebugChecker(Forgetful(), k: 4, instances: [[]])
        let c = Cell(column: Column(kind: .advice, index: 2), row: 0)
        XCTAssertEqual(checker.firstFailure,
                       .unassigned(cell: c, gate: "mul", constraint: "c = a·b", row: 0, region: "forgetful"))
        XCTAssertEqual(checker.allFailures.count, 1, "rows where the selector is off do not depend on c")
    }

    func testDegreeBoundIsEnforced() {
        let cs = ConstraintSystem(maxDegree: 5)
        let a = cs.adviceColumn(), s = cs.selector()
        let x5 = a.cur * a.cur * a.cur * a.cur * a.cur
        XCTAssertNoThrow(try cs.createGate("x^5", [Constraint("deg 5", x5)]))
        XCTAssertThrowsError(try cs.createGate("s·x^5", [Constraint("deg 6", s.expression * x5)])) {
            XCTAssertEqual($0 as? PlonkError, .degreeTooHigh(name: "s·x^5: deg 6", degree: 6, bound: 5))
        }
        XCTAssertThrowsError(try cs.lookup("too high", [(a.cur * a.cur * a.cur, cs.tableColumn())]))
    }

    func testCopyNeedsEqualityAndRowsAreBounded() throws {
        let cs = ConstraintSystem()
        let a = cs.adviceColumn(), b = cs.adviceColumn()
        cs.enableEquality(a)
        let layouter = Layouter(cs: cs, k: 3)
        XCTAssertEqual(cs.blindingRows, 5)
        XCTAssertEqual(layouter.assignment.usableRows, 2)
        try layouter.region("r") { region throws(PlonkError) in
            let x = try region.assignAdvice(a, 0, 1)
            XCTAssertThrowsError(try region.copy(x, to: b, 1)) {
                XCTAssertEqual($0 as? PlonkError, .equalityNotEnabled(b))
            }
            XCTAssertThrowsError(try region.assignAdvice(a, 2, 1)) {
                XCTAssertEqual($0 as? PlonkError, .notEnoughRows(region: "r", row: 2, usable: 2))
            }
        }
    }

    func testExpressionDegreeAndEvaluation() {
        let a = Column(kind: .advice, index: 0), f = Column(kind: .fixed, index: 0)
        let e: Expr = a.cur * a.next * f.cur - 3 + a.rotated(by: -1) * Fr(2)
        XCTAssertEqual(e.degree, 3)
        XCTAssertEqual(Set(e.queries.map(\.rotation)), [-1, 0, 1])
        let values: [Query: Fr] = [Query(column: a, rotation: 0): 2, Query(column: a, rotation: 1): 5,
                                   Query(column: f, rotation: 0): 7, Query(column: a, rotation: -1): 11]
        XCTAssertEqual(e.evaluate(query: { values[$0]! }, selector: { _ in .one }), Fr(2 * 5 * 7 - 3 + 22))
    }
}

final class ConstantTests: XCTestCase {
    private struct Sevens: Circuit {
        static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Column {
            let a = cs.adviceColumn()
            cs.enableEquality(a)
            cs.enableConstants(cs.fixedColumn())
            return a
        }
        func synthesize(_ a: Column, _ layouter: Layouter) throws(PlonkError) {
            try layouter.region("constants") { region throws(PlonkError) in
                try region.assignConstant(a, 0, 7)
                try region.assignConstant(a, 1, 7)
                try region.assignConstant(a, 2, 0)
            }
        }
    }

    func testConstantsAreSharedAndBound() throws {
        let cs = ConstraintSystem()
        let a = try Sevens.configure(cs)
        let layouter = Layouter(cs: cs, k: 4)
        try Sevens().synthesize(a, layouter)
        var assignment = layouter.assignment
        XCTAssertEqual(Array(assignment.fixed[0].prefix(3)), [7, 0, 0], "one row per distinct value")
        XCTAssertEqual(assignment.copies.count, 3)
        XCTAssertTrue(try DebugChecker(cs: cs, assignment: assignment, instances: []).isSatisfied)

        assignment.advice[0][1] = 8
        let constant = Cell(column: Column(kind: .fixed, index: 0), row: 0)
        XCTAssertEqual(try DebugChecker(cs: cs, assignment: assignment, instances: []).firstFailure,
                       .copy(constant, Cell(column: a, row: 1), values: (7, 8)))
    }

    func testConstantsNeedAColumn() {
        let cs = ConstraintSystem()
        let a = cs.adviceColumn()
        cs.enableEquality(a)
        let layouter = Layouter(cs: cs, k: 4)
        XCTAssertThrowsError(try layouter.region("r") { region throws(PlonkError) in try region.assignConstant(a, 0, 1) }) {
            XCTAssertEqual($0 as? PlonkError, .noConstantsColumn)
        }
    }
}

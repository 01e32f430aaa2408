import XCTest
import PoTAlgebra
@testable import PoTPlonk

/// The quotient's evaluation in steps (`QuotientSchedule`): the steps add up to the combined
/// constraints, and each column's coset values are held exactly from its first read to its last.
final class QuotientScheduleTests: XCTestCase {
    /// Two gates with their own selectors and fixed columns, copies and a lookup: the argument
    /// adds a running product, σ's, a multiplicity and a running sum.
    private func constraints() throws -> (layout: ArgumentLayout, constraints: [Constraint]) {
        let cs = ConstraintSystem()
        let (a, b, c) = (cs.adviceColumn(), cs.adviceColumn(), cs.adviceColumn())
        let (f, g) = (cs.fixedColumn(), cs.fixedColumn())
        let (s, t) = (cs.selector(), cs.selector())
        let table = cs.tableColumn()
        cs.enableEquality(a)
        cs.enableEquality(c)
        try cs.createGate("mul", [Constraint("c = a·b + f", s.expression * (a.cur * b.cur + f.cur - c.cur)),
                                  Constraint("b = a'", s.expression * (b.cur - a.next))])
        try cs.createGate("square", [Constraint("c' = c² + g", t.expression * (c.cur * c.cur + g.cur - c.next))])
        try cs.lookup("a < 8", [(s.expression * a.cur, table)])
        let layout = ArgumentLayout(cs: cs, k: 5)
        return (layout, layout.constraints(cs, .structural(cs)))
    }

    func testStepsAddUpToTheCombinedConstraints() throws {
        let (layout, constraints) = try constraints()
        let index = SourceIndex(layout: layout)
        let schedule = QuotientSchedule(constraints) { index[$0] }
        XCTAssertGreaterThan(schedule.steps.count, 1)
        var random = SeededRandom(seed: 5)
        var cells: [Query: Fr] = [:]
        func value(_ q: Query) -> Fr {
            if let v = cells[q] { return v }
            cells[q] = Fr.random(using: &random)
            return cells[q]!
        }
        let y = Fr.random(using: &random)
        let expected = ExpressionProgram(ArgumentLayout.combined(constraints, y: y)) { index[$0] }
            .evaluate { value(Query(column: index.column($0), rotation: $1)) }
        var accumulator = Fr.zero
        for (i, step) in schedule.steps.enumerated() {
            let e = QuotientSchedule.stepExpression(constraints[step.constraints], y: y, first: i == 0, accumulator: Quotient.accumulator)
            accumulator = ExpressionProgram(e) { $0 == Quotient.accumulator ? -1 : index[$0] }
                .evaluate { $0 == -1 ? accumulator : value(Query(column: index.column($0), rotation: $1)) }
        }
        XCTAssertEqual(accumulator, expected)
    }

    func testColumnsAreHeldFromTheirFirstReadToTheirLast() throws {
        let (layout, constraints) = try constraints()
        let index = SourceIndex(layout: layout)
        let schedule = QuotientSchedule(constraints) { index[$0] }
        XCTAssertEqual(schedule.steps.flatMap { Array($0.constraints) }, Array(constraints.indices), "every constraint once, in order")
        var reads: [Int: [Int]] = [:]
        for (i, c) in constraints.enumerated() { for q in c.expression.queries { reads[index[q.column], default: []].append(i) } }
        for (source, at) in reads {
            let loaded = schedule.steps.filter { $0.load.contains(source) }
            let dropped = schedule.steps.filter { $0.drop.contains(source) }
            XCTAssertEqual(loaded.count, 1, "source \(source) made once")
            XCTAssertEqual(dropped.count, 1, "source \(source) dropped once")
            XCTAssert(loaded.first?.constraints.contains(at.min()!) == true, "source \(source) made for its first read")
            XCTAssert(dropped.first?.constraints.contains(at.max()!) == true, "source \(source) dropped after its last read")
        }
        XCTAssertLessThan(schedule.peakSources, reads.count, "the selectors and σ's are not all held at once")
    }
}

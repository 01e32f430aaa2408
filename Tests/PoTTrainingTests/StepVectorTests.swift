import PoTCircuits
import Foundation
import XCTest

@testable import PoTTraining

/// The step against an independent integer implementation of docs/fixed-point.md:
/// scripts/vectors/train_step_vectors.py (Python's unbounded integers and floor division).
final class StepVectorTests: XCTestCase {
    struct Vectors: Decodable {
        let exp_table: [Int64]
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let widths: [Int]
        let eta: Int64
        let W: [[Int64]]
        let b: [[Int64]]
        let X: [Int64]
        let y: [Int]
        let expected: Expected?
        let expected_error: String?
    }

    struct Expected: Decodable {
        let Z: [[Int64]], H: [[Int64]], m: [Int64], e: [Int64], s: [Int64], p: [Int64]
        let deltas: [[Int64]], W: [[Int64]], b: [[Int64]]
    }

    static let vectors: Vectors = try! JSONDecoder().decode(
        Vectors.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("train_step_vectors.json"))))

    func testExpTableMatchesPythonMathExp() {
        XCTAssertEqual(ExpTable.entries, Self.vectors.exp_table)
        XCTAssertEqual(ExpTable.exp(of: 0), FixedPoint.one)
        XCTAssertEqual(ExpTable.exp(of: 255), FixedPoint.one)  // the low 8 bits are dropped
        XCTAssertEqual(ExpTable.exp(of: 16 << 16), 0)
        XCTAssertEqual(ExpTable.exp(of: FixedPoint.limit - 1), 0)
    }

    func testEveryQuantityOfEveryCase() throws {
        XCTAssertGreaterThanOrEqual(Self.vectors.cases.filter { $0.expected != nil }.count, 5)
        for c in Self.vectors.cases {
            let layers = (1..<c.widths.count).map { l in
                DenseLayer(weights: IntegerMatrix(rows: c.widths[l], columns: c.widths[l - 1], values: c.W[l - 1]), bias: c.b[l - 1])
            }
            let parameters = try MLPParameters(layers: layers)
            let batch = Batch(inputs: IntegerMatrix(rows: c.y.count, columns: c.widths[0], values: c.X), labels: c.y)
            guard let expected = c.expected else {
                XCTAssertThrowsError(try parameters.step(batch, learningRate: c.eta), c.name) { error in
                    guard case FixedPointError.overflow = error else { return XCTFail("\(c.name): \(error)") }
                }
                continue
            }
            let trace = try parameters.step(batch, learningRate: c.eta)
            XCTAssertEqual(trace.preActivations.map(\.values), expected.Z, "\(c.name): Z")
            XCTAssertEqual(trace.activations.map(\.values), expected.H, "\(c.name): H")
            XCTAssertEqual(trace.maxima, expected.m, "\(c.name): m")
            XCTAssertEqual(trace.exponentials.values, expected.e, "\(c.name): e")
            XCTAssertEqual(trace.sums, expected.s, "\(c.name): s")
            XCTAssertEqual(trace.probabilities.values, expected.p, "\(c.name): p")
            XCTAssertEqual(trace.deltas.map(\.values), expected.deltas, "\(c.name): δ")
            XCTAssertEqual(trace.updated.layers.map(\.weights.values), expected.W, "\(c.name): W'")
            XCTAssertEqual(trace.updated.layers.map(\.bias), expected.b, "\(c.name): b'")
        }
    }

    /// The case built to pass 2^63 really takes the 128-bit path: its operands' bound does.
    func testTheLargeCaseNeedsWideSums() throws {
        let c = try XCTUnwrap(Self.vectors.cases.first { $0.name.contains("2^63") })
        let x = IntegerMatrix(rows: c.y.count, columns: c.widths[0], values: c.X)
        let w = IntegerMatrix(rows: c.widths[1], columns: c.widths[0], values: c.W[0])
        XCTAssertGreaterThan(Double(x.largestMagnitude) * Double(w.largestMagnitude) * Double(c.widths[0]), 0x1p63)
    }
}

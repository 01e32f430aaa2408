import PoTCircuits
import XCTest

@testable import PoTTraining

/// Floors, rounding and range checks of docs/fixed-point.md, on hand-computed values.
final class FixedPointTests: XCTestCase {
    func testFloorDivisionRoundsTowardsMinusInfinity() {
        XCTAssertEqual(FixedPoint.floorDivide(Int64(7), by: 2), 3)
        XCTAssertEqual(FixedPoint.floorDivide(Int64(-7), by: 2), -4)
        XCTAssertEqual(FixedPoint.floorDivide(Int64(-8), by: 2), -4)
        XCTAssertEqual(FixedPoint.floorDivide(Int64(-1), by: 65536), -1)
        XCTAssertEqual(FixedPoint.floorDivide(Int64(0), by: 3), 0)
        XCTAssertEqual(FixedPoint.floorDivide(Int64.min, by: 1), Int64.min)
    }

    func testRescaleFloorsNegativesAcross64Bits() throws {
        XCTAssertEqual(try rescaled(WideInteger(-1), "x"), -1)
        XCTAssertEqual(try rescaled(WideInteger(-65536), "x"), -1)
        XCTAssertEqual(try rescaled(WideInteger(-65537), "x"), -2)
        XCTAssertEqual(try rescaled(WideInteger(65535), "x"), 0)
        // −2^64 + 5 is (high −1, low 5): its floor by 2^16 is −2^48 + 0.
        XCTAssertEqual(WideInteger(high: -1, low: 5).floorShifted(by: 16).int64, -(1 << 48))
        // 2^64 + 2^16 − 1 (high 1) floors to 2^48.
        XCTAssertEqual(WideInteger(high: 1, low: 65535).floorShifted(by: 16).int64, 1 << 48)
    }

    func testWideSumsCarryAndDetectWhatDoesNotFit() {
        var s = WideInteger(Int64.max)
        s.add(Int64.max)
        XCTAssertNil(s.int64)
        XCTAssertEqual(s, WideInteger(high: 0, low: UInt64(Int64.max) * 2))
        s.add(-Int64.max)
        XCTAssertEqual(s.int64, Int64.max)
        var n = WideInteger(-5)
        n.add(3)
        XCTAssertEqual(n.int64, -2)
        XCTAssertEqual(WideInteger(product: -(1 << 40), 1 << 40).floorShifted(by: 32), WideInteger(high: 0, low: 0).adding(-(1 << 48)))
        XCTAssertEqual(WideInteger(-3).multiplied(by: 1 << 40)?.int64, -3 << 40)
        XCTAssertEqual(WideInteger(high: 1, low: 0).multiplied(by: 3), WideInteger(high: 3, low: 0))
        XCTAssertNil(WideInteger(high: Int64.max / 2, low: 0).multiplied(by: 4))
    }

    func testConversionRoundsHalfAwayFromZero() throws {
        XCTAssertEqual(try FixedPoint.value(of: 0.1, "lr"), 6554)  // 6553.6
        XCTAssertEqual(try FixedPoint.value(of: 0.5 / 65536, "x"), 1)
        XCTAssertEqual(try FixedPoint.value(of: -0.5 / 65536, "x"), -1)
        XCTAssertEqual(try FixedPoint.value(of: 1.5 / 65536, "x"), 2)
        XCTAssertEqual(try FixedPoint.value(of: -2.5 / 65536, "x"), -3)
        XCTAssertEqual(try FixedPoint.value(of: -16384, "x"), -FixedPoint.limit)
        XCTAssertThrowsError(try FixedPoint.value(of: 16384, "x"))
        XCTAssertThrowsError(try FixedPoint.value(of: .nan, "x"))
        XCTAssertThrowsError(try FixedPoint.value(of: -16384.00001, "x"))
    }

    func testRangeIsHalfOpen() {
        XCTAssertNoThrow(try FixedPoint.checked(FixedPoint.limit - 1, "v"))
        XCTAssertNoThrow(try FixedPoint.checked(-FixedPoint.limit, "v"))
        XCTAssertThrowsError(try FixedPoint.checked(FixedPoint.limit, "v")) { error in
            XCTAssertEqual(error as? FixedPointError, .overflow("v = 1073741824 is outside the value range [−2^30, 2^30)"))
        }
        XCTAssertThrowsError(try FixedPoint.checked(-FixedPoint.limit - 1, "v"))
    }

    func testParametersOutOfRangeAreRejected() {
        let layer = DenseLayer(weights: IntegerMatrix(rows: 1, columns: 2, values: [0, FixedPoint.limit]), bias: [0])
        XCTAssertThrowsError(try MLPParameters(layers: [layer])) { error in
            XCTAssertTrue("\(error)".contains("W_1[1]"), "\(error)")
        }
    }

    /// An update that would push a weight out of range fails instead of wrapping.
    func testUpdateOverflowIsAnError() throws {
        let w = FixedPoint.limit - 1
        let parameters = try MLPParameters(layers: [
            DenseLayer(weights: IntegerMatrix(rows: 2, columns: 1, values: [w, 0]), bias: [0, 0]),
        ])
        // Label 1 makes G[0, 0] = p_00 > 0, so with input −1/2^16 the gradient of W[0, 0] is
        // negative: floor(η · dW / 2^32) = −1 adds 1 to a weight at the top of the range.
        let batch = Batch(inputs: IntegerMatrix(rows: 1, columns: 1, values: [-1]), labels: [1])
        XCTAssertThrowsError(try parameters.step(batch, learningRate: FixedPoint.one)) { error in
            XCTAssertTrue("\(error)".contains("W_1'[0, 0]"), "\(error)")
        }
    }
}

extension WideInteger {
    func adding(_ v: Int64) -> WideInteger {
        var s = self
        s.add(v)
        return s
    }
}

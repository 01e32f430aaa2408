@testable import PoTModels
import XCTest

/// The vectorised log-sum-exp behind every score, against the same sum taken in double
/// precision with the C library's `exp`.
final class LogSumExpTests: XCTestCase {
    private func reference(_ row: [Float]) -> Double {
        let top = Double(row.max()!)
        return top + log(row.reduce(0) { $0 + exp(Double($1) - top) })
    }

    func testMatchesDoublePrecisionOnLogitRows() {
        var generator = SplitMix(seed: 11)
        // Lengths around the 16-lane width and the 256-term partial sums, SmolLM2's vocabulary,
        // flat and peaked rows, and rows whose tail lies far below e^-87 of the top.
        for n in [1, 15, 16, 17, 255, 256, 257, 1000, 49_152] {
            for spread: Float in [0.1, 8, 60, 200] {
                var row = (0..<n).map { _ in (Float(generator.unit()) - 0.5) * spread }
                row[Int(generator.next() % UInt64(n))] += spread
                let got = row.withUnsafeBufferPointer { LanguageModel.logSumExp($0.baseAddress!, n) }
                XCTAssertEqual(got, reference(row), accuracy: 1e-6, "n \(n), spread \(spread)")
            }
        }
    }

    func testExponentialIsWithinOneUlpOfTheLibrary() {
        var worst: Float = 0
        for k in 0..<20_000 {
            let x = -87 * Float(k) / 20_000
            let got = LanguageModel.expOfNonPositive(SIMD16(repeating: x))[0]
            worst = max(worst, abs(got - expf(x)) / expf(x))
        }
        XCTAssertLessThanOrEqual(worst, 2 * Float.ulpOfOne)
    }

    func testNonFiniteLogitsAreNotHidden() {
        var row = [Float](repeating: 1, count: 40)
        row[33] = .nan
        XCTAssertTrue(row.withUnsafeBufferPointer { LanguageModel.logSumExp($0.baseAddress!, 40) }.isNaN)
        row[33] = .infinity
        XCTAssertEqual(row.withUnsafeBufferPointer { LanguageModel.logSumExp($0.baseAddress!, 40) }, .infinity)
    }
}

/// A small deterministic generator, so that a failure reproduces.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

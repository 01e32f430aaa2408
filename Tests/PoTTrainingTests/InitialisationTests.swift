import XCTest

@testable import PoTTraining

final class InitialisationTests: XCTestCase {
    func testInitialWeightsAreDeterministicAndBounded() throws {
        let a = try MLPParameters.initial(widths: [64, 32, 10], seed: 1)
        XCTAssertEqual(a, try MLPParameters.initial(widths: [64, 32, 10], seed: 1))
        XCTAssertNotEqual(a, try MLPParameters.initial(widths: [64, 32, 10], seed: 2))
        XCTAssertEqual(a.widths, [64, 32, 10])
        XCTAssertEqual(a.tensorNames.map(\.name), ["W_1", "b_1", "W_2", "b_2"])
        XCTAssertEqual(a.tensorNames.map(\.shape), [[32, 64], [32], [10, 32], [10]])
        for (l, layer) in a.layers.enumerated() {
            let bound = (6.0 / Double(layer.weights.rows + layer.weights.columns)).squareRoot() * 65536
            XCTAssertTrue(layer.weights.values.allSatisfy { Double($0.magnitude) <= bound.rounded(.up) }, "layer \(l + 1)")
            XCTAssertTrue(layer.bias.allSatisfy { $0 == 0 })
            // Uniform on ±bound: the mean magnitude is near bound / 2.
            let mean = layer.weights.values.reduce(0.0) { $0 + Double($1.magnitude) } / Double(layer.weights.values.count)
            XCTAssertEqual(mean / bound, 0.5, accuracy: 0.1, "layer \(l + 1)")
        }
    }

    /// One epoch over the digits with a fixed permutation as the schedule learns the task:
    /// the step's arithmetic trains, whatever the schedule.
    func testAnEpochOnDigitsLearns() throws {
        let data = try DigitsCSV.load(path: RealDigits.path)
        let train = data.slice(0..<1500), holdout = data.slice(1500..<1797)
        var parameters = try MLPParameters.initial(widths: [64, 32, 10], seed: 1)
        let before = try parameters.evaluate(holdout)
        for start in stride(from: 0, to: 1500, by: 16) {
            let indices = (start..<min(start + 16, 1500)).map { ($0 * 7) % 1500 }
            parameters = try parameters.step(train.batch(indices), learningRate: 6554).updated
        }
        let after = try parameters.evaluate(holdout)
        XCTAssertEqual(after.examples, 297)
        XCTAssertLessThan(before.accuracy, 0.3)
        XCTAssertGreaterThan(after.accuracy, 0.7)
        XCTAssertLessThan(after.meanLoss, before.meanLoss)
    }
}

import XCTest

@testable import PoTTraining

final class TrainingConfigTests: XCTestCase {
    func testReadsAConfigAndKeepsItsBytes() throws {
        let text = #"{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 7}"#
        let config = try TrainingConfig(json: Array(text.utf8), name: "c.json")
        XCTAssertEqual(config.widths, [64, 32, 10])
        XCTAssertEqual(config.batchSize, 16)
        XCTAssertEqual(config.eta, 6554)  // round(0.1 · 2^16) = round(6553.6)
        XCTAssertEqual(config.initSeed, 7)
        XCTAssertEqual(config.trainExamples, 1500)
        XCTAssertEqual(config.json, Array(text.utf8))
    }

    func testBuiltConfigReadsBackEqual() throws {
        let built = try TrainingConfig(widths: [4, 3], batchSize: 2, learningRate: 0.25, initSeed: 3, trainExamples: 10)
        let read = try TrainingConfig(json: built.json, name: "c.json")
        XCTAssertEqual(read, built)
    }

    func testRejectsBadConfigsNamingFileAndReason() {
        func bad(_ text: String, _ reason: String, line: UInt = #line) {
            assertTrainingError(try TrainingConfig(json: Array(text.utf8), name: "c.json"), prefix: "c.json", reason: reason, line: line)
        }
        let rest = #""batch": 16, "learning_rate": 0.1, "init_seed": 1"#
        bad("[1]", "not a JSON object")
        bad("{", "not valid JSON")
        bad(#"{"layers": [64, 10], "#, "not valid JSON")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": 0.1}"#, "missing \"init_seed\"")
        bad(#"{"layers": [64, 10], "#  + rest + #", "epochs": 2}"#, "unknown key \"epochs\"")
        bad(#"{"layers": [64], "#  + rest + "}", "at least two widths")
        bad(#"{"layers": [64, 0, 10], "#  + rest + "}", "from 1 to 65536")
        bad(#"{"layers": [64, 1], "#  + rest + "}", "at least two classes")
        bad(#"{"layers": "64-10", "#  + rest + "}", "\"layers\" must be an array of widths")
        bad(#"{"layers": [64, 10.5], "#  + rest + "}", "\"layers\"[1] must be an integer")
        bad(#"{"layers": [64, true], "#  + rest + "}", "\"layers\"[1] must be an integer")
        bad(#"{"layers": [64, 10], "batch": 0, "learning_rate": 0.1, "init_seed": 1}"#, "\"batch\" must be from 1")
        bad(#"{"layers": [64, 10], "batch": "16", "learning_rate": 0.1, "init_seed": 1}"#, "\"batch\" must be an integer")
        bad(#"{"layers": [64, 10], "batch": 16.5, "learning_rate": 0.1, "init_seed": 1}"#, "\"batch\" must be an integer")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": 0, "init_seed": 1}"#, "it must be in (0, 1]")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": 1.5, "init_seed": 1}"#, "it must be in (0, 1]")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": 1e-9, "init_seed": 1}"#, "η = 0/2^16")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": "0.1", "init_seed": 1}"#, "must be a number")
        bad(#"{"layers": [64, 10], "batch": 16, "learning_rate": 0.1, "init_seed": -1}"#, "\"init_seed\" must be an integer from 0 to 2^53")
        bad(#"{"layers": [64, 10], "#  + rest + #", "train_examples": 0}"#, "at least 1")
        assertTrainingError(try TrainingConfig.load(path: "/nonexistent/c.json"), prefix: "/nonexistent/c.json", reason: "No such file or directory")
    }
}

import Foundation
import XCTest

@testable import PoTTraining

final class DigitsCSVTests: XCTestCase {
    static let goodLine = (0..<64).map { String($0 % 17) }.joined(separator: ",") + ",7"

    func testReadsTheRealFile() throws {
        let data = try DigitsCSV.load(path: RealDigits.path)
        XCTAssertEqual(data.count, 1797)
        XCTAssertEqual(data.inputs.columns, 64)
        // The first image of sklearn's digits is a 0 whose row 0 is 0,0,5,13,9,1,0,0.
        XCTAssertEqual(data.labels[0], 0)
        XCTAssertEqual(Array(data.inputs.row(0).prefix(8)), [0, 0, 5, 13, 9, 1, 0, 0].map { Int64($0) << 12 })
        XCTAssertEqual(data.labels.last, 8)
        XCTAssertEqual(Set(data.labels), Set(0..<10))
        XCTAssertTrue(data.inputs.values.allSatisfy { $0 >= 0 && $0 <= 1 << 16 })
    }

    func testParsesLinesWithAndWithoutAFinalNewline() throws {
        let one = try DigitsCSV.parse(Array((Self.goodLine + "\n" + Self.goodLine).utf8), name: "f.csv")
        let two = try DigitsCSV.parse(Array((Self.goodLine + "\n" + Self.goodLine + "\n").utf8), name: "f.csv")
        XCTAssertEqual(one, two)
        XCTAssertEqual(one.count, 2)
        XCTAssertEqual(one.inputs[1, 16], 16 << 12)
        XCTAssertEqual(one.labels, [7, 7])
    }

    func testRejectsMalformedFilesNamingFileAndLine() {
        func bad(_ text: String, _ reason: String, line: UInt = #line) {
            assertTrainingError(try DigitsCSV.parse(Array(text.utf8), name: "d.csv"), prefix: "d.csv", reason: reason, line: line)
        }
        let g = Self.goodLine
        bad("", "no examples")
        bad(g + "\n\n" + g, "d.csv:2: expected 65 comma-separated fields")
        bad(g + ",1\n", "d.csv:1: expected 65 comma-separated fields (64 pixels and a label), found 66")
        bad(g + "\n" + g.replacingOccurrences(of: ",7", with: ",10"), "d.csv:2: label is \"10\", not an integer 0…9")
        bad("17" + g.dropFirst(1), "d.csv:1: pixel 1 is \"17\", not an integer 0…16")
        bad("-0" + g.dropFirst(1), "pixel 1 is \"-0\"")
        bad(" 0" + g.dropFirst(1), "pixel 1 is \" 0\"")
        bad("1.0" + g.dropFirst(1), "pixel 1 is \"1.0\"")
        bad(g + "\r\n", "label is \"7\r\"")
        bad("0,,1" + g.dropFirst(5), "pixel 2 is \"\"")
        assertTrainingError(try DigitsCSV.load(path: "/nonexistent/digits.csv"), prefix: "/nonexistent/digits.csv",
                            reason: "No such file or directory")
    }
}

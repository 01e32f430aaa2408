import Foundation
import PoTBehaviour
import PoTSystem
import XCTest

/// The shipped bank in params/ and the generator over it.
final class PromptBankTests: XCTestCase {
    static let bankPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../params/prompt-bank.json").standardized.path

    private func seeds(_ count: Int) throws -> [[UInt8]] {
        let key = try ChallengeKey(bytes: Array(repeating: 7, count: 32))
        return (0..<count).map { ChallengeSeeds.seed(key: key, runID: "variety", index: $0) }
    }

    func testPromptsDependOnTheSeedAlone() throws {
        let a = try PromptBank.load(path: Self.bankPath), b = try PromptBank.load(path: Self.bankPath)
        for seed in try seeds(50) { XCTAssertEqual(a.prompt(seed: seed), b.prompt(seed: seed)) }
        let one = try seeds(2)
        XCTAssertNotEqual(a.prompt(seed: one[0]), a.prompt(seed: one[1]))
        XCTAssertFalse(a.prompt(seed: one[0]).contains("{"), "every slot is filled")
    }

    func testThePromptSpaceIsLargeAndEvenlyUsed() throws {
        let bank = try PromptBank.load(path: Self.bankPath)
        XCTAssertGreaterThan(bank.choiceCount, 1e8)
        XCTAssertGreaterThanOrEqual(bank.templates.count, 40)
        let prompts = try seeds(3000).map(bank.prompt)
        XCTAssertGreaterThanOrEqual(Set(prompts).count, 2990, "3000 seeds give almost only distinct prompts")
        // Each template and each suffix turns up: the generator does not favour a corner.
        for template in bank.templates {
            let head = String(template.prefix { $0 != "{" }.prefix(18))
            XCTAssertTrue(head.isEmpty || prompts.contains { $0.hasPrefix(head) }, "template never drawn: \(template)")
        }
        let suffixStarts = bank.suffixes.map { String($0.prefix { $0 != "{" }.prefix(12)) }
        for start in suffixStarts where !start.isEmpty {
            XCTAssertTrue(prompts.contains { $0.contains(start) }, "suffix never drawn: \(start)")
        }
        // Topics spread out: no entry of the largest slot takes more than 3× its fair share.
        let topics = bank.slots["topic"]!
        let hits = topics.map { t in prompts.filter { $0.contains(t) }.count }
        XCTAssertGreaterThan(hits.min()!, 0)
    }

    func testMalformedBanksAreRefusedWithTheReason() {
        func refuse(_ json: String, _ reason: String) {
            XCTAssertThrowsError(try PromptBank(data: Data(json.utf8), name: "bank.json")) { error in
                XCTAssertTrue("\(error)".contains("bank.json"), "\(error)")
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
        refuse(#"{"version": 1, "templates": ["{x}"], "suffixes": ["."], "slots": {}}"#, "{x}")
        refuse(#"{"version": 1, "templates": ["{x}"], "suffixes": ["."], "slots": {"x": []}}"#, "no entries")
        refuse(#"{"version": 1, "templates": ["{x}"], "suffixes": ["."], "slots": {"x": ["a", "a"]}}"#, "twice")
        refuse(#"{"version": 2, "templates": ["a"], "suffixes": ["."], "slots": {}}"#, "version")
        refuse(#"{"version": 1, "templates": [], "suffixes": ["."], "slots": {}}"#, "at least one")
        refuse("not json", "not a prompt bank")
    }

    func testTheBankHashIsThatOfTheFile() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.bankPath))
        XCTAssertEqual(try PromptBank.load(path: Self.bankPath).sha256, Hex.encode(SHA256.hash(Array(data))))
    }
}

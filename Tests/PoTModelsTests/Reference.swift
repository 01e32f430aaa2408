import Foundation
import PoTModels
import XCTest

/// A fixture written by scripts/reference: token ids, the reference's log-probability of every
/// next token, and its most likely next token at every position.
struct Reference: Decodable {
    /// The text the tokens encode, for fixtures of a model with a tokenizer.
    let text: String?
    let tokens: [Int32]
    let logprobs: [Double]
    let argmax: [Int32]
    /// The reference's five most likely next tokens at every position, as (token, ln p) pairs,
    /// in fixtures that have them.
    let top: [[[Double]]]?

    static func load(_ fixture: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.url(fixture)))
    }

    struct Agreement {
        /// Mean and largest |Δ log p| over the scored positions.
        let mean: Double, max: Double
        /// Fraction of positions where the most likely next token is the same.
        let top1: Double
        /// Where the most likely tokens differ, the largest log-probability margin by which the
        /// reference preferred its own token to the runner's (infinite when the runner's is not
        /// among the reference's five most likely); nil for fixtures without those five.
        let largestFlipMargin: Double?
    }

    /// Scores the fixture's tokens with `model` and measures how far they are from the reference.
    func compare(with model: LanguageModel, file: StaticString = #filePath, line: UInt = #line) throws -> Agreement {
        let scores = try model.logProbs(tokens)
        let distributions = try model.nextTokenLogProbs(tokens)
        XCTAssertEqual(scores.count, logprobs.count, file: file, line: line)
        // Both entry points run the same pass: the full distribution agrees with the scores.
        for (i, score) in scores.enumerated() {
            XCTAssertEqual(Double(distributions[i][Int(tokens[i + 1])]), score, accuracy: 1e-4, file: file, line: line)
        }
        let deltas = zip(scores, logprobs).map { abs($0 - $1) }
        let top1 = distributions.map { row in Int32(row.indices.max { row[$0] < row[$1] }!) }
        // How much the reference preferred its own choice wherever the runner chose otherwise.
        let flipMargins: [Double]? = top.map { top in
            zip(top1, argmax).enumerated().filter { $0.element.0 != $0.element.1 }.map { i, pair in
                let runnerChoice = top[i].first { Int32($0[0]) == pair.0 }
                return runnerChoice.map { top[i][0][1] - $0[1] } ?? .infinity
            }
        }
        let agreement = Agreement(
            mean: deltas.reduce(0, +) / Double(deltas.count), max: deltas.max() ?? 0,
            top1: Double(zip(top1, argmax).filter { $0 == $1 }.count) / Double(top1.count),
            largestFlipMargin: flipMargins.map { $0.max() ?? 0 })
        print("\(model.path) (\(model.products.rawValue) products): mean |Δ log p| = \(agreement.mean), max = \(agreement.max), top-1 = \(agreement.top1), largest flip margin = \(agreement.largestFlipMargin.map { "\($0)" } ?? "n/a")")
        return agreement
    }
}

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

    static func load(_ fixture: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.url(fixture)))
    }

    struct Agreement {
        /// Mean and largest |Δ log p| over the scored positions.
        let mean: Double, max: Double
        /// Fraction of positions where the most likely next token is the same.
        let top1: Double
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
        let agreement = Agreement(
            mean: deltas.reduce(0, +) / Double(deltas.count), max: deltas.max() ?? 0,
            top1: Double(zip(top1, argmax).filter { $0 == $1 }.count) / Double(top1.count))
        print("\(model.path) (\(model.products.rawValue) products): mean |Δ log p| = \(agreement.mean), max = \(agreement.max), top-1 = \(agreement.top1)")
        return agreement
    }
}

import Foundation
import PoTModels
import XCTest

/// The variants behind `pot demo`'s behavioural stage: a re-encoding must be another file that
/// computes exactly the same log-probabilities, a perturbed copy another file in the same
/// tensor types whose log-probabilities move; both must load.
final class GGUFVariantTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pot-variant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Tokens 1…20 of the tiny vocabulary; any sequence does, the models are random.
    private let tokens: [Int32] = Array(1...20)

    func testReencodingOfTheTinyModelScoresIdentically() throws {
        let source = Fixtures.url("tiny-llama.gguf").path, variant = path("reencoded.gguf")
        try GGUFVariant.writeReencoding(of: source, to: variant)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: source)), try Data(contentsOf: URL(fileURLWithPath: variant)))
        let (original, reencoded) = (try LanguageModel(path: source), try LanguageModel(path: variant))
        XCTAssertEqual(try reencoded.logProbs(tokens), try original.logProbs(tokens))
        XCTAssertEqual(reencoded.tensorGroups, original.tensorGroups)
    }

    func testPerturbedTinyModelScoresDifferentlyAndIsReproducible() throws {
        let source = Fixtures.url("tiny-llama.gguf").path
        let (first, again, other) = (path("a.gguf"), path("b.gguf"), path("c.gguf"))
        try GGUFVariant.writePerturbed(of: source, to: first, relativeNoise: 0.1, seed: 7)
        try GGUFVariant.writePerturbed(of: source, to: again, relativeNoise: 0.1, seed: 7)
        try GGUFVariant.writePerturbed(of: source, to: other, relativeNoise: 0.1, seed: 8)
        let bytes = try [first, again, other].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        XCTAssertEqual(bytes[0], bytes[1], "one seed, one file")
        XCTAssertNotEqual(bytes[0], bytes[2])

        let (original, perturbed) = (try LanguageModel(path: source), try LanguageModel(path: first))
        XCTAssertEqual(perturbed.tensorGroups, original.tensorGroups)
        let moved = zip(try perturbed.logProbs(tokens), try original.logProbs(tokens)).map { abs($0 - $1) }.max()!
        // 10 % noise on every feed-forward matrix of a random two-layer model moves some
        // log-probability by far more than float rounding (which is 0 here: same kernels).
        XCTAssertGreaterThan(moved, 1e-3)
    }

    /// The quantized path (dequantize, noise, re-quantize to Q4_1) on one matrix of the real
    /// test model: the file keeps every tensor's type and its scores move.
    func testPerturbedTestModelKeepsItsQuantizedTypes() throws {
        let variant = path("smollm2-perturbed.gguf")
        try GGUFVariant.writePerturbed(of: TestModel.path, to: variant, relativeNoise: 0.1, seed: 1) { $0 == "blk.0.ffn_up.weight" }
        let original = try TestModel.model()
        let perturbed = try LanguageModel(path: variant, contextLength: 512, threads: 2)
        XCTAssertEqual(perturbed.tensorGroups, original.tensorGroups)
        let text = try original.tokenizer().encode("The capital of France is Paris.")
        XCTAssertNotEqual(try perturbed.logProbs(text), try original.logProbs(text))
    }

    func testRefusals() throws {
        let source = Fixtures.url("tiny-llama.gguf").path
        XCTAssertThrowsError(try GGUFVariant.writePerturbed(of: source, to: path("x.gguf"), relativeNoise: 0, seed: 1)) {
            XCTAssertTrue("\($0)".contains("must be positive"), "\($0)")
        }
        XCTAssertThrowsError(try GGUFVariant.writeReencoding(of: path("missing.gguf"), to: path("y.gguf"))) {
            XCTAssertTrue("\($0)".contains("missing.gguf"), "\($0)")
        }
        XCTAssertThrowsError(try GGUFVariant.writeReencoding(of: source, to: directory.path + "/no/such/dir/z.gguf")) {
            XCTAssertTrue("\($0)".contains("cannot write"), "\($0)")
        }
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

import Foundation
import PoTBehaviour
import PoTModels

/// The fixture models of Tests/PoTModelsTests/Fixtures: random llamas written by
/// scripts/reference/, small enough that a whole run takes a fraction of a second.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../PoTModelsTests/Fixtures").standardized.path
    /// A 2-layer llama with a byte-only SentencePiece vocabulary (scripts/reference/tiny_byte_model.py).
    static let tinyBytes = directory + "/tiny-bytes.gguf"
    /// A copy of ``tinyBytes`` with the last byte of its last tensor changed: a model that
    /// runs like the committed one but is another file.
    static let perturbedBytes: String = {
        var bytes = FileManager.default.contents(atPath: tinyBytes)!
        bytes[bytes.count - 1] ^= 1
        let path = NSTemporaryDirectory() + "pot-perturbed-\(UUID().uuidString).gguf"
        precondition(FileManager.default.createFile(atPath: path, contents: bytes), "cannot write \(path)")
        return path
    }()

    static func load(_ path: String, products: MatrixProducts = .automatic) throws -> LanguageModel {
        try LanguageModel(path: path, contextLength: 512, threads: 1, products: products)
    }
}

/// A finished run and everything its verifier may hold.
struct RecordedRun {
    let lines: [String]
    let secret: AuditorSecret
    let commitment: ChallengeCommitment
    let contribution: Contribution
    let scorer: ChallengeScorer
    let roots: (reference: String, candidate: String)

    /// α = 0.2, γ = 0.5, δ = 0.6 and n_max = 12 are far from any real setting; they only make a
    /// decision cheap.
    static let cheap = SequentialParameters(alpha: 0.2, gamma: 0.5, delta: 0.6, maxQueries: 12)

    static func make(reference: String, candidate: String, scorer: ChallengeScorer, bank: PromptBank,
                     sequential: SequentialParameters = cheap, runID: String = "recorded-run") throws -> RecordedRun {
        let roots = (try ModelRoot.of(path: reference, threads: 1), try ModelRoot.of(path: candidate, threads: 1))
        let parameters = try BehaviourParameters(
            mode: BehaviourParameters.custom, sequential: sequential, continuationTokens: scorer.continuationTokens,
            promptBankSHA256: bank.sha256, scoringMethod: scorer.method, products: scorer.products, referenceRoot: roots.0,
            candidateRoot: roots.1, contributionSource: "nonce of the candidate's owner")
        let secret = AuditorSecret.random()
        let commitment = ChallengeCommitment(secret: secret, runID: runID, parameters: parameters)
        let contribution = Contribution.nonce()
        var lines: [String] = []
        _ = try BehaviourRun(secret: secret, commitment: commitment, contribution: contribution, bank: bank, scorer: scorer,
                             modelRoots: roots)
            .run(tool: "test", emit: { lines.append($0) })
        return RecordedRun(lines: lines, secret: secret, commitment: commitment, contribution: contribution, scorer: scorer, roots: roots)
    }

    /// Every input a verifier can hold, the honest ones.
    var everything: VerificationInputs {
        VerificationInputs(published: commitment, contribution: contribution, secret: secret, modelRoots: roots, scorer: scorer)
    }
}

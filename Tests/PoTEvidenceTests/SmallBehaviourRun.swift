import Foundation
import PoTBehaviour
import PoTEvidence
import PoTHashing
import PoTModels
import PoTSystem

/// A finished behavioural run between the random 2-layer llama of
/// Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf and a copy with one byte changed, with cheap
/// thresholds (α = 0.2, γ = 0.5, δ = 0.6, n_max = 12, K = 4): every file it publishes, as bytes.
struct SmallBehaviourRun {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let reference = root + "/Tests/PoTModelsTests/Fixtures/tiny-bytes.gguf"
    static let candidate: String = {
        var bytes = FileManager.default.contents(atPath: reference)!
        bytes[bytes.count - 1] ^= 1
        let path = NSTemporaryDirectory() + "pot-evidence-candidate-\(getpid()).gguf"
        precondition(FileManager.default.createFile(atPath: path, contents: bytes))
        return path
    }()

    let bank: [UInt8]
    let commitment: [UInt8]
    let contribution: [UInt8]
    let transcript: [UInt8]
    let reveal: [UInt8]
    let referenceDocument: [UInt8]
    let candidateDocument: [UInt8]
    let published: ChallengeCommitment

    static let shared = try! SmallBehaviourRun(runID: "bundle-test")

    init(runID: String) throws {
        let bankPath = Self.root + "/params/prompt-bank.json"
        bank = [UInt8](FileManager.default.contents(atPath: bankPath)!)
        let promptBank = try PromptBank.load(path: bankPath)
        func load(_ path: String) throws -> LanguageModel { try LanguageModel(path: path, contextLength: 512, threads: 1, products: .ggml) }
        let scorer = try ChallengeScorer(reference: load(Self.reference), candidate: load(Self.candidate), continuationTokens: 4)
        let roots = (try ModelRoot.of(path: Self.reference, threads: 1), try ModelRoot.of(path: Self.candidate, threads: 1))
        let parameters = try BehaviourParameters(
            mode: BehaviourParameters.custom, sequential: SequentialParameters(alpha: 0.2, gamma: 0.5, delta: 0.6, maxQueries: 12),
            continuationTokens: 4, promptBankSHA256: promptBank.sha256, scoringMethod: scorer.method, products: scorer.products,
            referenceRoot: roots.0, candidateRoot: roots.1, contributionSource: "nonce of the candidate's owner")
        let secret = AuditorSecret.random()
        published = ChallengeCommitment(secret: secret, runID: runID, parameters: parameters)
        let nonce = Contribution.nonce()
        var lines: [String] = []
        _ = try BehaviourRun(secret: secret, commitment: published, contribution: nonce, bank: promptBank, scorer: scorer, modelRoots: roots)
            .run(tool: "test", emit: { lines.append($0) })
        func bytes(_ line: String) -> [UInt8] { Array((line + "\n").utf8) }
        commitment = bytes(TranscriptJSON.line(CommitmentRecord(published)))
        contribution = bytes(TranscriptJSON.line(ContributionRecord(commitment: published, contribution: nonce)))
        transcript = Array(lines.map { $0 + "\n" }.joined().utf8)
        reveal = bytes(TranscriptJSON.line(KeyReveal(runId: runID, commitment: Hex.encode(published.value), secret: secret.hex)))
        func document(_ path: String) throws -> [UInt8] {
            Array(try ModelCommitment(layout: ModelLayout.open(path: path), threads: 1, tool: "test").json.utf8)
        }
        referenceDocument = try document(Self.reference)
        candidateDocument = try document(Self.candidate)
    }

    var names: (bank: String, commitment: String, contribution: String, transcript: String, reveal: String) {
        ("bank.json", "commitment.json", "contribution.json", "run.ndjson", "reveal.json")
    }

    /// The bundle of the run: both commitment documents and the five published files.
    func bundle(transcript: [UInt8]? = nil) throws -> EvidenceBundle {
        var builder = BundleBuilder()
        try builder.addModel(commitment: referenceDocument, role: .reference, name: "reference.json")
        try builder.addModel(commitment: candidateDocument, role: .candidate, name: "candidate.json")
        try builder.addBehaviour(bank: bank, commitment: commitment, contribution: contribution, transcript: transcript ?? self.transcript,
                                 reveal: reveal, names: names)
        return try builder.build()
    }
}

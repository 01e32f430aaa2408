import Foundation
import PoTBehaviour
import PoTEvidence
import PoTHashing
import PoTModels
import PoTServe
import PoTSystem
import XCTest

/// A finished endpoint audit: the tiny fixture llama of ``SmallBehaviourRun`` served by
/// `pot serve`'s `CompletionServer` on a loopback port as the candidate (model name "tiny",
/// k = 5), the same file loaded locally as the reference, with that run's cheap thresholds;
/// every file it publishes, as bytes, and the reference's commitment document.
struct SmallEndpointRun: Sendable {
    let bank: [UInt8]
    let commitment: [UInt8]
    let contribution: [UInt8]
    let transcript: [UInt8]
    let reveal: [UInt8]
    let referenceDocument: [UInt8]
    let published: ChallengeCommitment
    /// The endpoint as the transcript header records it.
    let endpoint: EndpointRecord

    private static let made = Made()

    /// The run, made once per test process.
    static func shared() async throws -> SmallEndpointRun {
        if let run = made.run { return run }
        let run = try await make()
        made.run = run
        return run
    }

    private final class Made: @unchecked Sendable {
        var run: SmallEndpointRun?
    }

    private static func make() async throws -> SmallEndpointRun {
        let reference = SmallBehaviourRun.reference
        let served = try ServedModel(path: reference, name: "tiny", threads: 1, products: .ggml, contextLength: 512)
        let server = CompletionServer(served: served, limits: ServeLimits(maxTopK: 20, maxTokens: 64))
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { listening.finish() }
            try await server.run(host: "127.0.0.1", port: 0, signals: false) { listening.yield($0) }
        }
        var port: Int?
        for await p in ports {
            port = p
            break
        }
        guard let port else {
            try await task.value
            throw XCTSkip("the server stopped without an error before listening")
        }
        // The audit blocks on HTTP; it runs on a thread of its own, off the concurrency pool the server may use.
        let result: Result<SmallEndpointRun, any Error> = await withCheckedContinuation { done in
            Thread { done.resume(returning: Result { try audit(url: "http://127.0.0.1:\(port)") }) }.start()
        }
        task.cancel()
        _ = await task.result
        return try result.get()
    }

    private static func audit(url: String) throws -> SmallEndpointRun {
        let reference = SmallBehaviourRun.reference
        let bankPath = SmallBehaviourRun.root + "/params/prompt-bank.json"
        let bank = [UInt8](FileManager.default.contents(atPath: bankPath)!)
        let promptBank = try PromptBank.load(path: bankPath)
        let settings = try EndpointSettings(url: url, model: "tiny", topK: 5, timeout: 60, retries: 1, backoff: 0.01)
        let endpoint = settings.record(role: .candidate)
        let local = try ScoringModel(model: LanguageModel(path: reference, contextLength: 512, threads: 1, products: .ggml), continuationTokens: 4)
        let root = try ModelRoot.of(path: reference, threads: 1)
        let parameters = try BehaviourParameters(
            mode: BehaviourParameters.custom, sequential: SequentialParameters(alpha: 0.2, gamma: 0.5, delta: 0.6, maxQueries: 12),
            continuationTokens: 4, promptBankSHA256: promptBank.sha256, scoringMethod: .topKTotalVariation, products: local.model.products,
            referenceRoot: root, candidateRoot: endpoint.identity, contributionSource: "nonce of the candidate's owner")
        let secret = AuditorSecret.random()
        let published = ChallengeCommitment(secret: secret, runID: "endpoint-bundle-test", parameters: parameters)
        let nonce = Contribution.nonce()
        let scorer = EndpointScorer(local: local, client: try EndpointClient(settings: settings), role: .candidate)
        var lines: [String] = []
        _ = try BehaviourRun(secret: secret, commitment: published, contribution: nonce, bank: promptBank, scorer: scorer,
                             modelRoots: (root, endpoint.identity))
            .run(tool: "test", emit: { lines.append($0) })
        func bytes(_ line: String) -> [UInt8] { Array((line + "\n").utf8) }
        return SmallEndpointRun(
            bank: bank, commitment: bytes(TranscriptJSON.line(CommitmentRecord(published))),
            contribution: bytes(TranscriptJSON.line(ContributionRecord(commitment: published, contribution: nonce))),
            transcript: Array(lines.map { $0 + "\n" }.joined().utf8),
            reveal: bytes(TranscriptJSON.line(KeyReveal(runId: "endpoint-bundle-test", commitment: Hex.encode(published.value), secret: secret.hex))),
            referenceDocument: Array(try ModelCommitment(layout: ModelLayout.open(path: reference), threads: 1, tool: "test").json.utf8),
            published: published, endpoint: endpoint)
    }

    /// The bundle of the run: the reference's commitment document and the five published files.
    func bundle() throws -> EvidenceBundle {
        var builder = BundleBuilder()
        try builder.addModel(commitment: referenceDocument, role: .reference, name: "reference.json")
        try builder.addBehaviour(bank: bank, commitment: commitment, contribution: contribution, transcript: transcript, reveal: reveal,
                                 names: ("bank.json", "commitment.json", "contribution.json", "run.ndjson", "reveal.json"))
        return try builder.build()
    }
}

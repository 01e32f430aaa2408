import Foundation
import PoTModels
import PoTSystem

/// One behavioural audit: challenges derived from the key, scored by a ``ChallengeSource``, fed to the
/// sequential test until it decides, with every step written as a transcript line.
public struct BehaviourRun {
    public let commitment: ChallengeCommitment
    public let contribution: Contribution
    public let bank: PromptBank
    public let scorer: any ChallengeSource
    private let challenges: Challenges

    /// - Parameters:
    ///   - modelRoots: the model roots of the files `scorer` runs, which must be the committed ones.
    /// - Throws: ``BehaviourError/badCommitment(_:)`` if `secret` does not open `commitment`,
    ///   or the bank, the models, the scoring method, the products or K are not the committed ones.
    public init(secret: AuditorSecret, commitment: ChallengeCommitment, contribution: Contribution, bank: PromptBank,
                scorer: any ChallengeSource, modelRoots: (reference: String, candidate: String)) throws(BehaviourError) {
        try Self.checkOpening(secret: secret, commitment: commitment, bank: bank, modelRoots: modelRoots)
        try Self.checkScoring(commitment: commitment, method: scorer.method, products: scorer.products,
                              continuationTokens: scorer.continuationTokens)
        self.commitment = commitment
        self.contribution = contribution
        self.bank = bank
        self.scorer = scorer
        challenges = Challenges(secret: secret, commitment: commitment, contribution: contribution, bank: bank)
    }

    /// The secret opens the commitment, which names this bank and these model roots.
    static func checkOpening(secret: AuditorSecret, commitment: ChallengeCommitment, bank: PromptBank,
                             modelRoots: (reference: String, candidate: String)) throws(BehaviourError) {
        let p = commitment.parameters
        guard commitment.isOpened(by: secret) else { throw .badCommitment("the secret does not open the commitment") }
        guard p.promptBankSHA256 == bank.sha256 else {
            throw .badCommitment("the commitment is to prompt bank \(p.promptBankSHA256), not \(bank.sha256)")
        }
        guard p.referenceRoot == modelRoots.reference else {
            throw .badCommitment("the reference has model root \(modelRoots.reference); the commitment names \(p.referenceRoot)")
        }
        guard p.candidateRoot == modelRoots.candidate else {
            throw .badCommitment("the candidate has model root \(modelRoots.candidate); the commitment names \(p.candidateRoot)")
        }
    }

    /// The scoring method, products and K are the committed ones.
    static func checkScoring(commitment: ChallengeCommitment, method: ScoringMethod, products: MatrixProducts,
                             continuationTokens: Int) throws(BehaviourError) {
        let p = commitment.parameters
        guard p.scoringMethod == method else {
            throw .badCommitment("the commitment fixes the \(p.scoringMethod.rawValue) score, these models call for \(method.rawValue)")
        }
        guard p.products == products else {
            throw .badCommitment("the commitment fixes the \(p.products.rawValue) products, the models run \(products.rawValue)")
        }
        guard p.continuationTokens == continuationTokens else {
            throw .badCommitment("the commitment fixes K = \(p.continuationTokens), the scorer uses \(continuationTokens)")
        }
    }

    /// Runs to a decision. `emit` receives each transcript line (header, one per challenge,
    /// decision) as soon as it exists; `progress` sees the ledger after every challenge.
    /// Neither the secret nor the key is part of any line. The decision's `seconds` count from
    /// `start`: the reference pass of ``OneModelAtATime`` belongs to the run's time.
    public func run(tool: String, emit: (String) throws -> Void, progress: (ScoreLedger) -> Void = { _ in },
                    start: ContinuousClock.Instant = .now) throws -> DecisionRecord {
        try emit(TranscriptJSON.line(TranscriptHeader(tool: tool, commitment: commitment, contribution: contribution,
                                                      endpoint: scorer.endpoint)))
        var ledger = ScoreLedger(parameters: commitment.parameters.sequential)
        var index = 0
        while ledger.decision == nil {
            let seed = challenges.seed(index), prompt = bank.prompt(seed: seed)
            let scored: ScoredChallenge
            do {
                scored = try scorer.score(index: index, prompt: prompt)
                do { try ledger.observe(scored.score) } catch { throw BehaviourError.scoring("\(error)") }
            } catch {
                // The transcript says where and why the run stopped; it records no score for it.
                let message = "challenge \(index): \(error)"
                try emit(TranscriptJSON.line(ErrorRecord(index: index, error: message)))
                throw BehaviourError.scoring(message)
            }
            let record = ChallengeRecord(
                index: index, seed: Hex.encode(seed), promptSha256: Hex.encode(SHA256.hash(Array(prompt.utf8))),
                promptTokens: scored.promptTokens, continuation: scored.continuation,
                continuationText: scored.continuationText, candidateText: scored.candidateText, score: scored.score,
                n: ledger.count, mean: ledger.mean, lower: ledger.lower, upper: ledger.upper, endpoint: scored.endpoint)
            try emit(TranscriptJSON.line(record))
            progress(ledger)
            index += 1
        }
        let decision = DecisionRecord(decision: ledger.decision!.rawValue, n: ledger.count, mean: ledger.mean,
                                      lower: ledger.lower, upper: ledger.upper, seconds: (ContinuousClock.now - start).seconds)
        try emit(TranscriptJSON.line(decision))
        return decision
    }
}

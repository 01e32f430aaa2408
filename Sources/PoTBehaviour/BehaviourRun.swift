import Foundation
import PoTSystem

/// One behavioural audit: challenges derived from the key, scored on both models, fed to the
/// sequential test until it decides, with every step written as a transcript line.
public struct BehaviourRun {
    public let commitment: ChallengeCommitment
    public let contribution: Contribution
    public let bank: PromptBank
    public let scorer: ChallengeScorer
    private let key: ChallengeKey

    /// - Parameters:
    ///   - modelRoots: the model roots of the files `scorer` runs, which must be the committed ones.
    /// - Throws: ``BehaviourError/badCommitment(_:)`` if `secret` does not open `commitment`,
    ///   or the bank, the models, the scoring method, the products or K are not the committed ones.
    public init(secret: AuditorSecret, commitment: ChallengeCommitment, contribution: Contribution, bank: PromptBank,
                scorer: ChallengeScorer, modelRoots: (reference: String, candidate: String)) throws(BehaviourError) {
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
        guard p.scoringMethod == scorer.method else {
            throw .badCommitment("the commitment fixes the \(p.scoringMethod.rawValue) score, these models call for \(scorer.method.rawValue)")
        }
        guard p.products == scorer.products else {
            throw .badCommitment("the commitment fixes the \(p.products.rawValue) products, the models run \(scorer.products.rawValue)")
        }
        guard p.continuationTokens == scorer.continuationTokens else {
            throw .badCommitment("the commitment fixes K = \(p.continuationTokens), the scorer uses \(scorer.continuationTokens)")
        }
        self.commitment = commitment
        self.contribution = contribution
        self.bank = bank
        self.scorer = scorer
        key = ChallengeKey(secret: secret, commitment: commitment, contribution: contribution)
    }

    /// Runs to a decision. `emit` receives each transcript line (header, one per challenge,
    /// decision) as soon as it exists; `progress` sees the ledger after every challenge.
    /// Neither the secret nor the key is part of any line.
    public func run(tool: String, emit: (String) throws -> Void, progress: (ScoreLedger) -> Void = { _ in }) throws -> DecisionRecord {
        let start = ContinuousClock.now
        try emit(TranscriptJSON.line(TranscriptHeader(tool: tool, commitment: commitment, contribution: contribution)))
        var ledger = ScoreLedger(parameters: commitment.parameters.sequential)
        var index = 0
        while ledger.decision == nil {
            let seed = ChallengeSeeds.seed(key: key, runID: commitment.runID, index: index)
            let prompt = bank.prompt(seed: seed)
            let scored = try scorer.score(prompt: prompt)
            do { try ledger.observe(scored.score) } catch {
                throw BehaviourError.scoring("challenge \(index): \(error)")
            }
            let record = ChallengeRecord(
                index: index, seed: Hex.encode(seed), promptSha256: Hex.encode(SHA256.hash(Array(prompt.utf8))),
                promptTokens: scored.promptTokens, continuation: scored.continuation,
                continuationText: scored.continuationText, candidateText: scored.candidateText, score: scored.score,
                n: ledger.count, mean: ledger.mean, lower: ledger.lower, upper: ledger.upper)
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

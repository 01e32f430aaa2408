import Foundation
import PoTSystem

/// One behavioural audit: challenges derived from the key, scored on both models, fed to the
/// sequential test until it decides, with every step written as a transcript line.
public struct BehaviourRun {
    public let key: ChallengeKey
    public let commitment: ChallengeCommitment
    public let bank: PromptBank
    public let scorer: ChallengeScorer

    /// - Throws: ``BehaviourError/badCommitment(_:)`` if `key` does not open `commitment`, the
    ///   bank is not the committed one, or K differs from the scorer's.
    public init(key: ChallengeKey, commitment: ChallengeCommitment, bank: PromptBank, scorer: ChallengeScorer) throws(BehaviourError) {
        guard commitment.isOpened(by: key) else { throw .badCommitment("the key does not open the commitment") }
        guard commitment.parameters.promptBankSHA256 == bank.sha256 else {
            throw .badCommitment("the commitment is to prompt bank \(commitment.parameters.promptBankSHA256), not \(bank.sha256)")
        }
        guard commitment.parameters.continuationTokens == scorer.continuationTokens else {
            throw .badCommitment("the commitment fixes K = \(commitment.parameters.continuationTokens), the scorer uses \(scorer.continuationTokens)")
        }
        self.key = key
        self.commitment = commitment
        self.bank = bank
        self.scorer = scorer
    }

    /// Runs to a decision. `emit` receives each transcript line (header, one per challenge,
    /// decision) as soon as it exists; `progress` sees the ledger after every challenge.
    /// The key itself is never part of any line.
    public func run(tool: String, reference: ModelIdentity, candidate: ModelIdentity,
                    emit: (String) throws -> Void, progress: (ScoreLedger) -> Void = { _ in }) throws -> DecisionRecord {
        let start = ContinuousClock.now
        let header = TranscriptHeader(tool: tool, commitment: commitment, method: scorer.method,
                                      reference: reference, candidate: candidate, products: scorer.products)
        try emit(TranscriptJSON.line(header))
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

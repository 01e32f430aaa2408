import Foundation
import PoTModels
import PoTSystem

/// A local audit that holds one model at a time: the reference answers the first n_max
/// challenges (the most the sequential test can ask) into a file of reference outputs
/// (``ReferenceOutputsFile``), is unloaded, and only then is the candidate loaded and scored
/// against that file until the test decides. Peak memory is about the larger model rather than
/// the sum, at the price of the reference answering up to n_max challenges instead of n, and of
/// the file (n_max × K × V × 4 bytes for the distribution score).
///
/// Every challenge runs the same code on the same inputs as with both models loaded
/// (``ChallengeScorer``), so transcripts and decisions are the same bytes but for `seconds`.
public struct OneModelAtATime {
    public let commitment: ChallengeCommitment
    public let contribution: Contribution
    public let bank: PromptBank
    private let secret: AuditorSecret
    private let modelRoots: (reference: String, candidate: String)

    /// - Throws: ``BehaviourError/badCommitment(_:)`` if `secret` does not open `commitment`, or
    ///   the bank or the model roots are not the committed ones; nothing is loaded before this.
    public init(secret: AuditorSecret, commitment: ChallengeCommitment, contribution: Contribution, bank: PromptBank,
                modelRoots: (reference: String, candidate: String)) throws(BehaviourError) {
        try BehaviourRun.checkOpening(secret: secret, commitment: commitment, bank: bank, modelRoots: modelRoots)
        self.secret = secret
        self.commitment = commitment
        self.contribution = contribution
        self.bank = bank
        self.modelRoots = modelRoots
    }

    /// The most bytes the file of reference outputs takes for a reference whose output has
    /// `vocabularySize` rows: n_max records of K rows, plus a generous allowance for tokens and text.
    public func referenceOutputsBound(vocabularySize: Int) -> Int {
        let p = commitment.parameters
        let rows = p.scoringMethod == .meanTotalVariation ? p.continuationTokens * vocabularySize * 4 : 0
        return p.sequential.maxQueries * (rows + 64 * 1024)
    }

    /// The reference pass: writes the reference's outputs for challenges 0..<n_max to a new
    /// file at `path` (an existing one is refused). `candidateVocabulary` decides the score, as it
    /// would with both loaded; the method, products and K are checked against the commitment
    /// before anything is written. `progress` sees the count written after each challenge.
    public func scoreReference(_ reference: ReferenceScorer, candidateVocabulary: VocabularyIdentity, to path: String,
                               progress: (Int) -> Void = { _ in }) throws(BehaviourError) {
        let method = try checkedMethod(reference, candidateVocabulary)
        try scoreReference(reference, method: method, into: ScratchFile.create(path: path), progress: progress)
    }

    /// The candidate pass: runs the test to a decision with `candidate` against the reference
    /// outputs at `path`, which must have been written for this run. `emit` and `progress` are
    /// as in ``BehaviourRun/run(tool:emit:progress:start:)``; the decision's wall time counts
    /// from `start`, which the caller sets before the reference pass.
    public func run(tool: String, candidate: CandidateScorer, referenceOutputs path: String, emit: (String) throws -> Void,
                    progress: (ScoreLedger) -> Void = { _ in }, start: ContinuousClock.Instant = .now) throws -> DecisionRecord {
        try run(tool: tool, candidate: candidate, referenceOutputs: ScratchFile.existing(path: path), emit: emit,
                progress: progress, start: start)
    }

    func checkedMethod(_ reference: ReferenceScorer, _ candidateVocabulary: VocabularyIdentity) throws(BehaviourError) -> ScoringMethod {
        let method = VocabularyIdentity.method(reference: reference.vocabulary, candidate: candidateVocabulary)
        try BehaviourRun.checkScoring(commitment: commitment, method: method, products: reference.model.products,
                                      continuationTokens: reference.continuationTokens)
        return method
    }

    func scoreReference(_ reference: ReferenceScorer, method: ScoringMethod, into file: ScratchFile,
                        progress: (Int) -> Void) throws(BehaviourError) {
        let writer = try ReferenceOutputsFile.Writer(
            file: file, header: header(reference: reference.model.path, vocabulary: reference.vocabulary))
        let challenges = Challenges(secret: secret, commitment: commitment, contribution: contribution, bank: bank)
        for index in 0..<commitment.parameters.sequential.maxQueries {
            let prompt = challenges.prompt(index)
            let output: ReferenceOutput
            do { output = try reference.output(prompt: prompt, method: method) } catch {
                throw .scoring("challenge \(index): \(error)")
            }
            try writer.append(output, index: index, promptSHA256: SHA256.hash(Array(prompt.utf8)))
            progress(index + 1)
        }
    }

    func run(tool: String, candidate: CandidateScorer, referenceOutputs file: ScratchFile, emit: (String) throws -> Void,
             progress: (ScoreLedger) -> Void, start: ContinuousClock.Instant) throws -> DecisionRecord {
        let expected = header(reference: "", vocabulary: candidate.vocabulary)
        let source = CachedReferenceSource(candidate: candidate, reader: try ReferenceOutputsFile.Reader(file: file, expected: expected))
        let run = try BehaviourRun(secret: secret, commitment: commitment, contribution: contribution, bank: bank,
                                   scorer: source, modelRoots: modelRoots)
        return try run.run(tool: tool, emit: emit, progress: progress, start: start)
    }

    private func header(reference: String, vocabulary: VocabularyIdentity) -> ReferenceOutputsHeader {
        let p = commitment.parameters
        return ReferenceOutputsHeader(
            commitment: Hex.encode(commitment.value), contribution: contribution.hex, reference: reference,
            scoreMethod: p.scoringMethod.rawValue, products: p.products.rawValue, continuationTokens: p.continuationTokens,
            vocabularySize: vocabulary.size, vocabularySha256: vocabulary.sha256, challenges: p.sequential.maxQueries)
    }
}

/// The candidate scored against recorded reference outputs, read in the order the run asks.
final class CachedReferenceSource: ChallengeSource {
    let candidate: CandidateScorer
    let reader: ReferenceOutputsFile.Reader
    let method: ScoringMethod

    init(candidate: CandidateScorer, reader: ReferenceOutputsFile.Reader) {
        self.candidate = candidate
        self.reader = reader
        let h = reader.header
        method = VocabularyIdentity.method(reference: VocabularyIdentity(size: h.vocabularySize, sha256: h.vocabularySha256),
                                           candidate: candidate.vocabulary)
    }

    /// The candidate's. The reference's were the committed ones: the reference pass refused
    /// others, and the reader refused a file whose header names others.
    var products: MatrixProducts { candidate.model.products }
    var continuationTokens: Int { candidate.continuationTokens }

    func score(index: Int, prompt: String) throws(BehaviourError) -> ScoredChallenge {
        let output = try reader.read(index: index, promptSHA256: SHA256.hash(Array(prompt.utf8)))
        return try candidate.score(prompt: prompt, reference: output, method: method, referencePath: reader.header.reference)
    }
}

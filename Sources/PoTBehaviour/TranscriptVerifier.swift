import PoTModels
import PoTSystem

/// What a transcript check established.
public struct TranscriptVerification: Sendable {
    public let header: TranscriptHeader
    public let decision: DecisionRecord
    /// Whether seeds were re-derived from the key and the commitment opened.
    public let keyChecked: Bool
    /// Challenges re-run on the models and found to match.
    public let rescored: [Int]
}

/// Re-checks a behavioural transcript.
///
/// Always: the structure (header, challenges numbered 0, 1, … without gaps, one decision line
/// last), every prompt hash against the prompt its seed generates from the committed bank, and
/// the running state and decision recomputed from the scores alone — so a changed score, a
/// dropped or moved challenge, or a decision that does not follow is rejected. With the key:
/// every seed is re-derived and the commitment must open, which catches a transcript rebuilt
/// around chosen seeds. With the models: the sampled challenges are scored again and must
/// match, which catches scores rewritten consistently with everything else.
public enum TranscriptVerifier {
    /// Largest difference between a recorded and a recomputed score that counts as equal;
    /// reruns on one machine agree exactly, this only absorbs float summation order.
    public static let scoreTolerance = 1e-4

    /// - Parameters:
    ///   - lines: the transcript's non-empty lines.
    ///   - bank: the prompt bank; its hash must be the committed one.
    ///   - key: the revealed key, if any.
    ///   - scorer: the two models, if they are to be re-run; `rescore` picks which challenges.
    public static func verify(
        lines: [String], bank: PromptBank, key: ChallengeKey? = nil,
        scorer: ChallengeScorer? = nil, rescore: (Int) -> [Int] = { Array(0..<$0) }
    ) throws(BehaviourError) -> TranscriptVerification {
        guard let first = lines.first, TranscriptJSON.recordType(first) == "header",
              let header = TranscriptJSON.decode(TranscriptHeader.self, from: first) else {
            throw .rejected("line 1 is not a transcript header")
        }
        guard header.format == TranscriptHeader.formatName else {
            throw .rejected("line 1: unknown format \"\(header.format)\"")
        }
        let commitment: ChallengeCommitment
        do { commitment = try header.commitment.parsed() } catch { throw .rejected("line 1: \(error)") }
        guard commitment.parameters.promptBankSHA256 == bank.sha256 else {
            throw .rejected("the transcript used prompt bank \(commitment.parameters.promptBankSHA256), the bank given has \(bank.sha256)")
        }
        var keyChecked = false
        if let key {
            guard commitment.isOpened(by: key) else {
                throw .rejected("the key does not open the commitment (wrong key, or the run id, parameters or salt were changed)")
            }
            keyChecked = true
        }

        var ledger = ScoreLedger(parameters: commitment.parameters.sequential)
        /// Whether a line's running figures are the ledger's after the scores so far.
        func follows(_ n: Int, _ mean: Double, _ lower: Double?, _ upper: Double?) -> Bool {
            n == ledger.count && close(mean, ledger.mean) && same(lower, ledger.lower) && same(upper, ledger.upper)
        }
        var challenges: [ChallengeRecord] = []
        var decision: DecisionRecord?
        for (offset, line) in lines.enumerated().dropFirst() {
            let place = "line \(offset + 1)"
            if decision != nil { throw .rejected("\(place): content after the decision line") }
            switch TranscriptJSON.recordType(line) {
            case "challenge":
                guard let record = TranscriptJSON.decode(ChallengeRecord.self, from: line) else {
                    throw .rejected("\(place): malformed challenge record")
                }
                try check(record, at: place, expected: challenges.count, runID: commitment.runID, bank: bank, key: key)
                if let reached = ledger.decision {
                    throw .rejected("\(place): challenge \(record.index) comes after the test already decided \(reached.rawValue) at n = \(ledger.count)")
                }
                do { try ledger.observe(record.score) } catch {
                    throw .rejected("\(place): challenge \(record.index): score \(record.score) is not in [0, 1]")
                }
                guard follows(record.n, record.mean, record.lower, record.upper) else {
                    throw .rejected("\(place): challenge \(record.index): the running n/mean/bounds do not follow from the scores so far (recomputed n \(ledger.count), mean \(ledger.mean))")
                }
                challenges.append(record)
            case "decision":
                guard let record = TranscriptJSON.decode(DecisionRecord.self, from: line) else {
                    throw .rejected("\(place): malformed decision record")
                }
                guard let reached = ledger.decision else {
                    throw .rejected("\(place): the transcript claims \(record.decision) after \(ledger.count) challenges, but the scores reach no decision yet (a challenge was dropped?)")
                }
                guard record.decision == reached.rawValue, follows(record.n, record.mean, record.lower, record.upper) else {
                    throw .rejected("\(place): the decision line says \(record.decision) at n = \(record.n); the scores give \(reached.rawValue) at n = \(ledger.count)")
                }
                decision = record
            default:
                throw .rejected("\(place): not a challenge or decision record")
            }
        }
        guard let decision else {
            throw .rejected("incomplete transcript: no decision line after \(challenges.count) challenges")
        }

        var rescored: [Int] = []
        if let scorer {
            guard scorer.method == header.scoreMethod else {
                throw .rejected("the transcript was scored by \(header.scoreMethod.rawValue), these models call for \(scorer.method.rawValue)")
            }
            let recorded = header.recordedProducts
            guard scorer.products.rawValue == recorded else {
                throw .rejected("the transcript was scored with \(recorded) products, these models run \(scorer.products.rawValue)")
            }
            guard scorer.continuationTokens == commitment.parameters.continuationTokens else {
                throw .rejected("the transcript uses K = \(commitment.parameters.continuationTokens), the scorer \(scorer.continuationTokens)")
            }
            for i in rescore(challenges.count) where challenges.indices.contains(i) {
                let record = challenges[i]
                let result = try scorer.score(prompt: bank.prompt(seed: Hex.decode(record.seed)!))
                guard result.continuation == record.continuation else {
                    throw .rejected("challenge \(i): the reference's continuation differs from the transcript's")
                }
                guard abs(result.score - record.score) <= scoreTolerance else {
                    throw .rejected("challenge \(i): recorded score \(record.score), the models give \(result.score)")
                }
                rescored.append(i)
            }
        }
        return TranscriptVerification(header: header, decision: decision, keyChecked: keyChecked, rescored: rescored)
    }

    private static func check(_ record: ChallengeRecord, at place: String, expected: Int, runID: String,
                              bank: PromptBank, key: ChallengeKey?) throws(BehaviourError) {
        guard record.index == expected else {
            throw .rejected("\(place): challenge \(record.index) where \(expected) was expected (dropped or reordered challenges)")
        }
        guard let seed = Hex.decode(record.seed), seed.count == 32 else {
            throw .rejected("\(place): challenge \(record.index): the seed is not 32 bytes of hex")
        }
        if let key, seed != ChallengeSeeds.seed(key: key, runID: runID, index: record.index) {
            throw .rejected("\(place): challenge \(record.index): the seed is not HMAC(K, run id, \(record.index))")
        }
        let prompt = bank.prompt(seed: seed)
        guard record.promptSha256 == Hex.encode(SHA256.hash(Array(prompt.utf8))) else {
            throw .rejected("\(place): challenge \(record.index): the prompt hash is not that of the prompt its seed generates")
        }
    }

    private static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    private static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): close(x, y)
        default: false
        }
    }
}

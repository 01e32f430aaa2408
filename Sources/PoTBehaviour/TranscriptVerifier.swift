import PoTModels
import PoTSystem

/// What a transcript check established.
public struct TranscriptVerification: Sendable {
    public let header: TranscriptHeader
    /// The commitment the transcript runs under, every parameter checked for range and mode.
    public let commitment: ChallengeCommitment
    public let contribution: Contribution
    public let decision: DecisionRecord
    /// Whether the transcript's commitment was compared with the published one and is it.
    public let publishedChecked: Bool
    /// Whether the contribution was compared with the one given and is it.
    public let contributionChecked: Bool
    /// Whether the secret opened the commitment and every seed was re-derived from the key.
    public let keyChecked: Bool
    /// Whether the model files' roots were compared with the committed ones and are them.
    public let modelsChecked: Bool
    /// Challenges whose prompt token count and continuation text were re-derived and match.
    public let described: Int
    /// Challenges scored again and found within ``TranscriptVerifier/scoreTolerance(sameProducts:)``.
    public let rescored: [Int]
    /// The products the re-scoring ran, when there was any.
    public let rescoredWith: MatrixProducts?
    /// Largest |recorded − recomputed| score over the re-scored challenges.
    public let largestScoreDifference: Double
    /// Recorded continuation tokens that are not the greedy choice of the products re-scoring
    /// with (other than the run's) but lie within ``TranscriptVerifier/tieTolerance`` of it.
    public let ties: [(challenge: Int, tie: GreedyTie)]
    /// With every challenge re-scored: the decision the sequential test reaches on the
    /// re-scored values and after how many, which is the recorded one (at its n with the run's
    /// products, at that n or before with others); `nil` when only a sample was re-scored.
    public let recomputedDecision: (decision: String, n: Int)?
}

/// What a verifier holds besides the transcript; each item given enables more checks.
public struct VerificationInputs {
    /// The commitment published before the run; the transcript's must be exactly it.
    public var published: ChallengeCommitment?
    /// The contribution as the contributor gave it; the transcript's must be it.
    public var contribution: Contribution?
    /// The revealed secret: opens the commitment and re-derives every seed.
    public var secret: AuditorSecret?
    /// Model roots of the files the verifier has; they must be the committed ones.
    public var modelRoots: (reference: String, candidate: String)?
    /// The two models, to re-derive prompt tokens and texts and re-score.
    public var scorer: ChallengeScorer?
    /// For an endpoint run: the local model and its model root, to re-derive prompt tokens and
    /// texts and to compute each score again from the recorded top-k lists. The server itself
    /// cannot be asked again: what it answered is taken from the transcript.
    public var local: (root: String, model: ScoringModel)?
    /// Which challenges to re-score, given their number.
    public var rescore: (Int) -> [Int]

    public init(published: ChallengeCommitment? = nil, contribution: Contribution? = nil, secret: AuditorSecret? = nil,
                modelRoots: (reference: String, candidate: String)? = nil, scorer: ChallengeScorer? = nil,
                local: (root: String, model: ScoringModel)? = nil, rescore: @escaping (Int) -> [Int] = { Array(0..<$0) }) {
        self.local = local
        self.published = published
        self.contribution = contribution
        self.secret = secret
        self.modelRoots = modelRoots
        self.scorer = scorer
        self.rescore = rescore
    }
}

/// Re-checks a behavioural transcript.
///
/// Always: strict records (no duplicated or unknown member), the commitment's parameters (in
/// range, a mode's own values under its name), the structure (header, challenges numbered 0,
/// 1, … without gaps, one decision line last), every prompt hash against the prompt its seed
/// generates from the committed bank, and the running state and decision recomputed from the
/// scores alone. Each of ``VerificationInputs`` adds its checks: the published commitment and
/// contribution must be the transcript's; the secret must open the commitment and give every
/// seed; model files must have the committed roots; the models re-derive every prompt's token
/// count and continuation text and re-score the chosen challenges, which catches scores
/// rewritten consistently with everything else.
public enum TranscriptVerifier {
    /// Largest |recorded − recomputed| score that counts as equal. With the products the run
    /// used, scores are reproduced exactly (10^-4 only absorbs a different summation order).
    /// The `vnni` and `ggml` products round activations differently: on SmolLM2 Q4_1 against
    /// its Q8_0 re-encoding (quick mode, K = 16, 48 challenges) the two gave scores up to
    /// 0.0126 apart, 0.0037 on average (docs/behaviour.md), so across products 0.02. That
    /// bound only catches gross rewriting; what confirms the decision across products is the
    /// sequential test run again on this machine's scores (a full re-score).
    public static func scoreTolerance(sameProducts: Bool) -> Double { sameProducts ? 1e-4 : 0.02 }

    /// Largest log-probability gap, in nats, between this machine's greedy token and a recorded
    /// one that counts as a rounding tie when re-scoring with products other than the run's.
    /// With the run's products the continuation is generated again and must be the same token
    /// for token. The other products round the activations' 8-bit blocks differently, a
    /// discontinuous rounding that moves single log-probabilities by up to 0.35 nats on
    /// SmolLM2 and flips top tokens within 0.22 nats of each other (docs/models.md), so there
    /// the recorded continuation is teacher-forced and a flip within 0.5 nats is a tie.
    public static let tieTolerance = 0.5

    public static func verify(lines: [String], bank: PromptBank, inputs: VerificationInputs = VerificationInputs()) throws(BehaviourError) -> TranscriptVerification {
        guard let first = lines.first else { throw .rejected("the transcript is empty") }
        let header = try header(of: first)
        let commitment: ChallengeCommitment
        do { commitment = try header.commitment.parsed() } catch { throw .rejected("line 1, commitment: \(error)") }
        let p = commitment.parameters
        if let published = inputs.published {
            let changed = differences(published, commitment)
            guard changed.isEmpty else {
                throw .rejected("the transcript's commitment is not the published one; they differ in \(changed.joined(separator: ", "))")
            }
        }
        let contribution: Contribution
        do { contribution = try Contribution(bytes: Hex.decode(header.contribution) ?? []) } catch {
            throw .rejected("line 1, contribution: \(error)")
        }
        if let given = inputs.contribution, given != contribution {
            throw .rejected("the transcript's contribution \(contribution.hex) is not the one given, \(given.hex)")
        }
        guard p.promptBankSHA256 == bank.sha256 else {
            throw .rejected("the transcript used prompt bank \(p.promptBankSHA256), the bank given has \(bank.sha256)")
        }
        if let roots = inputs.modelRoots {
            for (role, actual, committed) in [("reference", roots.reference, p.referenceRoot), ("candidate", roots.candidate, p.candidateRoot)]
            where actual != committed {
                throw .rejected("the \(role) given has model root \(actual); the commitment binds \(committed)")
            }
        }
        var key: ChallengeKey?
        if let secret = inputs.secret {
            guard commitment.isOpened(by: secret) else {
                throw .rejected("the secret does not open the commitment (wrong secret, or a committed parameter, the run id or the salt was changed)")
            }
            key = ChallengeKey(secret: secret, commitment: commitment, contribution: contribution)
        }

        try checkEndpoint(header.endpoint, commitment: commitment)
        let (challenges, decision) = try readChallenges(lines, commitment: commitment, bank: bank, key: key, endpoint: header.endpoint)
        var described = 0, rescored: [Int] = [], largest = 0.0, ties: [(Int, GreedyTie)] = []
        var recomputedDecision: (decision: String, n: Int)?
        if header.endpoint != nil, inputs.scorer != nil {
            throw .rejected("an endpoint run is re-scored with its one local model, not with two")
        }
        if let endpoint = header.endpoint, let local = inputs.local {
            (described, rescored, largest, recomputedDecision) = try rescoreEndpointRun(
                challenges, decision: decision, endpoint: endpoint, local: local, commitment: commitment, bank: bank,
                choose: inputs.rescore)
        }
        if let scorer = inputs.scorer {
            guard inputs.modelRoots != nil else { throw .rejected("re-scoring needs the model roots of the files scored") }
            guard scorer.method == p.scoringMethod else {
                throw .rejected("the commitment fixes the \(p.scoringMethod.rawValue) score, these models call for \(scorer.method.rawValue)")
            }
            guard scorer.continuationTokens == p.continuationTokens else {
                throw .rejected("the transcript uses K = \(p.continuationTokens), the scorer \(scorer.continuationTokens)")
            }
            let prompts = challenges.map { bank.prompt(seed: Hex.decode($0.seed)!) }
            for (record, prompt) in zip(challenges, prompts) {
                let (tokens, text) = scorer.describe(prompt: prompt, continuation: record.continuation)
                guard tokens == record.promptTokens else {
                    throw .rejected("challenge \(record.index): prompt_tokens is \(record.promptTokens); the reference's tokenizer gives \(tokens)")
                }
                guard text == record.continuationText else {
                    throw .rejected("challenge \(record.index): continuation_text is not the reference's decoding of the continuation")
                }
                described += 1
            }
            let sameProducts = scorer.products == p.products
            var recomputed = challenges.map(\.score)
            for i in inputs.rescore(challenges.count) where challenges.indices.contains(i) {
                let record = challenges[i]
                let result: ScoredChallenge, found: [GreedyTie]
                if sameProducts {
                    (result, found) = (try scorer.score(prompt: prompts[i]), [])
                    guard result.continuation == record.continuation else {
                        throw .rejected("challenge \(i): the reference's continuation differs from the transcript's")
                    }
                } else {
                    (result, found) = try scorer.rescore(prompt: prompts[i], continuation: record.continuation)
                    if let worst = found.max(by: { $0.gap < $1.gap }), worst.gap > tieTolerance {
                        throw .rejected("challenge \(i), continuation position \(worst.position): the recorded token \(worst.recorded) is not the reference's greedy choice (\(worst.top) is more likely by \(worst.gap) nats with \(scorer.products.rawValue) products; a \(p.products.rawValue) run's ties count within \(tieTolerance))")
                    }
                }
                if record.candidateText != result.candidateText {
                    throw .rejected("challenge \(i): the candidate's continuation differs from candidate_text")
                }
                let difference = abs(result.score - record.score)
                guard difference <= scoreTolerance(sameProducts: sameProducts) else {
                    throw .rejected("challenge \(i): recorded score \(record.score), the models give \(result.score)")
                }
                largest = max(largest, difference)
                ties += found.map { (i, $0) }
                recomputed[i] = result.score
                rescored.append(i)
            }
            if rescored.count == challenges.count {
                recomputedDecision = try decisionHolds(recomputed, recorded: decision, parameters: p.sequential,
                                                       products: scorer.products, sameProducts: sameProducts)
            }
        }
        return TranscriptVerification(
            header: header, commitment: commitment, contribution: contribution, decision: decision,
            publishedChecked: inputs.published != nil, contributionChecked: inputs.contribution != nil, keyChecked: key != nil,
            modelsChecked: inputs.modelRoots != nil || (header.endpoint != nil && inputs.local != nil), described: described,
            rescored: rescored, rescoredWith: rescored.isEmpty ? nil : inputs.scorer?.products ?? inputs.local?.model.model.products,
            largestScoreDifference: largest, ties: ties,
            recomputedDecision: recomputedDecision)
    }

    /// Line 1, read strictly; a version-1 transcript is refused by name.
    public static func header(of line: String) throws(BehaviourError) -> TranscriptHeader {
        guard TranscriptJSON.peek("type", in: line) == "header" else { throw .rejected("line 1 is not a transcript header") }
        let format = TranscriptJSON.peek("format", in: line)
        guard format == TranscriptHeader.formatName else {
            if format == "pot-behaviour-transcript/v1" { throw .rejected(legacy) }
            throw .rejected("line 1: unknown format \"\(format ?? "(none)")\"")
        }
        return try TranscriptJSON.decode(TranscriptHeader.self, from: line, at: "line 1")
    }

    /// Why version-1 files are refused rather than read.
    public static let legacy = "a version-1 behaviour file (pot-behaviour-transcript/v1 or a commitment without format): version 1 bound neither the models nor a contribution the auditor could not choose, so nothing in it can be verified; run the audit again"

    private static func readChallenges(_ lines: [String], commitment: ChallengeCommitment, bank: PromptBank,
                                       key: ChallengeKey?, endpoint: EndpointRecord?) throws(BehaviourError) -> ([ChallengeRecord], DecisionRecord) {
        let p = commitment.parameters
        var ledger = ScoreLedger(parameters: p.sequential)
        /// Whether a line's running figures are the ledger's after the scores so far.
        func follows(_ n: Int, _ mean: Double, _ lower: Double?, _ upper: Double?) -> Bool {
            n == ledger.count && close(mean, ledger.mean) && same(lower, ledger.lower) && same(upper, ledger.upper)
        }
        var challenges: [ChallengeRecord] = []
        var decision: DecisionRecord?
        for (offset, line) in lines.enumerated().dropFirst() {
            let place = "line \(offset + 1)"
            if decision != nil { throw .rejected("\(place): content after the decision line") }
            switch TranscriptJSON.peek("type", in: line) {
            case "challenge":
                let record = try TranscriptJSON.decode(ChallengeRecord.self, from: line, at: place)
                try check(record, at: place, expected: challenges.count, commitment: commitment, bank: bank, key: key, endpoint: endpoint)
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
                let record = try TranscriptJSON.decode(DecisionRecord.self, from: line, at: place)
                guard let reached = ledger.decision else {
                    throw .rejected("\(place): the transcript claims \(record.decision) after \(ledger.count) challenges, but the scores reach no decision yet (a challenge was dropped?)")
                }
                guard record.decision == reached.rawValue, follows(record.n, record.mean, record.lower, record.upper) else {
                    throw .rejected("\(place): the decision line says \(record.decision) at n = \(record.n); the scores give \(reached.rawValue) at n = \(ledger.count)")
                }
                decision = record
            case "error":
                let record = try TranscriptJSON.decode(ErrorRecord.self, from: line, at: place)
                throw .rejected("\(place): the run stopped without a decision after \(challenges.count) scored challenges: \(record.error)")
            default:
                throw .rejected("\(place): not a challenge, error or decision record")
            }
        }
        guard let decision else {
            throw .rejected("incomplete transcript: no decision line after \(challenges.count) challenges")
        }
        return (challenges, decision)
    }

    private static func check(_ record: ChallengeRecord, at place: String, expected: Int, commitment: ChallengeCommitment,
                              bank: PromptBank, key: ChallengeKey?, endpoint: EndpointRecord?) throws(BehaviourError) {
        guard record.index == expected else {
            throw .rejected("\(place): challenge \(record.index) where \(expected) was expected (dropped or reordered challenges)")
        }
        guard let seed = Hex.decode(record.seed), seed.count == 32 else {
            throw .rejected("\(place): challenge \(record.index): the seed is not 32 bytes of hex")
        }
        if let key, seed != ChallengeSeeds.seed(key: key, runID: commitment.runID, index: record.index) {
            throw .rejected("\(place): challenge \(record.index): the seed is not HMAC(K, run id, \(record.index))")
        }
        let prompt = bank.prompt(seed: seed)
        guard record.promptSha256 == Hex.encode(SHA256.hash(Array(prompt.utf8))) else {
            throw .rejected("\(place): challenge \(record.index): the prompt hash is not that of the prompt its seed generates")
        }
        let k = commitment.parameters.continuationTokens
        if let endpoint { try checkAnswer(record, at: place, endpoint: endpoint, k: k) }
        // An endpoint that reported finish_reason "stop" may have given fewer (checkAnswer).
        guard record.continuation.count == k || record.endpoint?.finishReason == "stop" else {
            throw .rejected("\(place): challenge \(record.index): \(record.continuation.count) continuation tokens, the commitment fixes K = \(k)")
        }
        guard (record.candidateText != nil) == (commitment.parameters.scoringMethod == .textEditDistance) else {
            throw .rejected("\(place): challenge \(record.index): candidate_text belongs to the text-edit-distance score, and only to it")
        }
    }

    /// An endpoint run's header names an endpoint whose identity is the committed root of its
    /// role, under the top-k score; a local run's names none.
    private static func checkEndpoint(_ endpoint: EndpointRecord?, commitment: ChallengeCommitment) throws(BehaviourError) {
        let p = commitment.parameters
        guard let endpoint else {
            guard p.scoringMethod != .topKTotalVariation else { throw .rejected("line 1: a top-k-total-variation run without an endpoint") }
            return
        }
        guard p.scoringMethod == .topKTotalVariation else {
            throw .rejected("line 1: an endpoint, but the commitment fixes the \(p.scoringMethod.rawValue) score")
        }
        guard let role = EndpointRole(rawValue: endpoint.role) else { throw .rejected("line 1, endpoint: unknown role \"\(endpoint.role)\"") }
        let committed = role == .candidate ? p.candidateRoot : p.referenceRoot
        guard endpoint.identity == committed else {
            throw .rejected("line 1, endpoint: \(endpoint.url), model \(endpoint.model), k = \(endpoint.topK) is not the committed \(role.rawValue) (its identity is \(endpoint.identity), the commitment binds \(committed))")
        }
    }

    /// Each challenge of an endpoint run carries the endpoint's answer: one top-k list per
    /// continuation token, each of 1 to k + 1 distinct ids with finite log-probabilities ≤ 0,
    /// and K tokens unless the server said "stop".
    private static func checkAnswer(_ record: ChallengeRecord, at place: String, endpoint: EndpointRecord, k: Int) throws(BehaviourError) {
        let what = "\(place): challenge \(record.index)"
        guard let answer = record.endpoint, let top = answer.top else { throw .rejected("\(what): no endpoint answer, or its ids and log-probabilities do not line up") }
        guard ["length", "stop"].contains(answer.finishReason), answer.finishReason == "stop" || record.continuation.count == k,
              (1...k).contains(record.continuation.count) else {
            throw .rejected("\(what): \(record.continuation.count) continuation tokens with finish_reason \(answer.finishReason), K = \(k)")
        }
        guard top.count == record.continuation.count,
              top.allSatisfy({ !$0.isEmpty && $0.count <= endpoint.topK + 1 && Set($0.map(\.id)).count == $0.count
                               && $0.allSatisfy { $0.id >= 0 && $0.logProb.isFinite && $0.logProb <= 0 } }) else {
            throw .rejected("\(what): the endpoint's top-k lists are not one per token of at most k + 1 distinct ids with finite log-probabilities ≤ 0")
        }
        guard let digest = Hex.decode(answer.responseSha256), digest.count == 32 else {
            throw .rejected("\(what): response_sha256 is not 32 bytes of hex")
        }
    }

    /// An endpoint run's challenges checked with its local model: prompt tokens and texts
    /// re-derived, the chosen challenges' scores computed again from the recorded top-k lists
    /// (the server is not asked again), and with all of them the decision recomputed.
    private static func rescoreEndpointRun(_ challenges: [ChallengeRecord], decision: DecisionRecord, endpoint: EndpointRecord,
                                           local: (root: String, model: ScoringModel), commitment: ChallengeCommitment,
                                           bank: PromptBank, choose: (Int) -> [Int]) throws(BehaviourError)
        -> (described: Int, rescored: [Int], largest: Double, decision: (decision: String, n: Int)?) {
        let p = commitment.parameters
        let localRoot = endpoint.role == EndpointRole.candidate.rawValue ? p.referenceRoot : p.candidateRoot
        guard local.root == localRoot else {
            throw .rejected("the local model given has model root \(local.root); the commitment binds \(localRoot)")
        }
        guard local.model.continuationTokens == p.continuationTokens else {
            throw .rejected("the transcript uses K = \(p.continuationTokens), the local model \(local.model.continuationTokens)")
        }
        var tokens: [[Int32]] = []
        for record in challenges {
            let prompt = bank.prompt(seed: Hex.decode(record.seed)!)
            let ids = try local.model.promptTokens(prompt)
            guard ids.count == record.promptTokens else {
                throw .rejected("challenge \(record.index): prompt_tokens is \(record.promptTokens); the local model's tokenizer gives \(ids.count)")
            }
            guard local.model.tokenizer.decode(record.continuation) == record.continuationText else {
                throw .rejected("challenge \(record.index): continuation_text is not the local model's decoding of the continuation")
            }
            tokens.append(ids)
        }
        let sameProducts = local.model.model.products == p.products
        var recomputed = challenges.map(\.score), rescored: [Int] = [], largest = 0.0
        for i in choose(challenges.count) where challenges.indices.contains(i) {
            let record = challenges[i], answer = record.endpoint!
            let result = try local.model.topKScore(promptTokens: tokens[i], continuation: record.continuation, top: answer.top!, record: answer)
            let difference = abs(result.score - record.score)
            guard difference <= scoreTolerance(sameProducts: sameProducts) else {
                throw .rejected("challenge \(i): recorded score \(record.score), the local model and the recorded top-k lists give \(result.score)")
            }
            largest = max(largest, difference)
            recomputed[i] = result.score
            rescored.append(i)
        }
        var reached: (decision: String, n: Int)?
        if rescored.count == challenges.count {
            reached = try decisionHolds(recomputed, recorded: decision, parameters: p.sequential,
                                        products: local.model.model.products, sameProducts: sameProducts)
        }
        return (challenges.count, rescored, largest, reached)
    }

    /// With every challenge re-scored, the sequential test runs again on the new scores. With
    /// the run's products it must stop where the transcript did. With the other products the
    /// scores move within ``scoreTolerance(sameProducts:)``, so the test may stop a little
    /// earlier; it must reach the recorded decision by the recorded n. Reaching another
    /// decision, or none by then (the transcript has no later challenges to go on with), means
    /// the decision rests on the products' rounding and is not confirmed here.
    static func decisionHolds(_ scores: [Double], recorded: DecisionRecord, parameters: SequentialParameters,
                                      products: MatrixProducts, sameProducts: Bool) throws(BehaviourError) -> (decision: String, n: Int) {
        var ledger = ScoreLedger(parameters: parameters)
        for score in scores where ledger.decision == nil {
            do { try ledger.observe(score) } catch { throw .rejected("a re-scored score: \(error)") }
        }
        let reached = ledger.decision?.rawValue ?? "no decision"
        guard reached == recorded.decision, sameProducts ? ledger.count == recorded.n : ledger.count <= recorded.n else {
            throw .rejected("the re-scored scores (\(products.rawValue) products) give \(reached) at n = \(ledger.count), the transcript \(recorded.decision) at n = \(recorded.n): the decision is not confirmed with these products")
        }
        return (reached, ledger.count)
    }

    /// Names of the committed fields that differ between two commitments.
    static func differences(_ a: ChallengeCommitment, _ b: ChallengeCommitment) -> [String] {
        var names = zip(a.parameters.fields, b.parameters.fields).filter { $0.0.1 != $0.1.1 }.map(\.0.0)
        if a.runID != b.runID { names.append("run_id") }
        if a.salt != b.salt { names.append("salt") }
        if a.value != b.value { names.append("commitment") }
        return names
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

import PoTModels
import PoTSystem

/// A published challenge commitment (the line `pot challenge commit` prints) with every bound
/// parameter in the clear, so anyone can read what was committed and check it once S is
/// revealed.
public struct CommitmentRecord: TranscriptRecord {
    public static let formatName = "pot-behaviour-commitment/v2"
    public var type = "commitment"
    public var format = CommitmentRecord.formatName
    public let runId: String
    public let mode: String
    public let alpha: Double
    public let gamma: Double
    public let delta: Double
    public let maxQueries: Int
    public let truncation: Double
    public let continuationTokens: Int
    public let promptBankSha256: String
    public let scoreMethod: String
    public let products: String
    public let referenceRoot: String
    public let candidateRoot: String
    public let contributionSource: String
    public let commitment: String
    public let salt: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type, format, runId = "run_id", mode, alpha, gamma, delta, maxQueries = "max_queries", truncation
        case continuationTokens = "continuation_tokens", promptBankSha256 = "prompt_bank_sha256"
        case scoreMethod = "score_method", products, referenceRoot = "reference_root", candidateRoot = "candidate_root"
        case contributionSource = "contribution_source", commitment, salt
    }

    public init(_ commitment: ChallengeCommitment) {
        let p = commitment.parameters
        runId = commitment.runID
        mode = p.mode
        alpha = p.sequential.alpha
        gamma = p.sequential.gamma
        delta = p.sequential.delta
        maxQueries = p.sequential.maxQueries
        truncation = p.sequential.truncation
        continuationTokens = p.continuationTokens
        promptBankSha256 = p.promptBankSHA256
        scoreMethod = p.scoringMethod.rawValue
        products = p.products.rawValue
        referenceRoot = p.referenceRoot
        candidateRoot = p.candidateRoot
        contributionSource = p.contributionSource
        self.commitment = Hex.encode(commitment.value)
        salt = Hex.encode(commitment.salt)
    }

    /// The commitment this record states, after checking every parameter: in range, the
    /// mode's own values under a mode's name, known method and products, hex roots.
    public func parsed() throws(BehaviourError) -> ChallengeCommitment {
        guard format == Self.formatName else { throw .badCommitment("unknown commitment format \"\(format)\"") }
        guard SequentialParameters.inRange(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation) else {
            throw .badCommitment("test parameters out of range (need 0 < α < 1, 0 < γ ≤ δ < 1, n_max ≥ 1, 0 < c < 1)")
        }
        guard let method = ScoringMethod(rawValue: scoreMethod) else { throw .badCommitment("unknown score method \"\(scoreMethod)\"") }
        guard let products = MatrixProducts(rawValue: products) else { throw .badCommitment("unknown products \"\(products)\"") }
        for (name, root) in [("reference_root", referenceRoot), ("candidate_root", candidateRoot), ("prompt_bank_sha256", promptBankSha256)] {
            guard Hex.decode(root)?.count == 32, root == root.lowercased() else {
                throw .badCommitment("\(name) is not 64 lowercase hex digits")
            }
        }
        guard let value = Hex.decode(commitment), value.count == 32,
              let salt = Hex.decode(salt), salt.count == ChallengeCommitment.saltSize else {
            throw .badCommitment("the commitment or salt is not 32 bytes of hex")
        }
        let sequential = SequentialParameters(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation)
        let parameters = try BehaviourParameters(
            mode: mode, sequential: sequential, continuationTokens: continuationTokens, promptBankSHA256: promptBankSha256,
            scoringMethod: method, products: products, referenceRoot: referenceRoot, candidateRoot: candidateRoot,
            contributionSource: contributionSource)
        return ChallengeCommitment(runID: runId, parameters: parameters, salt: salt, value: value)
    }
}

extension CommitmentRecord {
    /// Reads a published commitment line strictly and checks every parameter; a version-1
    /// commitment (no `format`) is refused by name.
    /// - Throws: ``BehaviourError/badCommitment(_:)`` naming `place` and the reason.
    public static func read(_ line: String, at place: String) throws(BehaviourError) -> ChallengeCommitment {
        guard TranscriptJSON.peek("type", in: line) == "commitment" else {
            throw .badCommitment("\(place): not a commitment record (the line `pot challenge commit` prints)")
        }
        guard TranscriptJSON.peek("format", in: line) != nil else { throw .badCommitment("\(place): \(TranscriptVerifier.legacy)") }
        let record: CommitmentRecord
        do { record = try TranscriptJSON.decode(CommitmentRecord.self, from: line, at: place) } catch {
            throw .badCommitment(error.description)
        }
        do { return try record.parsed() } catch { throw .badCommitment("\(place): \(error)") }
    }
}

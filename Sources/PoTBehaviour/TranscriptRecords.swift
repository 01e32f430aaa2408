import PoTModels

/// First line of a transcript: what was run, under which commitment, scored how.
public struct TranscriptHeader: Codable, Sendable, Equatable {
    public static let formatName = "pot-behaviour-transcript/v1"
    public var type = "header"
    public var format = TranscriptHeader.formatName
    public let tool: String
    public let commitment: CommitmentRecord
    public let scoreMethod: ScoringMethod
    public let scoreDefinition: String
    public let reference: ModelIdentity
    public let candidate: ModelIdentity
    /// The matrix products the scores were computed with (`vnni` or `ggml`): the two round
    /// differently, so re-scoring must use the same. Absent in transcripts written before the
    /// field existed, which were all scored with ggml's.
    public let products: String?

    /// The products to re-score with: those named, or ggml's for a header without the field.
    public var recordedProducts: String { products ?? MatrixProducts.ggml.rawValue }

    public init(tool: String, commitment: ChallengeCommitment, method: ScoringMethod,
                reference: ModelIdentity, candidate: ModelIdentity, products: MatrixProducts) {
        self.products = products.rawValue
        self.tool = tool
        self.commitment = CommitmentRecord(commitment)
        scoreMethod = method
        scoreDefinition = method.definition
        self.reference = reference
        self.candidate = candidate
    }
}

/// One challenge: its seed, what was asked and answered, its score and the running state.
public struct ChallengeRecord: Codable, Sendable, Equatable {
    public var type = "challenge"
    public let index: Int
    public let seed: String
    public let promptSha256: String
    public let promptTokens: Int
    public let continuation: [Int32]
    public let continuationText: String
    public let candidateText: String?
    public let score: Double
    public let n: Int
    public let mean: Double
    public let lower: Double?
    public let upper: Double?
}

/// Last line of a complete transcript.
public struct DecisionRecord: Codable, Sendable, Equatable {
    public var type = "decision"
    public let decision: String
    public let n: Int
    public let mean: Double
    public let lower: Double?
    public let upper: Double?
    /// Wall time of the run; the one field a verifier cannot recompute.
    public let seconds: Double
}

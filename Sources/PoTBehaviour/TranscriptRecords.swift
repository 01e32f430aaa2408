/// First line of a transcript: what was run, under which commitment, with which contribution.
/// The models, the scoring method and the products are those the commitment binds.
public struct TranscriptHeader: TranscriptRecord {
    public static let formatName = "pot-behaviour-transcript/v2"
    public var type = "header"
    public var format = TranscriptHeader.formatName
    public let tool: String
    public let commitment: CommitmentRecord
    /// The contribution mixed into the key, hex.
    public let contribution: String
    public let scoreDefinition: String
    /// The served side of an endpoint run (``EndpointRecord``); absent for local models.
    public var endpoint: EndpointRecord? = nil

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type, format, tool, commitment, contribution, scoreDefinition = "score_definition", endpoint
    }

    public static var nestedRecords: [String: any TranscriptRecord.Type] {
        ["commitment": CommitmentRecord.self, "endpoint": EndpointRecord.self]
    }

    public init(tool: String, commitment: ChallengeCommitment, contribution: Contribution, endpoint: EndpointRecord? = nil) {
        self.tool = tool
        self.commitment = CommitmentRecord(commitment)
        self.contribution = contribution.hex
        scoreDefinition = commitment.parameters.scoringMethod.definition
        self.endpoint = endpoint
    }
}

/// One challenge: its seed, what was asked and answered, its score and the running state.
public struct ChallengeRecord: TranscriptRecord {
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
    /// For an endpoint run: the endpoint's answer (top-k lists, digest of the raw response).
    public var endpoint: EndpointAnswerRecord? = nil

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case type, index, seed, promptSha256 = "prompt_sha256", promptTokens = "prompt_tokens", continuation
        case continuationText = "continuation_text", candidateText = "candidate_text", score, n, mean, lower, upper, endpoint
    }

    public static var nestedRecords: [String: any TranscriptRecord.Type] { ["endpoint": EndpointAnswerRecord.self] }
}

/// Last line of a complete transcript.
public struct DecisionRecord: TranscriptRecord {
    public var type = "decision"
    public let decision: String
    public let n: Int
    public let mean: Double
    public let lower: Double?
    public let upper: Double?
    /// Wall time of the run; the one field a verifier cannot recompute.
    public let seconds: Double

    public enum CodingKeys: String, CodingKey, CaseIterable { case type, decision, n, mean, lower, upper, seconds }
}

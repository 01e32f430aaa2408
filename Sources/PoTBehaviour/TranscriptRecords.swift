import Foundation
import PoTSystem

/// A model named in a transcript: its path when the run was made and the SHA-256 of the file.
public struct ModelIdentity: Codable, Sendable, Equatable {
    public let path: String
    public let sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }

    /// Hashes the file at `path` in 4 MiB reads, so a large model never sits in memory.
    public static func of(path: String) throws(BehaviourError) -> ModelIdentity {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .scoring("\(path): cannot open the model file") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(Array(chunk)) }
        return ModelIdentity(path: path, sha256: Hex.encode(hasher.finalize()))
    }
}

/// A published challenge commitment with everything needed to check it once K is revealed.
public struct CommitmentRecord: Codable, Sendable, Equatable {
    public var type = "commitment"
    public let runId: String
    public let mode: String
    public let alpha: Double
    public let gamma: Double
    public let delta: Double
    public let maxQueries: Int
    public let truncation: Double
    public let continuationTokens: Int
    public let promptBankSha256: String
    public let commitment: String
    public let salt: String

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
        self.commitment = Hex.encode(commitment.value)
        salt = Hex.encode(commitment.salt)
    }

    /// The commitment this record states, after checking every parameter is in range.
    public func parsed() throws(BehaviourError) -> ChallengeCommitment {
        guard alpha > 0, alpha < 1, gamma > 0, gamma <= delta, delta < 1, maxQueries >= 1,
              truncation > 0, truncation < 1, continuationTokens >= 1 else {
            throw .badCommitment("test parameters out of range (need 0 < α < 1, 0 < γ ≤ δ < 1, n_max ≥ 1, 0 < c < 1, K ≥ 1)")
        }
        guard let value = Hex.decode(commitment), value.count == 32, let salt = Hex.decode(salt) else {
            throw .badCommitment("the commitment or salt is not hex of the right length")
        }
        let sequential = SequentialParameters(alpha: alpha, gamma: gamma, delta: delta, maxQueries: maxQueries, truncation: truncation)
        let parameters = BehaviourParameters(mode: mode, sequential: sequential, continuationTokens: continuationTokens,
                                             promptBankSHA256: promptBankSha256)
        return ChallengeCommitment(runID: runId, parameters: parameters, salt: salt, value: value)
    }
}

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

    public init(tool: String, commitment: ChallengeCommitment, method: ScoringMethod,
                reference: ModelIdentity, candidate: ModelIdentity) {
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

/// What `pot challenge reveal` publishes once the decision is final.
public struct KeyReveal: Codable, Sendable, Equatable {
    public var type = "reveal"
    public let runId: String
    public let commitment: String
    public let key: String

    public init(runId: String, commitment: String, key: String) {
        self.runId = runId
        self.commitment = commitment
        self.key = key
    }
}

/// The JSON form of transcript lines: snake_case keys, one object per line.
public enum TranscriptJSON {
    public static func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Records hold only strings, integers and finite doubles, which always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: String) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: Data(line.utf8))
    }

    /// The `type` member of a line, if it is a JSON object with one.
    static func recordType(_ line: String) -> String? {
        struct Typed: Decodable { let type: String }
        return decode(Typed.self, from: line)?.type
    }
}

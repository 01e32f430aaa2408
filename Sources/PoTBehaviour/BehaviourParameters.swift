import PoTModels

/// Everything that fixes what a behavioural run asks, of which models, and how it decides;
/// the commitment binds all of it, so nothing can be picked after seeing scores.
public struct BehaviourParameters: Sendable, Equatable {
    /// A named mode (``BehaviourMode``) whose values these are exactly, or "custom".
    public let mode: String
    public let sequential: SequentialParameters
    /// K: tokens the reference generates after each prompt.
    public let continuationTokens: Int
    /// SHA-256 of the prompt bank file, hex.
    public let promptBankSHA256: String
    public let scoringMethod: ScoringMethod
    /// The matrix products the run scores with.
    public let products: MatrixProducts
    /// Model roots (`pot-model-v1`, docs/hashing.md) of the reference and the candidate, hex.
    public let referenceRoot: String
    public let candidateRoot: String
    /// Who gives the contribution mixed into the key, in words: "nonce of the candidate's
    /// owner", or the beacon and round, e.g. "drand quicknet round 123456"; a verifier checks a
    /// beacon value against it.
    public let contributionSource: String

    /// The name of parameters that belong to no mode.
    public static let custom = "custom"

    /// - Throws: ``BehaviourError/badCommitment(_:)`` if `mode` names a mode whose values
    ///   these are not (a mode name is a claim about α, γ, δ, n_max, c and K), or names none
    ///   and is not "custom", or K < 1.
    public init(mode: String, sequential: SequentialParameters, continuationTokens: Int, promptBankSHA256: String,
                scoringMethod: ScoringMethod, products: MatrixProducts, referenceRoot: String, candidateRoot: String,
                contributionSource: String) throws(BehaviourError) {
        guard continuationTokens >= 1 else { throw .badCommitment("K = \(continuationTokens); it must be positive") }
        if mode != Self.custom {
            guard let named = BehaviourMode(rawValue: mode) else {
                throw .badCommitment("unknown mode \"\(mode)\" (quick, audit, extended or custom)")
            }
            guard named.sequential == sequential, named.continuationTokens == continuationTokens else {
                let s = named.sequential
                throw .badCommitment(
                    "mode \(mode) means α = \(s.alpha), γ = \(s.gamma), δ = \(s.delta), n_max = \(s.maxQueries), c = \(s.truncation), K = \(named.continuationTokens); these are α = \(sequential.alpha), γ = \(sequential.gamma), δ = \(sequential.delta), n_max = \(sequential.maxQueries), c = \(sequential.truncation), K = \(continuationTokens)")
            }
        }
        self.mode = mode
        self.sequential = sequential
        self.continuationTokens = continuationTokens
        self.promptBankSHA256 = promptBankSHA256
        self.scoringMethod = scoringMethod
        self.products = products
        self.referenceRoot = referenceRoot
        self.candidateRoot = candidateRoot
        self.contributionSource = contributionSource
    }

    public init(mode: BehaviourMode, promptBankSHA256: String, scoringMethod: ScoringMethod, products: MatrixProducts,
                referenceRoot: String, candidateRoot: String, contributionSource: String) {
        // Cannot throw: a mode's own values match it.
        try! self.init(mode: mode.rawValue, sequential: mode.sequential, continuationTokens: mode.continuationTokens,
                       promptBankSHA256: promptBankSHA256, scoringMethod: scoringMethod, products: products,
                       referenceRoot: referenceRoot, candidateRoot: candidateRoot, contributionSource: contributionSource)
    }

    /// The bound fields as (name, value) pairs, in the order of the commitment's bytes;
    /// doubles in Swift's shortest round-trip form (Python's `repr`), so equal parameters
    /// always give equal bytes.
    var fields: [(String, String)] {
        let s = sequential
        return [
            ("mode", mode), ("alpha", "\(s.alpha)"), ("gamma", "\(s.gamma)"), ("delta", "\(s.delta)"),
            ("max_queries", "\(s.maxQueries)"), ("truncation", "\(s.truncation)"),
            ("continuation_tokens", "\(continuationTokens)"), ("prompt_bank_sha256", promptBankSHA256),
            ("score_method", scoringMethod.rawValue), ("products", products.rawValue),
            ("reference_root", referenceRoot), ("candidate_root", candidateRoot),
            ("contribution_source", contributionSource),
        ]
    }

    /// lp(name) ‖ lp(value) for every field: lengths, not separators, so no value can spell
    /// another field.
    var canonicalBytes: [UInt8] {
        fields.flatMap { Encoding.lengthPrefixed(Array($0.0.utf8)) + Encoding.lengthPrefixed(Array($0.1.utf8)) }
    }
}

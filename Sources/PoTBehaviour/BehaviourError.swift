/// Why a behavioural run or a transcript check stopped; every case carries a message that
/// names the file or challenge concerned and the reason.
public enum BehaviourError: Error, CustomStringConvertible, Sendable {
    /// A key file or key bytes that are not a 32-byte key.
    case badKey(String)
    /// A prompt bank that cannot be read or is malformed.
    case badPromptBank(String)
    /// A model could not score a challenge; the run stops rather than record a number.
    case scoring(String)
    /// A transcript that is malformed, inconsistent or does not match the key or the models.
    case rejected(String)
    /// A commitment that is malformed or does not match.
    case badCommitment(String)
    /// A model file that cannot be read or hashed.
    case badModel(String)
    /// A contribution that is malformed or answers another commitment.
    case badContribution(String)

    public var description: String {
        switch self {
        case .badKey(let m), .badPromptBank(let m), .scoring(let m), .rejected(let m), .badCommitment(let m),
             .badContribution(let m), .badModel(let m): m
        }
    }
}

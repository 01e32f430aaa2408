/// What a part of a bundle holds. Each part is one file a producer already has, kept byte for
/// byte; the tag is the part's four ASCII bytes in the bundle (docs/bundle.md).
public enum PartKind: String, CaseIterable, Sendable {
    /// A model commitment document (`pot commit -o`, docs/hashing.md).
    case modelCommitment = "MCOM"
    /// The prompt bank the behavioural challenges were drawn from (`params/prompt-bank.json`).
    case promptBank = "BANK"
    /// The behaviour commitment line published before the run (`pot challenge commit`).
    case behaviourCommitment = "BCOM"
    /// The contribution line mixed into the challenge key after the commitment.
    case behaviourContribution = "BCON"
    /// The behavioural transcript (NDJSON, docs/behaviour.md).
    case transcript = "BTRN"
    /// The reveal line published after the decision (`pot challenge reveal`).
    case reveal = "BREV"
    /// A verifying key (`.vk`, docs/plonk-format.md).
    case verifyingKey = "VKEY"
    /// A proof (`.proof`, docs/plonk-format.md).
    case proof = "PROF"
    /// A training run's configuration (`config.json`, docs/training.md).
    case trainingConfig = "TCFG"
    /// A training run's record (`run.json`): the chain of weight commitments, losses, accuracy.
    case trainingRun = "TRUN"

    /// The four tag bytes.
    public var tag: [UInt8] { Array(rawValue.utf8) }

    /// Largest part of this kind a reader accepts, so that a corrupt length cannot make it
    /// allocate without bound; each is far above what the producer writes.
    public var maxBytes: Int {
        switch self {
        case .behaviourCommitment, .behaviourContribution, .reveal, .trainingConfig: 64 << 10
        case .promptBank, .proof: 1 << 20
        case .verifyingKey: 16 << 20
        case .modelCommitment, .transcript, .trainingRun: 64 << 20
        }
    }

    /// What the part is, for messages.
    public var title: String {
        switch self {
        case .modelCommitment: "model commitment"
        case .promptBank: "prompt bank"
        case .behaviourCommitment: "behaviour commitment"
        case .behaviourContribution: "behaviour contribution"
        case .transcript: "transcript"
        case .reveal: "reveal"
        case .verifyingKey: "verifying key"
        case .proof: "proof"
        case .trainingConfig: "training configuration"
        case .trainingRun: "training run record"
        }
    }

    init?(tag: [UInt8]) {
        guard let kind = PartKind.allCases.first(where: { $0.tag == tag }) else { return nil }
        self = kind
    }
}

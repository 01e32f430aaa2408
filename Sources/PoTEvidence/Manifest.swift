import PoTAlgebra

/// What a bundle claims, and which parts support each claim (docs/bundle.md, "Manifest").
///
/// Parts are referred to by their position in ``parts``; every part is referred to by at least
/// one claim, so a bundle carries nothing that no check reads.
public struct Manifest: Equatable, Sendable {
    /// The parts in file order, each with the SHA-256 of its bytes.
    public var parts: [PartEntry]
    /// The SRS every verifying key in the bundle was made with; present exactly when there are proofs.
    public var srs: SRSIdentity?
    public var models: [ModelClaim]
    public var behaviour: BehaviourClaim?
    public var proofs: [ProofClaim]
    public var training: TrainingClaim?

    public init(parts: [PartEntry], srs: SRSIdentity?, models: [ModelClaim], behaviour: BehaviourClaim?,
                proofs: [ProofClaim], training: TrainingClaim?) {
        self.parts = parts
        self.srs = srs
        self.models = models
        self.behaviour = behaviour
        self.proofs = proofs
        self.training = training
    }
}

/// One part as the manifest lists it.
public struct PartEntry: Equatable, Sendable {
    public let kind: PartKind
    public let sha256: [UInt8]

    public init(kind: PartKind, sha256: [UInt8]) {
        self.kind = kind
        self.sha256 = sha256
    }
}

/// The SRS identity: the digest verifying keys record (docs/plonk-format.md) and whether the
/// producer says it is an insecure development SRS, which only an SRS file can confirm.
public struct SRSIdentity: Equatable, Sendable {
    public let digest: [UInt8]
    public let development: Bool

    public init(digest: [UInt8], development: Bool) {
        self.digest = digest
        self.development = development
    }
}

/// What a committed model is to the bundle.
public enum ModelRole: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// A model the bundle commits to without a behavioural or training role.
    case model = 0
    /// The behavioural test's reference.
    case reference = 1
    /// The behavioural test's candidate.
    case candidate = 2
    /// The weights a training chain produced.
    case trained = 3

    public var description: String {
        switch self {
        case .model: "model"
        case .reference: "reference"
        case .candidate: "candidate"
        case .trained: "trained"
        }
    }
}

/// "This model commitment document commits to the model root `modelRoot`."
public struct ModelClaim: Equatable, Sendable {
    public let role: ModelRole
    /// A ``PartKind/modelCommitment`` part.
    public let part: Int
    /// The SHA-256 Merkle root of docs/hashing.md.
    public let modelRoot: [UInt8]

    public init(role: ModelRole, part: Int, modelRoot: [UInt8]) {
        self.role = role
        self.part = part
        self.modelRoot = modelRoot
    }
}

/// The behavioural test's outcome.
public enum ClaimedDecision: UInt8, CaseIterable, Sendable {
    case same = 1
    case different = 2
    case undecided = 3

    /// The word the transcript uses.
    public var word: String {
        switch self {
        case .same: "SAME"
        case .different: "DIFFERENT"
        case .undecided: "UNDECIDED"
        }
    }

    public init?(word: String) {
        guard let decision = Self.allCases.first(where: { $0.word == word }) else { return nil }
        self = decision
    }
}

/// "Under the published commitment, the transcript reaches `decision` after `queries`
/// challenges with these test parameters, and the revealed key opens the commitment."
public struct BehaviourClaim: Equatable, Sendable {
    public let bankPart: Int
    public let commitmentPart: Int
    /// The published contribution, for commitments that mix one into the key.
    public let contributionPart: Int?
    public let transcriptPart: Int
    public let revealPart: Int
    public let decision: ClaimedDecision
    public let queries: Int
    public let mode: String
    public let alpha: Double
    public let gamma: Double
    public let delta: Double
    public let maxQueries: Int
    /// The 32-byte commitment value.
    public let commitment: [UInt8]
    /// The committed score's name (`mean-total-variation`, `top-k-total-variation`, …); `nil`
    /// in a version 1 bundle, which did not claim it.
    public let scoringMethod: String?
    /// The served side of an endpoint run; that side has no model in the bundle.
    public let endpoint: ServedEndpoint?

    public init(bankPart: Int, commitmentPart: Int, contributionPart: Int?, transcriptPart: Int, revealPart: Int,
                decision: ClaimedDecision, queries: Int, mode: String, alpha: Double, gamma: Double, delta: Double,
                maxQueries: Int, commitment: [UInt8], scoringMethod: String?, endpoint: ServedEndpoint? = nil) {
        self.bankPart = bankPart
        self.commitmentPart = commitmentPart
        self.contributionPart = contributionPart
        self.transcriptPart = transcriptPart
        self.revealPart = revealPart
        self.decision = decision
        self.queries = queries
        self.mode = mode
        self.alpha = alpha
        self.gamma = gamma
        self.delta = delta
        self.maxQueries = maxQueries
        self.commitment = commitment
        self.scoringMethod = scoringMethod
        self.endpoint = endpoint
    }
}

/// "The `role` side of the behavioural test was the model served at `url` under the name
/// `model`, asked for top-`topK` log-probabilities; the commitment binds it by `identity`"
/// (docs/behaviour.md, "Endpoint audits"). It names an address, not weights.
public struct ServedEndpoint: Equatable, Sendable {
    /// ``ModelRole/reference`` or ``ModelRole/candidate``.
    public let role: ModelRole
    /// The completions URL as the run resolved it.
    public let url: String
    /// The `model` field of the requests.
    public let model: String
    /// k, the log-probabilities asked for per position.
    public let topK: Int
    /// SHA-256 of the URL, model name and k (`EndpointIdentity`), 32 bytes: what the commitment
    /// binds in the served side's place.
    public let identity: [UInt8]

    public init(role: ModelRole, url: String, model: String, topK: Int, identity: [UInt8]) {
        self.role = role
        self.url = url
        self.model = model
        self.topK = topK
        self.identity = identity
    }
}

/// "This proof, made for the verifying key with digest `keyDigest` of `statement`, verifies
/// with exactly these public inputs."
public struct ProofClaim: Equatable, Sendable {
    public let proofPart: Int
    public let keyPart: Int
    /// The statement as the key names it (`squaring-chain squarings=3`).
    public let statement: String
    public let keyDigest: [UInt8]
    /// Every public input, named as the statement names it, in instance-column and row order.
    public let publicInputs: [NamedInput]

    public init(proofPart: Int, keyPart: Int, statement: String, keyDigest: [UInt8], publicInputs: [NamedInput]) {
        self.proofPart = proofPart
        self.keyPart = keyPart
        self.statement = statement
        self.keyDigest = keyDigest
        self.publicInputs = publicInputs
    }
}

/// A public input and the value the verifier expects.
public struct NamedInput: Equatable, Sendable {
    public let name: String
    public let value: Fr

    public init(name: String, value: Fr) {
        self.name = name
        self.value = value
    }
}

/// "This configuration ran `steps` SGD steps from `C(W_0)` to `C(W_T)` over the dataset `D`
/// with the schedule committed as `S`; the step proofs listed prove them in order."
public struct TrainingClaim: Equatable, Sendable {
    public let configPart: Int
    public let runPart: Int
    public let runId: Fr
    public let steps: Int
    public let datasetRoot: Fr
    public let seedCommitment: Fr
    public let initialCommitment: Fr
    public let finalCommitment: Fr
    /// Positions in ``Manifest/proofs`` of the step proofs, in step order.
    public let stepProofs: [Int]

    public init(configPart: Int, runPart: Int, runId: Fr, steps: Int, datasetRoot: Fr, seedCommitment: Fr,
                initialCommitment: Fr, finalCommitment: Fr, stepProofs: [Int]) {
        self.configPart = configPart
        self.runPart = runPart
        self.runId = runId
        self.steps = steps
        self.datasetRoot = datasetRoot
        self.seedCommitment = seedCommitment
        self.initialCommitment = initialCommitment
        self.finalCommitment = finalCommitment
        self.stepProofs = stepProofs
    }
}

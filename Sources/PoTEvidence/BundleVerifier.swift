import PoTAlgebra
import PoTCommitments
import PoTSystem

/// What a verifier holds besides the bundle; each item enables checks that are otherwise
/// skipped or failed.
public struct BundleVerifierInputs: Sendable {
    /// An SRS file: confirms the bundle's SRS identity and re-derives every verifying key.
    public var srs: SRS?
    /// Verifying-key digests the verifier trusts (`--vk-digest`).
    public var trustedKeyDigests: Set<[UInt8]>
    /// Accept keys that cannot be anchored (`--trust-vk`): their proofs are checked, the
    /// keys themselves are not.
    public var trustKeys: Bool
    /// Model files the verifier has, by name, with their model roots (docs/hashing.md).
    public var models: [(name: String, root: [UInt8])]
    /// Final weights files the verifier has (`weights-final.safetensors`), by name, with
    /// `C(W)` recomputed from their values and salt; each must be the training chain's `C(W_T)`.
    public var weights: [(name: String, commitment: Fr)]
    /// Stop after the first group of checks with a failure, for callers that need only the
    /// verdict (a gate in a pipeline); the report then lists the checks run so far.
    public var stopAtFirstFailure: Bool

    public init(srs: SRS? = nil, trustedKeyDigests: Set<[UInt8]> = [], trustKeys: Bool = false,
                models: [(name: String, root: [UInt8])] = [], weights: [(name: String, commitment: Fr)] = [],
                stopAtFirstFailure: Bool = false) {
        self.weights = weights
        self.srs = srs
        self.trustedKeyDigests = trustedKeyDigests
        self.trustKeys = trustKeys
        self.models = models
        self.stopAtFirstFailure = stopAtFirstFailure
    }
}

/// Checks every claim of a bundle against its parts (docs/bundle.md, "Verification").
public enum BundleVerifier {
    public static func verify(_ bundle: EvidenceBundle, inputs: BundleVerifierInputs = BundleVerifierInputs()) -> BundleVerification {
        // Cheapest first, so that a stop at the first failure skips the proofs' pairings.
        let groups: [(EvidenceBundle, BundleVerifierInputs) -> [Check]] = [
            { bundle, _ in [partDigests(bundle)] }, ModelChecks.run, BehaviourChecks.run, TrainingChecks.run, ProofChecks.run,
        ]
        var checks: [Check] = []
        for group in groups {
            checks += group(bundle, inputs)
            if inputs.stopAtFirstFailure, checks.contains(where: { $0.verdict == .fail }) { break }
        }
        return BundleVerification(checks: checks)
    }

    /// Every part's bytes hash to the digest the manifest lists for it.
    static func partDigests(_ bundle: EvidenceBundle) -> Check {
        let title = "every part is the one the manifest lists"
        let changed = bundle.manifest.parts.indices.filter { SHA256.hash(bundle.parts[$0]) != bundle.manifest.parts[$0].sha256 }
        guard changed.isEmpty else {
            let names = changed.map { "part \($0) (\(bundle.manifest.parts[$0].kind.title))" }.joined(separator: ", ")
            return .fail("parts", title, "the SHA-256 of \(names) differs from the manifest's")
        }
        return .pass("parts", title, "\(bundle.parts.count) parts, each with the SHA-256 the manifest lists")
    }
}

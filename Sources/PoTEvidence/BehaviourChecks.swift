import PoTBehaviour
import PoTSystem

/// The behavioural claim: the published commitment binds the claimed parameters, score method
/// and the bundle's reference and candidate (a model root, or a served side's endpoint
/// identity); for an endpoint run, the claimed endpoint is the transcript's and its identity
/// follows from its URL, model name and k; the transcript verifies under the commitment, with
/// the contribution and the revealed secret; and it reaches the claimed decision.
enum BehaviourChecks {
    static func run(_ bundle: EvidenceBundle, inputs: BundleVerifierInputs) -> [Check] {
        guard let claim = bundle.manifest.behaviour else { return [] }
        let parts: BehaviourParts
        do {
            parts = try BehaviourParts(
                bank: bundle.parts[claim.bankPart], commitment: bundle.parts[claim.commitmentPart],
                contribution: claim.contributionPart.map { bundle.parts[$0] }, transcript: bundle.parts[claim.transcriptPart],
                reveal: bundle.parts[claim.revealPart],
                names: ("part \(claim.bankPart)", "part \(claim.commitmentPart)", "part \(claim.contributionPart.map(String.init) ?? "-")",
                        "part \(claim.transcriptPart)", "part \(claim.revealPart)"))
        } catch {
            return [.fail("behaviour.parts", "the behavioural parts read", "\(error)")]
        }
        var checks = [commitment(claim, parts.published, bundle: bundle)]
        let header = parts.lines.first.flatMap { try? TranscriptJSON.decode(TranscriptHeader.self, from: $0, at: "line 1") }
        if claim.endpoint != nil || header?.endpoint != nil {
            checks.append(EndpointCheck.check(claim, header: header, transcriptPart: claim.transcriptPart, models: bundle.manifest.models))
        }
        checks.append(transcript(claim, parts))
        return checks
    }

    /// The published commitment is the claimed one, with the claimed parameters and score
    /// method, and binds the bundle's reference and candidate: the model root of each side's
    /// commitment document, or the claimed endpoint's identity for a served side.
    static func commitment(_ claim: BehaviourClaim, _ published: ChallengeCommitment, bundle: EvidenceBundle) -> Check {
        let id = "behaviour.commitment", title = "the published commitment binds the claimed test and the bundle's two models"
        let p = published.parameters, s = p.sequential
        var roots = Dictionary(bundle.manifest.models.map { ($0.role, Hex.encode($0.modelRoot)) }, uniquingKeysWith: { a, _ in a })
        if let served = claim.endpoint { roots[served.role] = Hex.encode(served.identity) }
        func side(_ role: ModelRole) -> String { claim.endpoint?.role == role ? "\(role) endpoint identity" : "\(role) root" }
        let differences = [
            ("commitment value", published.value == claim.commitment), ("mode", p.mode == claim.mode), ("α", s.alpha == claim.alpha),
            ("γ", s.gamma == claim.gamma), ("δ", s.delta == claim.delta), ("n_max", s.maxQueries == claim.maxQueries),
            ("score method", claim.scoringMethod.map { $0 == p.scoringMethod.rawValue } ?? true),  // version 1 claims none
            (side(.reference), p.referenceRoot == roots[.reference]), (side(.candidate), p.candidateRoot == roots[.candidate]),
        ].filter { !$0.1 }.map(\.0)
        guard differences.isEmpty else {
            return .fail(id, title, "the commitment's \(differences.joined(separator: ", ")) differ from the manifest's")
        }
        return .pass(id, title, "commitment \(Hex.encode(published.value)): mode \(p.mode), α = \(s.alpha), γ = \(s.gamma), δ = \(s.delta), "
                     + "n_max = \(s.maxQueries), K = \(p.continuationTokens), \(p.scoringMethod.rawValue), \(p.products.rawValue) products, "
                     + "\(side(.reference)) \(p.referenceRoot), \(side(.candidate)) \(p.candidateRoot)")
    }

    /// The transcript verifies under everything published and reaches the claimed decision.
    static func transcript(_ claim: BehaviourClaim, _ parts: BehaviourParts) -> Check {
        let id = "behaviour.transcript", title = "the transcript verifies and reaches the claimed decision"
        let result: TranscriptVerification
        do { result = try parts.verify() } catch {
            return .fail(id, title, "\(error)")
        }
        let d = result.decision
        guard d.decision == claim.decision.word, d.n == claim.queries else {
            return .fail(id, title, "the transcript decides \(d.decision) after \(d.n) challenges, the manifest claims \(claim.decision.word) after \(claim.queries)")
        }
        let contribution = parts.contribution == nil ? "the contribution in its header (no published contribution line)" : "the published contribution"
        let scores = claim.endpoint == nil ? "scores not re-run: that needs the models"
            : "scores not re-run: that needs the local model, and the server's answers rest on the recorded top-k lists and response digests"
        return .pass(id, title, "\(d.decision) after \(d.n) challenges, mean score \(d.mean); the secret opens the commitment and gives every seed "
                     + "with \(contribution); prompts, running bounds and decision recomputed (\(scores))")
    }
}

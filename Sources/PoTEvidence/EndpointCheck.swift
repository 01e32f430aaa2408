import PoTBehaviour
import PoTSystem

/// `behaviour.endpoint`, for a run whose one side was a served model: the endpoint the
/// manifest claims is the one the transcript's header records (role, URL, model name, k), its
/// identity is SHA-256 of those (`EndpointIdentity`, recomputed here), and the score is the
/// top-k one such a run is scored by. That the commitment binds this identity is
/// `behaviour.commitment`'s part. The identity names an address, not weights, and the check
/// says so: no file is bound to what the server ran.
enum EndpointCheck {
    static let id = "behaviour.endpoint", title = "the served side is the transcript's endpoint, and its identity follows from URL, model and k"

    static func check(_ claim: BehaviourClaim, header: TranscriptHeader?, transcriptPart: Int, models: [ModelClaim]) -> Check {
        let recorded = header?.endpoint
        guard let served = claim.endpoint else {
            let what = recorded.map { "the \($0.role) served at \($0.url)" } ?? "a served side"
            return .fail(id, title, "the transcript (part \(transcriptPart)) is of an endpoint run (\(what)); the manifest claims a model file for both sides")
        }
        guard let recorded else {
            return .fail(id, title, "the manifest claims the \(served.role) was served at \(served.url), but the transcript's header (part \(transcriptPart)) names no endpoint")
        }
        let computed = EndpointIdentity.digest(url: served.url, model: served.model, topK: served.topK)
        guard computed == Hex.encode(served.identity) else {
            return .fail(id, title, "the endpoint identity recomputed from the claimed URL, model name and k is \(computed), the manifest claims \(Hex.encode(served.identity))")
        }
        let differences = [
            ("role", recorded.role == served.role.description), ("URL", recorded.url == served.url),
            ("model name", recorded.model == served.model), ("k", recorded.topK == served.topK),
        ].filter { !$0.1 }.map(\.0)
        guard differences.isEmpty else {
            return .fail(id, title, "the manifest's endpoint \(differences.joined(separator: ", ")) differ from the transcript header's "
                         + "(\(recorded.role) \(recorded.url), model \(recorded.model), k = \(recorded.topK))")
        }
        guard claim.scoringMethod == ScoringMethod.topKTotalVariation.rawValue else {
            return .fail(id, title, "an endpoint run is scored by \(ScoringMethod.topKTotalVariation.rawValue); the manifest claims \(claim.scoringMethod ?? "none")")
        }
        return .pass(id, title, "\(served.role): endpoint \(served.url), model \(served.model), top-k \(served.topK); identity \(computed) "
                     + "recomputed from them, as the transcript header records them. The identity names an address, not weights: "
                     + "no model file is bound to what the server ran. " + announced(recorded, models: models))
    }

    /// What the server said it serves, compared with the bundle's models: information, not a
    /// verdict (a DIFFERENT run's server announces another root, rightly).
    static func announced(_ recorded: EndpointRecord, models: [ModelClaim]) -> String {
        guard let root = recorded.servedModelRoot else {
            return "The server announced no model root (no pot_commitment in its /v1/models), so none is compared"
        }
        let roles = models.filter { Hex.encode($0.modelRoot) == root }.map(\.role.description)
        return "The server announced model root \(root) in its /v1/models when the run started (its own word, recorded by the auditor; "
            + "the answers do not prove it): " + (roles.isEmpty ? "the root of none of the bundle's models" : "the bundle's \(roles.joined(separator: " and ")) root")
    }
}

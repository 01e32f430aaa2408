import PoTHashing
import PoTSystem

/// Model commitments: each document reads, its roots follow from its entries and its model
/// root is the claimed one; each model file the verifier gives has one of the claimed roots.
enum ModelChecks {
    static func run(_ bundle: EvidenceBundle, inputs: BundleVerifierInputs) -> [Check] {
        var checks: [Check] = []
        for (i, claim) in bundle.manifest.models.enumerated() {
            let id = "model[\(i)].commitment"
            let title = (claim.role == .model ? "model \(i)'s" : "the \(claim.role) model's") + " commitment document has the claimed model root"
            do {
                let document = try ModelCommitment(json: bundle.parts[claim.part], path: "part \(claim.part)")
                if document.modelRoot.bytes == claim.modelRoot {
                    checks.append(.pass(id, title, "model root \(Hex.encode(claim.modelRoot)) (\(document.format.rawValue), \(document.tensors.count) tensors)"))
                } else {
                    checks.append(.fail(id, title, "the document commits to \(document.modelRoot.hex), the manifest claims \(Hex.encode(claim.modelRoot))"))
                }
            } catch {
                checks.append(.fail(id, title, "the document does not read: \(error)"))
            }
        }
        for (n, model) in inputs.models.enumerated() {
            let id = "model-file[\(n)]", title = "\(model.name) is a model of the bundle"
            let roles = bundle.manifest.models.filter { $0.modelRoot == model.root }.map(\.role.description)
            if roles.isEmpty {
                checks.append(.fail(id, title, "its model root \(Hex.encode(model.root)) is none of the bundle's"))
            } else {
                checks.append(.pass(id, title, "its model root \(Hex.encode(model.root)) is the bundle's \(roles.joined(separator: " and "))"))
            }
        }
        return checks
    }
}

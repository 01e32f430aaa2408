import PoTEvidence
import PoTSystem
import PoTTraining

/// What `pot bundle show` prints: the bundle's name, its parts and its claims, as read.
struct BundleSummary: Encodable {
    struct Part: Encodable {
        let index: Int, tag: String, kind: String, bytes: Int, sha256: String
    }
    struct Model: Encodable {
        let role: String, part: Int, modelRoot: String
    }
    struct Input: Encodable {
        let name: String, value: String
    }
    struct ProofEntry: Encodable {
        let statement: String, proofPart: Int, keyPart: Int, keyDigest: String, publicInputs: [Input]
    }
    struct SRSEntry: Encodable {
        let digest: String, development: Bool
    }

    struct Training: Encodable {
        let runId: String, steps: Int, datasetRoot: String, seedCommitment: String, initialCommitment: String, finalCommitment: String
        let stepProofs: [Int]
    }

    struct Behaviour: Encodable {
        let decision: String, queries: Int, mode: String, alpha: Double, gamma: Double, delta: Double, maxQueries: Int, commitment: String
        let scoringMethod: String?
        /// The served side of an endpoint run.
        let endpoint: Endpoint?
    }

    struct Endpoint: Encodable {
        let role: String, url: String, model: String, topK: Int, identity: String
    }

    let sha256: String
    let bytes: Int
    let parts: [Part]
    let srs: SRSEntry?
    let models: [Model]
    let proofs: [ProofEntry]
    let training: Training?
    let behaviour: Behaviour?

    init(_ bundle: EvidenceBundle) {
        let m = bundle.manifest
        sha256 = Hex.encode(bundle.digest)
        bytes = bundle.encoded.count
        parts = m.parts.enumerated().map { i, entry in
            Part(index: i, tag: entry.kind.rawValue, kind: entry.kind.title, bytes: bundle.parts[i].count, sha256: Hex.encode(entry.sha256))
        }
        srs = m.srs.map { SRSEntry(digest: Hex.encode($0.digest), development: $0.development) }
        models = m.models.map { Model(role: $0.role.description, part: $0.part, modelRoot: Hex.encode($0.modelRoot)) }
        proofs = m.proofs.map { p in
            ProofEntry(statement: p.statement, proofPart: p.proofPart, keyPart: p.keyPart, keyDigest: Hex.encode(p.keyDigest),
                       publicInputs: p.publicInputs.map { Input(name: $0.name, value: "\($0.value)") })
        }
        behaviour = m.behaviour.map { b in
            Behaviour(decision: b.decision.word, queries: b.queries, mode: b.mode, alpha: b.alpha, gamma: b.gamma, delta: b.delta,
                      maxQueries: b.maxQueries, commitment: Hex.encode(b.commitment), scoringMethod: b.scoringMethod,
                      endpoint: b.endpoint.map { Endpoint(role: $0.role.description, url: $0.url, model: $0.model, topK: $0.topK, identity: Hex.encode($0.identity)) })
        }
        training = m.training.map { t in
            Training(runId: RunDirectory.hex(t.runId), steps: t.steps, datasetRoot: RunDirectory.hex(t.datasetRoot),
                     seedCommitment: RunDirectory.hex(t.seedCommitment), initialCommitment: RunDirectory.hex(t.initialCommitment),
                     finalCommitment: RunDirectory.hex(t.finalCommitment), stepProofs: t.stepProofs)
        }
    }

    func text(path: String) -> String {
        var lines = header(path: path)
        if let b = behaviour {
            lines.append("  behaviour: \(b.decision) after \(b.queries) challenges (mode \(b.mode), α = \(b.alpha), γ = \(b.gamma), δ = \(b.delta), n_max = \(b.maxQueries)\(b.scoringMethod.map { ", \($0)" } ?? "")), commitment \(b.commitment)")
            if let e = b.endpoint {
                lines.append("    \(e.role): endpoint \(e.url), model \(e.model), top-k \(e.topK) (identity \(e.identity); an address, not a model file)")
            }
        }
        if let t = training {
            lines.append("  training run \(t.runId): \(t.steps) steps from C(W_0) \(t.initialCommitment) to C(W_T) \(t.finalCommitment)")
            lines.append("    D \(t.datasetRoot), S \(t.seedCommitment), step proofs: " + (t.stepProofs.isEmpty ? "none" : t.stepProofs.map { "proof \($0)" }.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n")
    }

    private func header(path: String) -> [String] {
        var lines = ["\(path): evidence bundle v\(EvidenceBundle.version), \(bytes) bytes, sha256 \(sha256)", "parts:"]
        lines += parts.map { "  \($0.index)  \($0.tag)  \($0.kind), \($0.bytes) bytes, sha256 \($0.sha256)" }
        lines.append("claims:")
        lines += models.map { "  model (\($0.role)): root \($0.modelRoot) (part \($0.part))" }
        if let srs { lines.append("  SRS \(srs.digest)\(srs.development ? " (insecure development SRS)" : "")") }
        for p in proofs {
            lines.append("  proof of \(p.statement) (part \(p.proofPart)), key \(p.keyDigest) (part \(p.keyPart))")
            lines += p.publicInputs.map { "    \($0.name) = \($0.value)" }
        }
        return lines
    }
}

import PoTAlgebra

/// The manifest's bytes (docs/bundle.md, "Manifest"): one encoding, written by `encoded` and
/// read back by `init(reading:)`, which also checks that the claims refer to parts of the
/// right kind and that every part is referred to.
extension Manifest {
    /// Most parts in a bundle; a training chain of a few thousand steps fits.
    public static let maxParts = 65_536
    static let maxModels = 64
    static let maxInputs = 4096

    var encoded: [UInt8] {
        var out = ByteSink()
        out.u32(parts.count)
        for part in parts {
            out.raw(part.kind.tag)
            out.raw(part.sha256)
        }
        out.u8(srs == nil ? 0 : 1)
        if let srs {
            out.raw(srs.digest)
            out.u8(srs.development ? 1 : 0)
        }
        out.u32(models.count)
        for model in models {
            out.u8(model.role.rawValue)
            out.u32(model.part)
            out.raw(model.modelRoot)
        }
        out.u8(behaviour == nil ? 0 : 1)
        if let b = behaviour {
            out.u32(b.bankPart)
            out.u32(b.commitmentPart)
            out.optionalIndex(b.contributionPart)
            out.u32(b.transcriptPart)
            out.u32(b.revealPart)
            out.u8(b.decision.rawValue)
            out.u32(b.queries)
            out.string(b.mode)
            out.f64(b.alpha)
            out.f64(b.gamma)
            out.f64(b.delta)
            out.u32(b.maxQueries)
            out.raw(b.commitment)
            // The writer's claims always have one (only a version 1 bundle read back has none).
            out.string(b.scoringMethod ?? "")
            out.u8(b.endpoint == nil ? 0 : 1)
            if let e = b.endpoint {
                out.u8(e.role.rawValue)
                out.string(e.url)
                out.string(e.model)
                out.u32(e.topK)
                out.raw(e.identity)
            }
        }
        out.u32(proofs.count)
        for proof in proofs {
            out.u32(proof.proofPart)
            out.u32(proof.keyPart)
            out.string(proof.statement)
            out.raw(proof.keyDigest)
            out.u32(proof.publicInputs.count)
            for input in proof.publicInputs {
                out.string(input.name)
                out.scalar(input.value)
            }
        }
        out.u8(training == nil ? 0 : 1)
        if let t = training {
            out.u32(t.configPart)
            out.u32(t.runPart)
            out.scalar(t.runId)
            out.u32(t.steps)
            out.scalar(t.datasetRoot)
            out.scalar(t.seedCommitment)
            out.scalar(t.initialCommitment)
            out.scalar(t.finalCommitment)
            out.u32(t.stepProofs.count)
            for i in t.stepProofs { out.u32(i) }
        }
        return out.bytes
    }

    /// Reads the manifest section that `cursor` is positioned on, to the section's end, in the
    /// layout of bundle format `version` (1 has no score method and no endpoint).
    init(reading cursor: inout ByteCursor, version: Int) throws(BundleError) {
        let partCount = try cursor.count("part count", 0...Self.maxParts)
        var parts: [PartEntry] = []
        var seen = Set<[UInt8]>()
        for i in 0..<partCount {
            let at = cursor.offset
            let tag = try cursor.raw(4, "tag of part \(i)")
            guard let kind = PartKind(tag: tag) else {
                throw cursor.failure("part \(i) has unknown kind \(Self.printable(tag))", at: at)
            }
            let sha256 = try cursor.digest("SHA-256 of part \(i)")
            guard seen.insert(tag + sha256).inserted else {
                throw cursor.failure("part \(i) repeats an earlier \(kind.rawValue) part (duplicate section)", at: at)
            }
            parts.append(PartEntry(kind: kind, sha256: sha256))
        }
        var refs = PartReferences(parts: parts)

        var srs: SRSIdentity?
        if try cursor.flag("SRS presence") {
            srs = SRSIdentity(digest: try cursor.digest("SRS digest"), development: try cursor.flag("SRS development flag"))
        }

        let modelCount = try cursor.count("model count", 0...Self.maxModels)
        var models: [ModelClaim] = []
        for i in 0..<modelCount {
            let at = cursor.offset
            guard let role = ModelRole(rawValue: try cursor.u8("role of model \(i)")) else {
                throw cursor.failure("model \(i) has an unknown role", at: at)
            }
            if role != .model, models.contains(where: { $0.role == role }) {
                throw cursor.failure("a second \(role) model", at: at)
            }
            let part = try refs.take(&cursor, "part of model \(i)", .modelCommitment)
            models.append(ModelClaim(role: role, part: part, modelRoot: try cursor.digest("root of model \(i)")))
        }

        var behaviour: BehaviourClaim?
        if try cursor.flag("behaviour presence") {
            let bank = try refs.take(&cursor, "prompt bank part", .promptBank)
            let commitment = try refs.take(&cursor, "commitment part", .behaviourCommitment)
            let contribution = try refs.takeIfPresent(&cursor, "contribution part", .behaviourContribution)
            let transcript = try refs.take(&cursor, "transcript part", .transcript)
            let reveal = try refs.take(&cursor, "reveal part", .reveal)
            let at = cursor.offset
            guard let decision = ClaimedDecision(rawValue: try cursor.u8("decision")) else {
                throw cursor.failure("the decision is not 1 (SAME), 2 (DIFFERENT) or 3 (UNDECIDED)", at: at)
            }
            let (queries, mode) = (try cursor.u32("query count"), try cursor.string("mode"))
            let (alpha, gamma, delta) = (try cursor.f64("alpha"), try cursor.f64("gamma"), try cursor.f64("delta"))
            let (maxQueries, value) = (try cursor.u32("n_max"), try cursor.digest("commitment value"))
            let method = version >= 2 ? try cursor.string("score method") : nil
            var endpoint: ServedEndpoint?
            if version >= 2, try cursor.flag("endpoint presence") {
                let at = cursor.offset
                guard let role = ModelRole(rawValue: try cursor.u8("endpoint role")), role == .reference || role == .candidate else {
                    throw cursor.failure("the endpoint's role is not 1 (reference) or 2 (candidate)", at: at)
                }
                endpoint = ServedEndpoint(role: role, url: try cursor.string("endpoint URL"), model: try cursor.string("endpoint model"),
                                          topK: try cursor.u32("endpoint k"), identity: try cursor.digest("endpoint identity"))
            }
            behaviour = BehaviourClaim(
                bankPart: bank, commitmentPart: commitment, contributionPart: contribution, transcriptPart: transcript,
                revealPart: reveal, decision: decision, queries: queries, mode: mode, alpha: alpha, gamma: gamma, delta: delta,
                maxQueries: maxQueries, commitment: value, scoringMethod: method, endpoint: endpoint)
        }

        // A behavioural claim has a reference and a candidate model, except the side it says was served.
        for role in [ModelRole.reference, .candidate] {
            let present = models.contains { $0.role == role }, served = behaviour?.endpoint?.role == role
            if behaviour == nil, present { throw cursor.failure("a \(role) model without a behavioural claim") }
            if behaviour != nil, !present, !served { throw cursor.failure("a behavioural claim without a \(role) model") }
            if present, served { throw cursor.failure("a \(role) model, but the behavioural claim says the \(role) was served") }
        }

        let proofCount = try cursor.count("proof count", 0...Self.maxParts)
        var proofs: [ProofClaim] = []
        for i in 0..<proofCount {
            let proofPart = try refs.take(&cursor, "part of proof \(i)", .proof)
            let keyPart = try refs.take(&cursor, "key part of proof \(i)", .verifyingKey, shared: true)
            let statement = try cursor.string("statement of proof \(i)")
            let keyDigest = try cursor.digest("key digest of proof \(i)")
            let inputCount = try cursor.count("public input count of proof \(i)", 0...Self.maxInputs)
            var inputs: [NamedInput] = []
            for j in 0..<inputCount {
                inputs.append(NamedInput(name: try cursor.string("name of public input \(j) of proof \(i)", limit: 256),
                                         value: try cursor.scalar("public input \(j) of proof \(i)")))
            }
            proofs.append(ProofClaim(proofPart: proofPart, keyPart: keyPart, statement: statement, keyDigest: keyDigest, publicInputs: inputs))
        }
        guard (srs != nil) == !proofs.isEmpty else {
            throw cursor.failure(proofs.isEmpty ? "an SRS identity without proofs" : "proofs without an SRS identity")
        }

        var training: TrainingClaim?
        if try cursor.flag("training presence") {
            let config = try refs.take(&cursor, "training configuration part", .trainingConfig)
            let run = try refs.take(&cursor, "training run part", .trainingRun)
            let runId = try cursor.scalar("run id"), steps = try cursor.u32("step count")
            let (d, s) = (try cursor.scalar("dataset root"), try cursor.scalar("seed commitment"))
            let (initial, final) = (try cursor.scalar("initial commitment"), try cursor.scalar("final commitment"))
            let count = try cursor.count("step proof count", 0...proofs.count)
            var stepProofs: [Int] = []
            for j in 0..<count {
                let at = cursor.offset
                let i = try cursor.u32("step proof \(j)")
                guard i < proofs.count, !stepProofs.contains(i) else {
                    throw cursor.failure("step proof \(j) names proof \(i): not a proof of the bundle or named twice", at: at)
                }
                stepProofs.append(i)
            }
            training = TrainingClaim(configPart: config, runPart: run, runId: runId, steps: steps, datasetRoot: d, seedCommitment: s,
                                     initialCommitment: initial, finalCommitment: final, stepProofs: stepProofs)
        }
        if training == nil, models.contains(where: { $0.role == .trained }) {
            throw cursor.failure("a trained model without a training claim")
        }
        guard cursor.remaining == 0 else { throw cursor.failure("\(cursor.remaining) bytes after the last claim") }
        if let unused = refs.unused { throw cursor.failure("part \(unused) (\(parts[unused].kind.rawValue)) is not referred to by any claim") }
        self.init(parts: parts, srs: srs, models: models, behaviour: behaviour, proofs: proofs, training: training)
    }

    static func printable(_ tag: [UInt8]) -> String {
        tag.allSatisfy { (0x20..<0x7f).contains($0) } ? "\"\(String(decoding: tag, as: UTF8.self))\"" : "0x" + tag.map { String($0, radix: 16) }.joined()
    }
}

/// Checks that each claim names a part of its kind, and that a part is named once (keys may be
/// shared by several proofs).
private struct PartReferences {
    let parts: [PartEntry]
    private var used: [Bool]

    init(parts: [PartEntry]) {
        self.parts = parts
        used = Array(repeating: false, count: parts.count)
    }

    var unused: Int? { used.firstIndex(of: false) }

    mutating func take(_ cursor: inout ByteCursor, _ what: String, _ kind: PartKind, shared: Bool = false) throws(BundleError) -> Int {
        try resolve(&cursor, what, kind, optional: false, shared: shared)!
    }

    mutating func takeIfPresent(_ cursor: inout ByteCursor, _ what: String, _ kind: PartKind) throws(BundleError) -> Int? {
        try resolve(&cursor, what, kind, optional: true, shared: false)
    }

    private mutating func resolve(_ cursor: inout ByteCursor, _ what: String, _ kind: PartKind,
                                       optional: Bool, shared: Bool) throws(BundleError) -> Int? {
        let at = cursor.offset
        guard let i = try cursor.partIndex(what, parts: parts.count, optional: optional) else { return nil }
        guard parts[i].kind == kind else {
            throw cursor.failure("\(what) is part \(i), a \(parts[i].kind.rawValue) part, not \(kind.rawValue)", at: at)
        }
        guard !used[i] || shared && parts[i].kind == .verifyingKey else {
            throw cursor.failure("\(what) is part \(i), already claimed by another claim", at: at)
        }
        used[i] = true
        return i
    }
}

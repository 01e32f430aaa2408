import Foundation
import PoTBehaviour
import PoTHashing
import PoTTraining
import PoTPlonk
import PoTSystem

/// Assembles a bundle from the files a producer has; every claim is read off those files, so a
/// bundle built here claims only what its parts say. Each `add` checks its input and names the
/// file in its error.
public struct BundleBuilder {
    private var parts: [(kind: PartKind, bytes: [UInt8])] = []
    private var models: [ModelClaim] = []
    private var proofs: [ProofClaim] = []
    private var keyParts: [[UInt8]: Int] = [:]
    private var srs: SRSIdentity?
    private var training: TrainingClaim?
    private var behaviour: BehaviourClaim?

    public init() {}

    private mutating func add(_ kind: PartKind, _ bytes: [UInt8], name: String) throws(BundleError) -> Int {
        guard bytes.count <= kind.maxBytes else {
            throw BundleError(path: name, reason: "\(bytes.count) bytes, more than the \(kind.maxBytes) a \(kind.title) may have in a bundle")
        }
        let digest = SHA256.hash(bytes)
        if parts.contains(where: { $0.kind == kind && SHA256.hash($0.bytes) == digest }) {
            throw BundleError(path: name, reason: "this \(kind.title) is already in the bundle")
        }
        parts.append((kind, bytes))
        return parts.count - 1
    }

    /// A model commitment document (`pot commit -o`).
    public mutating func addModel(commitment bytes: [UInt8], role: ModelRole, name: String) throws(BundleError) {
        if role != .model, models.contains(where: { $0.role == role }) {
            throw BundleError(path: name, reason: "the bundle already has a \(role) model")
        }
        let document: ModelCommitment
        do { document = try ModelCommitment(json: bytes, path: name) } catch {
            throw BundleError(path: name, reason: "not a model commitment document: \(error)")
        }
        let part = try add(.modelCommitment, bytes, name: name)
        models.append(ModelClaim(role: role, part: part, modelRoot: document.modelRoot.bytes))
    }

    /// A proof and its verifying key; the claim names the key's statement and digest and the
    /// proof's public inputs by the statement's names. The proof must verify.
    @discardableResult
    public mutating func addProof(proof proofBytes: [UInt8], proofName: String, key keyBytes: [UInt8], keyName: String) throws(BundleError) -> Int {
        let key: VerifyingKey
        let decoded: (proof: Proof, vkDigest: [UInt8])
        do {
            key = try VerifyingKey(bytes: keyBytes, path: keyName)
            decoded = try Proof.decode(proofBytes, path: proofName)
        } catch {
            throw BundleError(path: proofName, reason: "\(error)")
        }
        guard decoded.vkDigest == key.digest else { throw BundleError(path: proofName, reason: "made for another key than \(keyName)") }
        // The SRS identity is the keys' own: its digest and development flag are in every key.
        let identity = SRSIdentity(digest: key.srsDigest, development: key.isDevelopmentSRS)
        if let srs, srs != identity {
            throw BundleError(path: keyName, reason: "made with SRS \(Hex.encode(key.srsDigest)), the bundle's other keys with \(Hex.encode(srs.digest))")
        }
        let statement: StatementBinding
        do {
            statement = try StatementBinding(keyName: key.circuit)
            try statement.statement.verify(decoded.proof, key: key)
        } catch {
            throw BundleError(path: proofName, reason: "\(error)")
        }
        let keyPart: Int
        if let existing = keyParts[key.digest] {
            keyPart = existing
        } else {
            keyPart = try add(.verifyingKey, keyBytes, name: keyName)
            keyParts[key.digest] = keyPart
        }
        let proofPart = try add(.proof, proofBytes, name: proofName)
        srs = identity
        let inputs = zip(statement.publicInputNames.flatMap { $0 }, decoded.proof.instances.flatMap { $0 }).map { NamedInput(name: $0, value: $1) }
        proofs.append(ProofClaim(proofPart: proofPart, keyPart: keyPart, statement: key.circuit, keyDigest: key.digest, publicInputs: inputs))
        return proofs.count - 1
    }

    /// A behavioural run, as published: the prompt bank, the commitment line, the contribution
    /// line (if one was published), the transcript and the reveal line. The transcript must verify
    /// under all of them, so a bundle never carries the secret of an unfinished run. The
    /// reference and candidate commitment documents are added with their roles; for an endpoint
    /// run (its transcript header names the served side) only the local side's, and the claim
    /// names the endpoint as the header records it.
    public mutating func addBehaviour(bank: [UInt8], commitment: [UInt8], contribution: [UInt8]?, transcript: [UInt8], reveal: [UInt8],
                                      names: (bank: String, commitment: String, contribution: String, transcript: String, reveal: String))
        throws(BundleError) {
        guard behaviour == nil else { throw BundleError(path: names.transcript, reason: "the bundle already has a behavioural run") }
        let verification: TranscriptVerification
        let published: ChallengeCommitment
        do {
            let parts = try BehaviourParts(bank: bank, commitment: commitment, contribution: contribution, transcript: transcript,
                                           reveal: reveal, names: names)
            verification = try parts.verify()
            published = parts.published
        } catch {
            throw BundleError(path: names.transcript, reason: "\(error)")
        }
        guard let decision = ClaimedDecision(word: verification.decision.decision) else {
            throw BundleError(path: names.transcript, reason: "unknown decision \(verification.decision.decision)")
        }
        var endpoint: ServedEndpoint?
        if let served = verification.header.endpoint {
            // The transcript verifier has checked the role and that the identity is the committed root.
            guard let identity = Hex.decode(served.identity), let role = EndpointRole(rawValue: served.role) else {
                throw BundleError(path: names.transcript, reason: "the endpoint in the header has role \(served.role) or an identity that is not hex")
            }
            endpoint = ServedEndpoint(role: role == .candidate ? .candidate : .reference, url: served.url, model: served.model,
                                      topK: served.topK, identity: identity)
        }
        let bankPart = try add(.promptBank, bank, name: names.bank)
        let commitmentPart = try add(.behaviourCommitment, commitment, name: names.commitment)
        let contributionPart = try contribution.map { bytes throws(BundleError) in try add(.behaviourContribution, bytes, name: names.contribution) }
        let transcriptPart = try add(.transcript, transcript, name: names.transcript)
        let revealPart = try add(.reveal, reveal, name: names.reveal)
        let p = published.parameters
        behaviour = BehaviourClaim(
            bankPart: bankPart, commitmentPart: commitmentPart, contributionPart: contributionPart, transcriptPart: transcriptPart,
            revealPart: revealPart, decision: decision, queries: verification.decision.n, mode: p.mode, alpha: p.sequential.alpha,
            gamma: p.sequential.gamma, delta: p.sequential.delta, maxQueries: p.sequential.maxQueries, commitment: published.value,
            scoringMethod: p.scoringMethod.rawValue, endpoint: endpoint)
    }

    /// A training run: its `config.json` and `run.json` (checked against each other), and its
    /// step proofs in step order, each with its key; a bundle holds one run.
    public mutating func addTrainingRun(config: [UInt8], configName: String, run: [UInt8], runName: String,
                                        stepProofs: [(proof: [UInt8], proofName: String, key: [UInt8], keyName: String)] = []) throws(BundleError) {
        guard training == nil else { throw BundleError(path: runName, reason: "the bundle already has a training run") }
        let record: RunManifest
        do { record = try RunManifest(config: try TrainingConfig(json: config, name: configName), runJSON: run, name: runName) } catch {
            throw BundleError(path: runName, reason: "\(error)")
        }
        let configPart = try add(.trainingConfig, config, name: configName)
        let runPart = try add(.trainingRun, run, name: runName)
        var steps: [Int] = []
        for step in stepProofs {
            steps.append(try addProof(proof: step.proof, proofName: step.proofName, key: step.key, keyName: step.keyName))
        }
        training = TrainingClaim(
            configPart: configPart, runPart: runPart, runId: record.runId, steps: record.steps, datasetRoot: record.datasetRoot,
            seedCommitment: record.seedCommitment, initialCommitment: record.commitments[0], finalCommitment: record.commitments[record.steps],
            stepProofs: steps)
    }

    /// A run directory of `pot train`: its configuration, run record and, when it was trained
    /// with `--prove`, its step proofs and their key (the files run.json's proofs section names);
    /// and the commitment document of its final weights, as the trained model.
    public mutating func addTrainingRun(directory: String) throws(BundleError) {
        func read(_ name: String) throws(BundleError) -> [UInt8] {
            let path = directory + "/" + name
            do { return try InputFile.read(path, limit: UInt64(EvidenceBundle.maxBytes)) } catch { throw BundleError(path: path, reason: error.reason) }
        }
        let (config, run) = (try read("config.json"), try read("run.json"))
        var steps: [(proof: [UInt8], proofName: String, key: [UInt8], keyName: String)] = []
        let record = (try? JSONSerialization.jsonObject(with: Data(run))) as? [String: Any]
        if record?["proofs"] != nil {
            let chain: TrainingChain.Run
            do {
                chain = try TrainingChain.load(directory: directory)
                _ = try TrainingChain.key(chain, directory: directory)  // refuses a key file outside keys/
            } catch {
                throw BundleError(path: directory + "/run.json", reason: "\(error)")
            }
            let key = try read(chain.proofs.vk)
            for entry in chain.proofs.files {
                // Only files in the run's proofs/ folder, as the trainer names them.
                guard entry.file == ProofIndex.proofFile(firstStep: entry.firstStep) else {
                    throw BundleError(path: directory + "/run.json", reason: "names the proof file '\(entry.file)' for step \(entry.firstStep), not \(ProofIndex.proofFile(firstStep: entry.firstStep))")
                }
                steps.append((try read(entry.file), directory + "/" + entry.file, key, directory + "/" + chain.proofs.vk))
            }
        }
        try addTrainingRun(config: config, configName: directory + "/config.json", run: run, runName: directory + "/run.json", stepProofs: steps)
        let weights = directory + "/weights-final.safetensors"
        let document: ModelCommitment
        do { document = try ModelCommitment(layout: ModelLayout.open(path: weights), threads: 1, tool: "pot") } catch {
            throw BundleError(path: weights, reason: "\(error)")
        }
        try addModel(commitment: Array(document.json.utf8), role: .trained, name: weights)
    }

    /// The bundle of everything added, read back through the reader so that the builder never
    /// makes a bundle the reader refuses (a candidate without a reference, say).
    public func build() throws(BundleError) -> EvidenceBundle {
        let manifest = Manifest(
            parts: parts.map { PartEntry(kind: $0.kind, sha256: SHA256.hash($0.bytes)) },
            srs: proofs.isEmpty ? nil : srs, models: models, behaviour: behaviour, proofs: proofs, training: training)
        return try EvidenceBundle(bytes: EvidenceBundle(manifest: manifest, parts: parts.map(\.bytes)).encoded, path: "the new bundle")
    }
}

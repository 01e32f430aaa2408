import Foundation
import PoTBehaviour
import PoTHashing
import PoTModels
import PoTSystem

/// The demo's behavioural stage: two variants of the model written here (a re-encoding and a
/// perturbed copy, GGUFVariant), each committed and tested against the model with the v2
/// commit – contribute – behave – reveal flow of docs/behaviour.md. The demo plays both parties:
/// the auditor (a fresh secret, the commitment, the run, the reveal) and the candidate's owner
/// (a fresh nonce answering the published commitment). The re-encoding must come out SAME, the
/// perturbed copy DIFFERENT; the SAME run is what the bundle carries.
struct DemoBehaviour {
    let model: String
    let directory: String
    let threads: Int
    let bank: BankOption
    /// Audit mode, the calibrated default of `pot challenge commit`.
    static let mode = BehaviourMode.audit
    /// The noise of docs/behaviour.md's `noise10` variant, on the same (feed-forward) matrices.
    static let relativeNoise = 0.1

    /// What a finished run publishes, as the bundle takes it (files of the run's folder).
    struct Published {
        let candidate: ModelCommitment
        let folder: String
        let bank: (bytes: [UInt8], path: String)
        let commitment: [UInt8], contribution: [UInt8], transcript: [UInt8], reveal: [UInt8]
    }

    /// Both runs; returns the SAME one.
    func run(reference: ModelCommitment) throws -> Published {
        let clock = ContinuousClock()
        let (reencoded, perturbed) = (directory + "/reencoded.gguf", directory + "/perturbed.gguf")
        let writing = try clock.measure {
            try GGUFVariant.writeReencoding(of: model, to: reencoded)
            try GGUFVariant.writePerturbed(of: model, to: perturbed, relativeNoise: Self.relativeNoise, seed: 1)
        }
        print("  variants written in " + String(format: "%.1f s", writing.seconds) + ":\n"
              + "    \(reencoded): the same tensors in reverse order, labelled (metadata `\(GGUFVariant.labelKey)`)\n"
              + "    \(perturbed): Gaussian noise of \(Int(Self.relativeNoise * 100)) % of each feed-forward matrix's RMS, re-quantized (seed 1)")
        let bankBytes: [UInt8]
        do { bankBytes = try InputFile.read(bank.path, limit: PromptBank.maxBytes) } catch { throw DemoError("\(error)") }
        let prompts = (bank: try PromptBank(data: Data(bankBytes), name: bank.path), bytes: bankBytes, path: bank.path)
        let referenceModel = try loadScoringModel(model, threads: threads, products: .automatic)
        let same = try behave(reference: (reference, referenceModel), candidate: reencoded, prompts: prompts, expected: "SAME", folder: "behaviour-same")
        _ = try behave(reference: (reference, referenceModel), candidate: perturbed, prompts: prompts, expected: "DIFFERENT", folder: "behaviour-different")
        return same
    }

    /// One run of the v2 flow against `candidate`, its published files written into `folder`.
    private func behave(reference: (commitment: ModelCommitment, model: LanguageModel), candidate: String,
                        prompts: (bank: PromptBank, bytes: [UInt8], path: String), expected: String, folder: String) throws -> Published {
        let bank = prompts.bank
        let clock = ContinuousClock.now
        let folder = directory + "/" + folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        print("  \(URL(fileURLWithPath: candidate).lastPathComponent) against the model, \(Self.mode) mode, published files in \(folder)/")
        let committed = try ModelCommitment(layout: ModelLayout.open(path: candidate), threads: threads, tool: "pot \(Toolkit.version)")
        let scorer = try ChallengeScorer(
            reference: reference.model, candidate: loadScoringModel(candidate, threads: threads, products: reference.model.products),
            continuationTokens: Self.mode.continuationTokens)
        let roots = (reference.commitment.modelRoot.hex, committed.modelRoot.hex)

        // The auditor commits to a fresh secret, both models and every parameter, and publishes.
        let secret = AuditorSecret.random()
        let parameters = BehaviourParameters(
            mode: Self.mode, promptBankSHA256: bank.sha256, scoringMethod: scorer.method, products: scorer.products,
            referenceRoot: roots.0, candidateRoot: roots.1, contributionSource: "nonce of the candidate's owner")
        let commitmentLine = TranscriptJSON.line(CommitmentRecord(ChallengeCommitment(secret: secret, runID: freshRunID(), parameters: parameters)))
        try write(commitmentLine, to: folder + "/commitment.json")
        // The candidate's owner answers what was published with a fresh nonce.
        let published = try CommitmentRecord.read(commitmentLine, at: folder + "/commitment.json")
        let contribution = Contribution.nonce()
        let contributionLine = TranscriptJSON.line(ContributionRecord(commitment: published, contribution: contribution))
        try write(contributionLine, to: folder + "/contribution.json")
        // The auditor runs the test under both, then reveals the secret for a transcript that verifies.
        var lines: [String] = []
        let run = try BehaviourRun(secret: secret, commitment: published, contribution: contribution, bank: bank, scorer: scorer, modelRoots: roots)
        let decision = try run.run(tool: "pot \(Toolkit.version)", emit: { lines.append($0) })
        let transcript = lines.map { $0 + "\n" }.joined()
        try write(transcript, to: folder + "/run.ndjson", newline: false)
        _ = try TranscriptVerifier.verify(lines: lines, bank: bank, inputs: VerificationInputs(published: published, secret: secret))
        let revealLine = TranscriptJSON.line(KeyReveal(runId: published.runID, commitment: Hex.encode(published.value), secret: secret.hex))
        try write(revealLine, to: folder + "/reveal.json")

        print("    candidate root \(roots.1) (the model's \(roots.0))\n"
              + "    \(summary(decision)) (expected \(expected)); whole run " + String(format: "%.1f s", (ContinuousClock.now - clock).seconds))
        guard decision.decision == expected else {
            throw DemoError("\(candidate) came out \(decision.decision) against the model, not \(expected): see \(folder)/run.ndjson")
        }
        return Published(candidate: committed, folder: folder, bank: (prompts.bytes, prompts.path),
                         commitment: Array((commitmentLine + "\n").utf8), contribution: Array((contributionLine + "\n").utf8),
                         transcript: Array(transcript.utf8), reveal: Array((revealLine + "\n").utf8))
    }

    private func write(_ text: String, to path: String, newline: Bool = true) throws {
        try Data((newline ? text + "\n" : text).utf8).write(to: URL(fileURLWithPath: path))
    }
}

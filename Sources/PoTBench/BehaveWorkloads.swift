import Foundation
import PoTBehaviour
import PoTModels
import PoTSystem

/// `pot bench behave MODEL`: a local audit of MODEL against a byte-for-byte copy of it in a
/// temporary folder (two files, so two maps), one model at a time as `pot behave` runs it
/// (``OneModelAtATime``), in quick mode (n_max = 100, K = 16; labelled) with the default matrix
/// products on one thread: ggml's threads spin at their barriers, and two of them on a loaded
/// two-core machine ran this audit many times slower. Names fixed by issue 17.
///
/// - `behave_one_model_rss` (MiB): the process's peak resident size while one model is loaded
///   and answers one challenge as the reference (greedy continuation and K rows of
///   log-probabilities): what running one model takes.
/// - `behave_peak_rss` (MiB): the peak over a whole audit — the candidate's vocabulary read,
///   the reference's n_max answers written to disk, the reference freed, the candidate scored
///   to the decision. Within 1.3× of `behave_one_model_rss` is issue 17's bar.
/// - `behave_query_ms` (ms): the whole audit's wall time divided by the challenges the test
///   needed (n): per decided query, with the reference's n_max answers and both loads included.
///   The model roots are computed once beforehand and are in no figure.
public enum BehaveWorkloads {
    static let bank = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../params/prompt-bank.json").standardized.path
    static let mode = BehaviourMode.quick
    static let threads = 1

    public static func all(path: String) throws -> [Workload] {
        let folder = NSTemporaryDirectory() + "pot-bench-behave-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let copy = folder + "/copy.gguf"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let audit = try Audit(reference: path, candidate: copy, folder: folder)
        let params = ["threads": threads]
        let labels = ["mode": mode.rawValue]
        return [
            Workload(name: "behave_one_model_rss", params: params, labels: labels, unit: .mib, batch: 1,
                     prepare: PeakResident.reset, gauge: PeakResident.mib) { audit.oneModel() },
            Workload(name: "behave_peak_rss", params: params, labels: labels, unit: .mib, batch: 1,
                     prepare: PeakResident.reset, gauge: PeakResident.mib) { audit.run() },
            Workload(name: "behave_query_ms", params: params, labels: labels, unit: .ms, batch: audit.expectedQueries) { audit.run() },
        ]
    }

    /// One committed audit, run again by each call; its folder, with the copy, is removed when
    /// the workloads are released.
    private final class Audit: @unchecked Sendable {
        let reference: String, candidate: String, folder: String
        let audit: OneModelAtATime
        let products = MatrixProducts.automatic
        /// n for a model against itself: every score is 0, so the test's path is fixed.
        let expectedQueries: Int
        let prompt: String

        init(reference: String, candidate: String, folder: String) throws {
            self.reference = reference
            self.candidate = candidate
            self.folder = folder
            let promptBank = try PromptBank.load(path: BehaveWorkloads.bank)
            let roots = (try ModelRoot.of(path: reference, threads: BehaveWorkloads.threads),
                         try ModelRoot.of(path: candidate, threads: BehaveWorkloads.threads))
            let parameters = BehaviourParameters(
                mode: BehaveWorkloads.mode, promptBankSHA256: promptBank.sha256, scoringMethod: .meanTotalVariation,
                products: products, referenceRoot: roots.0, candidateRoot: roots.1, contributionSource: "nonce of the candidate's owner")
            let secret = AuditorSecret.random()
            let commitment = ChallengeCommitment(secret: secret, runID: "bench-behave", parameters: parameters)
            audit = try OneModelAtATime(secret: secret, commitment: commitment, contribution: Contribution.nonce(), bank: promptBank,
                                        modelRoots: roots)
            var ledger = ScoreLedger(parameters: BehaveWorkloads.mode.sequential)
            while ledger.decision == nil { try ledger.observe(0) }
            expectedQueries = ledger.count
            prompt = promptBank.prompt(seed: Array(repeating: 7, count: 32))
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func load(_ path: String) throws -> LanguageModel {
            try LanguageModel(path: path, contextLength: 512, threads: BehaveWorkloads.threads, products: products)
        }

        func oneModel() {
            do {
                let model = try ReferenceScorer(model: load(reference), continuationTokens: BehaveWorkloads.mode.continuationTokens)
                blackHole(try model.output(prompt: prompt, method: .meanTotalVariation))
            } catch {
                fatalError("one model's challenge failed during the benchmark: \(error)")
            }
        }

        func run() {
            do {
                let outcome = try audit.audit(tool: "pot bench", loadReference: { try load(reference) }, loadCandidate: { try load(candidate) },
                                              scratch: folder, emit: { _ in })
                precondition(outcome.decision.decision == "SAME" && outcome.decision.n == expectedQueries,
                             "a model against its copy gave \(outcome.decision.decision) at n = \(outcome.decision.n)")
            } catch {
                fatalError("the audit failed during the benchmark: \(error)")
            }
        }
    }
}

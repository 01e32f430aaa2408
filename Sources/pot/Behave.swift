import ArgumentParser
import Foundation
import PoTBehaviour
import PoTModels

/// `pot behave`: is the candidate the reference model? A sequential test on secret challenges.
struct Behave: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide SAME / DIFFERENT / UNDECIDED for a candidate against a reference model, with a re-checkable transcript.",
        discussion: "`pot behave --ref A --cand B --key K` is `pot behave run ...`. See docs/behaviour.md.",
        subcommands: [Run.self, Verify.self],
        defaultSubcommand: Run.self)
}

/// Loads a model for scoring; challenges need little context.
func loadScoringModel(_ path: String, threads: Int, products: MatrixProducts) throws -> LanguageModel {
    try LanguageModel(path: path, contextLength: 512, threads: threads, products: products)
}

extension Behave {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the test; the transcript (NDJSON) goes to stdout or --transcript.")

        @Option(help: "The reference model (GGUF).")
        var ref: String

        @Option(help: "The candidate model (GGUF).")
        var cand: String

        @Option(help: "Test parameters: quick, audit or extended (docs/behaviour.md).")
        var mode: BehaviourMode?

        @Option(help: "The key file (from `pot challenge commit --new-key`).")
        var key: String

        @Option(help: "A commitment line from `pot challenge commit`; without it a fresh commitment is made.")
        var commitment: String?

        @Option(help: "The run id when no --commitment is given; random by default.")
        var runId: String?

        @Option(help: "Write the transcript here instead of stdout.")
        var transcript: String?

        @Flag(help: "End stdout with one JSON object: decision, n, mean, lower, upper, seconds.")
        var json = false

        @Option(help: "ggml CPU threads per model.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Matrix products of both models: vnni or ggml (the transcript records which; re-scoring needs the same). Default: vnni where the CPU has it.")
        var products = MatrixProducts.automatic

        @OptionGroup var bank: BankOption

        func validate() throws {
            guard products.runsHere else {
                throw ValidationError("--products vnni needs AVX-512 VNNI, which this CPU lacks")
            }
        }

        func run() throws {
            let secret = try ChallengeKey.load(path: key)
            let bank = try bank.load()
            let committed: ChallengeCommitment
            if let commitment {
                guard let line = try readLines(commitment).first,
                      let record = TranscriptJSON.decode(CommitmentRecord.self, from: line) else {
                    throw ValidationError("\(commitment): not a commitment line from `pot challenge commit`")
                }
                committed = try record.parsed()
                if let mode, mode.rawValue != committed.parameters.mode {
                    throw ValidationError("--mode \(mode.rawValue) contradicts the committed mode \(committed.parameters.mode)")
                }
            } else {
                committed = ChallengeCommitment(
                    key: secret, runID: runId ?? freshRunID(),
                    parameters: BehaviourParameters(mode: mode ?? .audit, promptBankSHA256: bank.sha256))
            }
            let reference = try ModelIdentity.of(path: ref), candidate = try ModelIdentity.of(path: cand)
            let scorer = try ChallengeScorer(
                reference: loadScoringModel(ref, threads: threads, products: products),
                candidate: loadScoringModel(cand, threads: threads, products: products),
                continuationTokens: committed.parameters.continuationTokens)
            let run = try BehaviourRun(key: secret, commitment: committed, bank: bank, scorer: scorer)

            let out: FileHandle
            if let transcript {
                guard FileManager.default.createFile(atPath: transcript, contents: nil),
                      let handle = FileHandle(forWritingAtPath: transcript) else {
                    throw ValidationError("\(transcript): cannot create the transcript file")
                }
                out = handle
            } else {
                out = .standardOutput
            }
            let progress = TestProgress(maxQueries: committed.parameters.sequential.maxQueries)
            let decision = try run.run(
                tool: "pot \(Toolkit.version)", reference: reference, candidate: candidate,
                emit: { out.write(Data(($0 + "\n").utf8)) }, progress: progress.update)
            progress.finish()
            if transcript != nil {
                try out.close()
                if json {
                    print(TranscriptJSON.line(decision))
                } else {
                    print(summary(decision))
                }
            } else if !json {
                // stdout carries the transcript, whose last line is already the decision.
                FileHandle.standardError.write(Data((summary(decision) + "\n").utf8))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check a transcript: structure, prompts and decision; the commitment with --key; scores with --ref/--cand.")

        @Argument(help: "The transcript (NDJSON).")
        var transcript: String

        @Option(help: "The revealed key (a key file or the line of `pot challenge reveal`).")
        var key: String?

        @Option(help: "The reference model, to re-score challenges.")
        var ref: String?

        @Option(help: "The candidate model, to re-score challenges.")
        var cand: String?

        @Option(help: "Re-score this many challenges, drawn at random (default: all).")
        var sample: Int?

        @Option(help: "ggml CPU threads per model.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Print one JSON object: verified, decision, n, mean, lower, upper, key_checked, rescored.")
        var json = false

        @OptionGroup var bank: BankOption

        func validate() throws {
            guard (ref == nil) == (cand == nil) else { throw ValidationError("re-scoring needs both --ref and --cand") }
            if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        }

        func run() throws {
            let lines = try readLines(transcript)
            let bank = try bank.load()
            let secret = try key.map { try ChallengeKey.load(path: $0) }
            var scorer: ChallengeScorer?
            if let ref, let cand, let first = lines.first,
               let header = TranscriptJSON.decode(TranscriptHeader.self, from: first) {
                for (path, stated, role) in [(ref, header.reference, "reference"), (cand, header.candidate, "candidate")] {
                    let actual = try ModelIdentity.of(path: path)
                    guard actual.sha256 == stated.sha256 else {
                        throw BehaviourError.rejected("\(path) is not the transcript's \(role) (sha256 \(actual.sha256), transcript \(stated.sha256))")
                    }
                }
                // Re-score with the products the transcript was scored with (ggml's before it said).
                let recorded = header.recordedProducts
                guard let products = MatrixProducts(rawValue: recorded) else {
                    throw BehaviourError.rejected("\(transcript): unknown products \"\(recorded)\" in the header")
                }
                guard products.runsHere else {
                    throw ValidationError("\(transcript) was scored with the AVX-512 VNNI products, which this CPU lacks: re-scoring needs a CPU with them (verify without --ref/--cand to check everything else)")
                }
                scorer = try ChallengeScorer(
                    reference: loadScoringModel(ref, threads: threads, products: products),
                    candidate: loadScoringModel(cand, threads: threads, products: products),
                    continuationTokens: header.commitment.continuationTokens)
            }
            let sample = self.sample
            let result = try TranscriptVerifier.verify(
                lines: lines, bank: bank, key: secret, scorer: scorer,
                rescore: { n in sample.map { Array((0..<n).shuffled().prefix($0)).sorted() } ?? Array(0..<n) })
            let d = result.decision
            if json {
                struct Report: Encodable {
                    let verified = true
                    let decision: String, n: Int, mean: Double, lower: Double?, upper: Double?
                    let keyChecked: Bool, rescored: Int
                }
                print(TranscriptJSON.line(Report(decision: d.decision, n: d.n, mean: d.mean, lower: d.lower, upper: d.upper,
                                                 keyChecked: result.keyChecked, rescored: result.rescored.count)))
            } else {
                print("verified: \(summary(d))")
                print(result.keyChecked ? "key: seeds re-derived, commitment opens" : "key: not given (seeds and commitment unchecked)")
                print(scorer == nil ? "models: not given (scores unchecked)" : "models: \(result.rescored.count) challenges re-scored, all match")
            }
        }
    }
}

func summary(_ d: DecisionRecord) -> String {
    String(format: "%@ after %d challenges, mean score %.4f, bounds %@, %.1f s", d.decision, d.n, d.mean,
           boundsText(d.lower, d.upper), d.seconds)
}

/// The confidence bounds as printed, or "(empty)" before they exist.
func boundsText(_ lower: Double?, _ upper: Double?) -> String {
    lower.flatMap { l in upper.map { String(format: "[%.3f, %.3f]", l, $0) } } ?? "(empty)"
}

/// One status line on stderr after every challenge, only on a terminal.
final class TestProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let maxQueries: Int
    private let start = ContinuousClock.now

    init(maxQueries: Int) { self.maxQueries = maxQueries }

    func update(_ ledger: ScoreLedger) {
        guard enabled else { return }
        let line = String(format: "challenge %d/%d  mean %.4f  bounds %@  %.1f s", ledger.count, maxQueries, ledger.mean,
                          boundsText(ledger.lower, ledger.upper), (ContinuousClock.now - start).seconds)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

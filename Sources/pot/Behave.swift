import ArgumentParser
import Foundation
import PoTBehaviour
import PoTModels
import PoTSystem

/// `pot behave`: is the candidate the reference model? A sequential test on secret challenges.
struct Behave: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide SAME / DIFFERENT / UNDECIDED for a candidate against a reference model, with a re-checkable transcript.",
        discussion: "`pot behave --ref A --cand B ...` is `pot behave run ...`. See docs/behaviour.md.",
        subcommands: [Run.self, Verify.self],
        defaultSubcommand: Run.self)
}

/// Loads a model for scoring; challenges need little context.
func loadScoringModel(_ path: String, threads: Int, products: MatrixProducts, device: DeviceChoice = .auto) throws -> LanguageModel {
    try LanguageModel(path: path, contextLength: 512, threads: threads, products: products, device: device)
}

extension Behave {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the test under a published commitment and its contribution; the transcript (NDJSON) goes to stdout or --transcript.")

        @Option(help: "The reference model (GGUF); its model root must be the committed one.")
        var ref: String?

        @Option(help: "The candidate model (GGUF); its model root must be the committed one.")
        var cand: String?

        @OptionGroup var served: EndpointOptions

        @Option(help: "The auditor's secret file (from `pot challenge commit --new-secret`).")
        var secret: String

        @Option(help: "The published commitment line from `pot challenge commit`.")
        var commitment: String

        @Option(help: "The contribution line from `pot challenge contribute`.")
        var contribution: String

        @Option(help: "Write the transcript here instead of stdout.")
        var transcript: String?

        @Flag(help: "End stdout (stderr when the transcript goes to stdout) with one JSON object: decision, n, mean, lower, upper, seconds, peak RSS.")
        var json = false

        @Option(help: "Folder for the reference's outputs, written before the candidate is loaded and removed after the run (default: $TMPDIR or /tmp).")
        var scratch: String?

        @Option(help: "ggml CPU threads per model.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @OptionGroup var device: DeviceOption

        @OptionGroup var bank: BankOption

        func run() throws {
            let committed = try readCommitment(commitment)
            let given = try ContributionRecord.read(try readRecordLine(contribution), at: contribution, for: committed)
            let products = committed.parameters.products
            guard products.runsHere else {
                throw ValidationError("\(commitment) fixes the vnni products, which need \(MatrixProducts.vnniRequirement); this CPU lacks them")
            }
            let endpoint = try served.endpoint()
            if endpoint == nil, ref == nil || cand == nil {
                throw ValidationError("--ref and --cand name the two models (or one of them and --cand-url/--ref-url)")
            }
            let maxQueries = committed.parameters.sequential.maxQueries
            if let (role, settings) = endpoint {
                let path = try EndpointOptions.localPath(role: role, ref: ref, cand: cand)
                let served = settings.record(role: role).identity, local = try ModelRoot.of(path: path, threads: threads)
                let bound = role == .candidate ? committed.parameters.candidateRoot : committed.parameters.referenceRoot
                guard served == bound else {
                    throw InputFailure(description: "\(settings.url.absoluteString), model \(settings.model), k = \(settings.topK) is not the committed \(role.rawValue): its identity is \(served), the commitment binds \(bound) (the URL, the model name and --top-k must be those given to `pot challenge commit`)")
                }
                let scorer = EndpointScorer(
                    local: try ScoringModel(model: loadScoringModel(path, threads: threads, products: products, device: device.device),
                                            continuationTokens: committed.parameters.continuationTokens),
                    client: try EndpointClient(settings: settings), role: role)
                let run = try BehaviourRun(
                    secret: AuditorSecret.load(path: secret), commitment: committed, contribution: given, bank: bank.load(),
                    scorer: scorer, modelRoots: role == .candidate ? (local, served) : (served, local))
                let out = try openTranscript()
                let progress = TestProgress(maxQueries: maxQueries)
                let decision = try run.run(tool: "pot \(Toolkit.version)", emit: { out.write(Data(($0 + "\n").utf8)) },
                                           progress: progress.update)
                progress.finish()
                finish(BehaveReport(decision, peak: ResidentMemory.peak), out: out)
                return
            }
            guard let ref, let cand else { return }
            let audit = try OneModelAtATime(
                secret: AuditorSecret.load(path: secret), commitment: committed, contribution: given, bank: bank.load(),
                modelRoots: (try ModelRoot.of(path: ref, threads: threads), try ModelRoot.of(path: cand, threads: threads)))
            let out = try openTranscript()
            let reference = ReferenceProgress(maxQueries: maxQueries)
            let progress = TestProgress(maxQueries: maxQueries)
            let outcome = try audit.audit(
                tool: "pot \(Toolkit.version)", loadReference: { try loadScoringModel(ref, threads: threads, products: products, device: device.device) },
                loadCandidate: { try loadScoringModel(cand, threads: threads, products: products, device: device.device) },
                scratch: scratch ?? NSTemporaryDirectory(), emit: { out.write(Data(($0 + "\n").utf8)) },
                referenceProgress: reference.update, progress: progress.update)
            progress.finish()
            finish(BehaveReport(outcome, peak: ResidentMemory.peak), out: out)
        }

        /// The transcript's file, once the commitment and the models have been checked; else stdout.
        private func openTranscript() throws -> FileHandle {
            guard let transcript else { return .standardOutput }
            guard FileManager.default.createFile(atPath: transcript, contents: nil),
                  let handle = FileHandle(forWritingAtPath: transcript) else {
                throw ValidationError("\(transcript): cannot create the transcript file")
            }
            return handle
        }

        /// The summary after the transcript: on stdout when the transcript went to a file.
        private func finish(_ report: BehaveReport, out: FileHandle) {
            if transcript != nil {
                try? out.close()
                print(json ? TranscriptJSON.line(report) : report.text)
            } else {
                // stdout carries the transcript, whose last line is already the decision.
                FileHandle.standardError.write(Data(((json ? TranscriptJSON.line(report) : report.text) + "\n").utf8))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check a transcript and print every parameter it is bound to; each input given adds checks.",
            discussion: "Always: strict records, parameters, structure, prompts, running figures, decision. --commitment: the published commitment is the transcript's. --contribution: so is the contribution. --reveal: the secret opens the commitment and gives every seed. --ref/--cand: the committed model roots, prompt tokens and texts, and re-scores. An endpoint run takes its one local model (--ref for a served candidate, --cand for a served reference) and computes every score again from the recorded top-k lists; the server is not asked again.")

        @Argument(help: "The transcript (NDJSON).")
        var transcript: String

        @Option(help: "The commitment published before the run.")
        var commitment: String?

        @Option(help: "The contribution line as its contributor gave it.")
        var contribution: String?

        @Option(help: "The reveal line of `pot challenge reveal` (or the auditor's secret file).")
        var reveal: String?

        @Option(help: "The reference model, to check its root and re-score challenges.")
        var ref: String?

        @Option(help: "The candidate model, to check its root and re-score challenges.")
        var cand: String?

        @Option(help: "Re-score this many challenges, drawn at random (default: all).")
        var sample: Int?

        @Option(help: "Matrix products to re-score with (default: the committed ones where this CPU runs them, else ggml).")
        var products: MatrixProducts?

        @Option(help: "ggml CPU threads per model.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Print one JSON object: the verdict, every bound parameter and what was checked.")
        var json = false

        @OptionGroup var bank: BankOption

        func validate() throws {
            if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
            if let products, !products.runsHere { throw ValidationError("--products vnni needs \(MatrixProducts.vnniRequirement), which this CPU lacks") }
        }

        func run() throws {
            let lines = try readLines(transcript)
            var inputs = VerificationInputs()
            inputs.published = try commitment.map(readCommitment)
            inputs.secret = try reveal.map { try AuditorSecret.load(path: $0) }
            if let contribution {
                // The record names the commitment it answers; the transcript's, or the published one.
                let answered = try inputs.published ?? transcriptCommitment(lines)
                inputs.contribution = try ContributionRecord.read(try readRecordLine(contribution), at: contribution, for: answered)
            }
            let endpoint = try TranscriptVerifier.header(of: lines.first ?? "").endpoint
            if endpoint == nil, (ref == nil) != (cand == nil) { throw ValidationError("--ref and --cand go together") }
            if let endpoint, ref != nil || cand != nil {
                let role = EndpointRole(rawValue: endpoint.role) ?? .candidate
                let path = try EndpointOptions.localPath(role: role, ref: ref, cand: cand)
                let committed = try inputs.published ?? transcriptCommitment(lines)
                let use = products ?? (committed.parameters.products.runsHere ? committed.parameters.products : .ggml)
                inputs.local = (try ModelRoot.of(path: path, threads: threads),
                                try ScoringModel(model: loadScoringModel(path, threads: threads, products: use),
                                                 continuationTokens: committed.parameters.continuationTokens))
            } else if let ref, let cand {
                let roots = (try ModelRoot.of(path: ref, threads: threads), try ModelRoot.of(path: cand, threads: threads))
                inputs.modelRoots = roots
                let committed = try inputs.published ?? transcriptCommitment(lines)
                // Files that are not the committed ones are refused by the verifier; not loaded.
                guard roots == (committed.parameters.referenceRoot, committed.parameters.candidateRoot) else {
                    throw BehaviourError.rejected(
                        "the files given are not the committed models: reference root \(roots.0) (committed \(committed.parameters.referenceRoot)), candidate root \(roots.1) (committed \(committed.parameters.candidateRoot))")
                }
                let use = products ?? (committed.parameters.products.runsHere ? committed.parameters.products : .ggml)
                inputs.scorer = try ChallengeScorer(
                    reference: loadScoringModel(ref, threads: threads, products: use),
                    candidate: loadScoringModel(cand, threads: threads, products: use),
                    continuationTokens: committed.parameters.continuationTokens)
            }
            let sample = self.sample
            inputs.rescore = { n in sample.map { Array((0..<n).shuffled().prefix($0)).sorted() } ?? Array(0..<n) }
            let result = try TranscriptVerifier.verify(lines: lines, bank: bank.load(), inputs: inputs)
            if json {
                print(TranscriptJSON.line(VerifyReport(result)))
            } else {
                printReport(result)
            }
        }

        /// The commitment a transcript's header states, for reading what goes with it.
        private func transcriptCommitment(_ lines: [String]) throws -> ChallengeCommitment {
            guard let first = lines.first else { throw ValidationError("\(transcript): empty") }
            do { return try TranscriptVerifier.header(of: first).commitment.parsed() } catch {
                throw ValidationError("\(transcript): \(error)")
            }
        }
    }
}

/// Every bound parameter and what was checked, for people.
func printReport(_ r: TranscriptVerification) {
    let c = r.commitment, p = c.parameters, s = p.sequential
    func row(_ name: String, _ value: String) { print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
    print("verified: \(summary(r.decision))")
    row("run id", c.runID)
    row("mode", "\(p.mode): α = \(s.alpha), γ = \(s.gamma), δ = \(s.delta), n_max = \(s.maxQueries), c = \(s.truncation), K = \(p.continuationTokens)")
    row("score", "\(p.scoringMethod.rawValue) with \(p.products.rawValue) products")
    row("prompt bank", p.promptBankSHA256)
    let models = !r.modelsChecked ? "not checked (no --ref/--cand)"
        : r.header.endpoint == nil ? "the files given have these roots" : "the local file given has its root"
    row("reference", p.referenceRoot)
    row("candidate", "\(p.candidateRoot)  (\(models))")
    if let e = r.header.endpoint {
        let headers = e.headerNames.isEmpty ? "no headers" : "headers \(e.headerNames.joined(separator: ", ")) (values not recorded)"
        row("endpoint", "the \(e.role) is served at \(e.url), model \(e.model), k = \(e.topK), \(headers); its identity is the committed root")
        row("", "the server is not asked again: scores are computed from the recorded top-k lists, response bodies only by digest")
    }
    row("contribution", "\(r.contribution.hex) from \"\(p.contributionSource)\"" + (r.contributionChecked ? " (the one given)" : " (not compared: no --contribution)"))
    row("commitment", Hex.encode(c.value) + (r.publishedChecked ? " (the published one)" : " (NOT compared with a published commitment: no --commitment)"))
    row("secret", r.keyChecked ? "opens the commitment; every seed re-derived" : "not given (seeds and commitment unchecked)")
    if let products = r.rescoredWith {
        row("models", "\(r.described) prompts' tokens and texts re-derived; \(r.rescored.count) challenges re-scored with \(products.rawValue) products, largest difference \(String(format: "%.2e", r.largestScoreDifference)) (tolerance \(TranscriptVerifier.scoreTolerance(sameProducts: products == p.products)))")
        row("", r.recomputedDecision.map { "the test run again on the re-scored values: \($0.decision) at n = \($0.n)" }
            ?? "decision not recomputed (only a sample re-scored)")
        for (challenge, tie) in r.ties {
            row("", "challenge \(challenge), position \(tie.position): recorded token \(tie.recorded), here \(tie.top) is likelier by \(String(format: "%.1e", tie.gap)) nats (a rounding tie)")
        }
    } else {
        row("models", "not given (scores, prompt tokens and texts unchecked)")
    }
}

/// `pot behave verify --json`.
struct VerifyReport: Encodable {
    let verified = true
    let decision: String, n: Int, mean: Double, lower: Double?, upper: Double?
    let runId: String, mode: String, alpha: Double, gamma: Double, delta: Double, maxQueries: Int, truncation: Double
    let continuationTokens: Int, scoreMethod: String, products: String, promptBankSha256: String
    let referenceRoot: String, candidateRoot: String, contribution: String, contributionSource: String, commitment: String
    let publishedChecked: Bool, contributionChecked: Bool, keyChecked: Bool, modelsChecked: Bool
    let described: Int, rescored: Int, rescoredWith: String?, largestScoreDifference: Double, ties: Int
    let recomputedDecision: String?, recomputedN: Int?
    let endpoint: EndpointRecord?

    init(_ r: TranscriptVerification) {
        let d = r.decision, c = CommitmentRecord(r.commitment)
        decision = d.decision; n = d.n; mean = d.mean; lower = d.lower; upper = d.upper
        runId = c.runId; mode = c.mode; alpha = c.alpha; gamma = c.gamma; delta = c.delta; maxQueries = c.maxQueries
        truncation = c.truncation; continuationTokens = c.continuationTokens; scoreMethod = c.scoreMethod; products = c.products
        promptBankSha256 = c.promptBankSha256; referenceRoot = c.referenceRoot; candidateRoot = c.candidateRoot
        contribution = r.contribution.hex; contributionSource = c.contributionSource; commitment = c.commitment
        publishedChecked = r.publishedChecked; contributionChecked = r.contributionChecked; keyChecked = r.keyChecked
        modelsChecked = r.modelsChecked; described = r.described; rescored = r.rescored.count
        rescoredWith = r.rescoredWith?.rawValue; largestScoreDifference = r.largestScoreDifference; ties = r.ties.count
        recomputedDecision = r.recomputedDecision?.decision; recomputedN = r.recomputedDecision?.n
        endpoint = r.header.endpoint
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

/// One status line on stderr while the reference answers the n_max challenges, only on a terminal.
final class ReferenceProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let maxQueries: Int
    private let start = ContinuousClock.now

    init(maxQueries: Int) { self.maxQueries = maxQueries }

    func update(_ count: Int) {
        guard enabled else { return }
        let line = String(format: "reference: challenge %d/%d  %.1f s", count, maxQueries, (ContinuousClock.now - start).seconds)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }
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

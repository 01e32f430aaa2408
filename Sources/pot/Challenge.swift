import ArgumentParser
import Foundation
import PoTBehaviour
import PoTModels
import PoTSystem

/// `pot challenge`: the commit – contribute – reveal protocol behind behavioural challenges.
struct Challenge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Commit to a secret and every parameter before a behavioural run, take a contribution, reveal after the decision.",
        discussion: "See docs/behaviour.md. The secret file never leaves the auditor until `pot challenge reveal`.",
        subcommands: [Commit.self, Contribute.self, Reveal.self])
}

/// Where the prompt bank is: --bank, else params/prompt-bank.json under the working
/// directory, else the one in the source tree this binary was built from.
struct BankOption: ParsableArguments {
    @Option(help: "The prompt bank (default: params/prompt-bank.json).")
    var bank: String?

    func load() throws -> PromptBank {
        try PromptBank.load(path: path)
    }

    /// The bank's file, found as described above.
    var path: String {
        if let bank { return bank }
        let local = "params/prompt-bank.json"
        if FileManager.default.fileExists(atPath: local) { return local }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../params/prompt-bank.json").standardized.path
    }
}

extension BehaviourMode: ExpressibleByArgument {}

/// The non-empty lines of a file that must exist.
func readLines(_ path: String) throws -> [String] {
    // A transcript line is about a kilobyte: 256 MiB is far beyond any n_max.
    let bytes = try InputFile.read(path, limit: 256 << 20)
    guard let text = String(bytes: bytes, encoding: .utf8) else { throw InputFailure(description: "\(path): not UTF-8 text") }
    return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
}

/// The one line of a file that holds a single record.
func readRecordLine(_ path: String) throws -> String {
    let lines = try readLines(path)
    guard lines.count == 1 else { throw ValidationError("\(path): expected one JSON line, found \(lines.count)") }
    return lines[0]
}

/// The published commitment in `path`.
func readCommitment(_ path: String) throws -> ChallengeCommitment {
    try CommitmentRecord.read(try readRecordLine(path), at: path)
}

extension Challenge {
    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commitment to the secret, both models, the run id and every test parameter (one JSON line).")

        @Option(help: "The auditor's secret file (64 hex digits).")
        var secret: String

        @Flag(help: "Create the secret file with a fresh random secret (refuses to overwrite one).")
        var newSecret = false

        @Option(help: "The reference model (GGUF); its model root is committed.")
        var ref: String?

        @Option(help: "The candidate model (GGUF); its model root is committed.")
        var cand: String?

        @OptionGroup var served: EndpointOptions

        @Option(help: "The run id; a fresh random one by default.")
        var runId: String?

        @Option(help: "Test parameters: quick, audit or extended.")
        var mode: BehaviourMode = .audit

        @Option(help: "Matrix products the run will score with: vnni or ggml. Default: vnni where the CPU has it.")
        var products = MatrixProducts.automatic

        @Option(help: "Who gives the contribution: the candidate owner's nonce (default) or a named beacon round, e.g. \"drand quicknet round 123456\".")
        var contributionSource = "nonce of the candidate's owner"

        @Option(help: "Threads for hashing and loading the models.")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @OptionGroup var bank: BankOption

        func validate() throws {
            guard products.runsHere else { throw ValidationError("--products vnni needs \(MatrixProducts.vnniRequirement), which this CPU lacks") }
        }

        func run() throws {
            let bank = try bank.load()
            if let (role, settings) = try served.endpoint() {
                // The served side is bound by its identity (URL, model, k); nothing is sent to it now.
                let path = try EndpointOptions.localPath(role: role, ref: ref, cand: cand)
                _ = try ScoringModel(model: loadScoringModel(path, threads: threads, products: products),
                                     continuationTokens: mode.continuationTokens)
                let localRoot = try ModelRoot.of(path: path, threads: threads), served = settings.record(role: role).identity
                let parameters = BehaviourParameters(
                    mode: mode, promptBankSHA256: bank.sha256, scoringMethod: .topKTotalVariation, products: products,
                    referenceRoot: role == .candidate ? localRoot : served, candidateRoot: role == .candidate ? served : localRoot,
                    contributionSource: contributionSource)
                let secret = try loadOrCreateSecret(path: self.secret, create: newSecret)
                print(TranscriptJSON.line(CommitmentRecord(ChallengeCommitment(secret: secret, runID: runId ?? freshRunID(), parameters: parameters))))
                return
            }
            guard let ref, let cand else { throw ValidationError("--ref and --cand name the two models (or one of them and --cand-url/--ref-url)") }
            let scorer = try ChallengeScorer(
                reference: loadScoringModel(ref, threads: threads, products: products),
                candidate: loadScoringModel(cand, threads: threads, products: products),
                continuationTokens: mode.continuationTokens)
            let parameters = BehaviourParameters(
                mode: mode, promptBankSHA256: bank.sha256, scoringMethod: scorer.method, products: products,
                referenceRoot: try ModelRoot.of(path: ref, threads: threads),
                candidateRoot: try ModelRoot.of(path: cand, threads: threads), contributionSource: contributionSource)
            let secret = try loadOrCreateSecret(path: self.secret, create: newSecret)
            print(TranscriptJSON.line(CommitmentRecord(ChallengeCommitment(secret: secret, runID: runId ?? freshRunID(), parameters: parameters))))
        }
    }

    struct Contribute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a published commitment with a contribution (one JSON line): a fresh nonce, or a beacon value.",
            discussion: "Run by the candidate's owner after the commitment is published; the key depends on it, so the auditor cannot choose the challenges.")

        @Argument(help: "The published commitment line.")
        var commitment: String

        @Option(help: "A public beacon's value (hex, 16 to 1024 bytes) for the round the commitment names, instead of a fresh nonce.")
        var beacon: String?

        func run() throws {
            let committed = try readCommitment(commitment)
            let contribution: Contribution
            if let beacon {
                guard let bytes = Hex.decode(beacon) else { throw ValidationError("--beacon: not hex") }
                contribution = try Contribution(bytes: bytes)
            } else {
                contribution = Contribution.nonce()
            }
            print(TranscriptJSON.line(ContributionRecord(commitment: committed, contribution: contribution)))
        }
    }

    struct Reveal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the secret as a reveal record, once the transcript's decision is final and the transcript verifies.",
            discussion: "Refuses unless the transcript verifies under the published commitment with this secret (structure, seeds, prompts, running figures, decision).")

        @Argument(help: "The transcript of the finished run.")
        var transcript: String

        @Option(help: "The auditor's secret file.")
        var secret: String

        @Option(help: "The commitment published before the run.")
        var commitment: String

        @OptionGroup var bank: BankOption

        func run() throws {
            let lines = try readLines(transcript)
            let published = try readCommitment(commitment)
            let secret = try AuditorSecret.load(path: self.secret)
            do {
                _ = try TranscriptVerifier.verify(lines: lines, bank: try bank.load(),
                                                  inputs: VerificationInputs(published: published, secret: secret))
            } catch {
                throw ValidationError("\(transcript) does not verify, so the secret stays secret: \(error)")
            }
            print(TranscriptJSON.line(KeyReveal(runId: published.runID, commitment: Hex.encode(published.value), secret: secret.hex)))
        }
    }
}

func loadOrCreateSecret(path: String, create: Bool) throws -> AuditorSecret {
    guard create else { return try AuditorSecret.load(path: path) }
    guard !FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("\(path) exists; --new-secret never overwrites a secret")
    }
    let secret = AuditorSecret.random()
    // Owner-only from the start: the secret is the whole secret of the audit.
    guard FileManager.default.createFile(atPath: path, contents: Data((secret.hex + "\n").utf8),
                                         attributes: [.posixPermissions: 0o600]) else {
        throw ValidationError("\(path): cannot write the secret file")
    }
    return secret
}

func freshRunID() -> String {
    var generator = SystemRandomNumberGenerator()
    return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
}

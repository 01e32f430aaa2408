import ArgumentParser
import Foundation
import PoTBehaviour
import PoTSystem

/// `pot challenge`: the auditor's commit–reveal of the secret key behind behavioural challenges.
struct Challenge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Commit to a secret challenge key before a behavioural run and reveal it after the decision.",
        discussion: "See docs/behaviour.md. The key file never leaves the auditor until `pot challenge reveal`.",
        subcommands: [Commit.self, Reveal.self])
}

/// Where the prompt bank is: --bank, else params/prompt-bank.json under the working
/// directory, else the one in the source tree this binary was built from.
struct BankOption: ParsableArguments {
    @Option(help: "The prompt bank (default: params/prompt-bank.json).")
    var bank: String?

    func load() throws -> PromptBank {
        if let bank { return try PromptBank.load(path: bank) }
        let local = "params/prompt-bank.json"
        if FileManager.default.fileExists(atPath: local) { return try PromptBank.load(path: local) }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../params/prompt-bank.json").standardized.path
        return try PromptBank.load(path: source)
    }
}

extension BehaviourMode: ExpressibleByArgument {}

/// The non-empty lines of a file that must exist.
func readLines(_ path: String) throws -> [String] {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw ValidationError("\(path): cannot read the file")
    }
    return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
}

extension Challenge {
    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commitment to the key, the run id and the test parameters (one JSON line).")

        @Option(help: "The key file (64 hex digits).")
        var key: String

        @Flag(help: "Create the key file with a fresh random key (refuses to overwrite one).")
        var newKey = false

        @Option(help: "The run id; a fresh random one by default.")
        var runId: String?

        @Option(help: "Test parameters: quick, audit or extended.")
        var mode: BehaviourMode = .audit

        @OptionGroup var bank: BankOption

        func run() throws {
            let secret = try loadOrCreateKey(path: key, create: newKey)
            let bank = try bank.load()
            let commitment = ChallengeCommitment(
                key: secret, runID: runId ?? freshRunID(),
                parameters: BehaviourParameters(mode: mode, promptBankSHA256: bank.sha256))
            print(TranscriptJSON.line(CommitmentRecord(commitment)))
        }
    }

    struct Reveal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the key as a reveal record, once the transcript's decision is final.",
            discussion: "Refuses when the key does not open the transcript's commitment or the transcript has no decision line.")

        @Argument(help: "The transcript of the finished run.")
        var transcript: String

        @Option(help: "The key file.")
        var key: String

        func run() throws {
            let lines = try readLines(transcript)
            guard let first = lines.first, let header = TranscriptJSON.decode(TranscriptHeader.self, from: first) else {
                throw ValidationError("\(transcript): line 1 is not a transcript header")
            }
            guard let last = lines.last, TranscriptJSON.decode(DecisionRecord.self, from: last)?.type == "decision" else {
                throw ValidationError("\(transcript): no decision line yet; the key stays secret until the decision is final")
            }
            let secret = try ChallengeKey.load(path: key)
            guard try header.commitment.parsed().isOpened(by: secret) else {
                throw ValidationError("\(key): this key does not open the commitment of \(transcript)")
            }
            print(TranscriptJSON.line(KeyReveal(runId: header.commitment.runId, commitment: header.commitment.commitment, key: secret.hex)))
        }
    }
}

func loadOrCreateKey(path: String, create: Bool) throws -> ChallengeKey {
    guard create else { return try ChallengeKey.load(path: path) }
    guard !FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("\(path) exists; --new-key never overwrites a key")
    }
    let key = ChallengeKey.random()
    // Owner-only from the start: the key is the whole secret of the audit.
    guard FileManager.default.createFile(atPath: path, contents: Data((key.hex + "\n").utf8),
                                         attributes: [.posixPermissions: 0o600]) else {
        throw ValidationError("\(path): cannot write the key file")
    }
    return key
}

func freshRunID() -> String {
    var generator = SystemRandomNumberGenerator()
    return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
}

import ArgumentParser
import Foundation
import PoTEvidence
import PoTSystem

/// `pot bundle`: assemble an evidence bundle from the files a producer has, show one, verify one.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Assemble or show an evidence bundle (docs/bundle.md); `pot verify BUNDLE` checks one.",
        subcommands: [Create.self, Show.self])

    /// Errors of bundle commands: one line on stderr and exit status 2 (unusable input).
    static func unusable(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func read(_ path: String) throws -> [UInt8] {
        do { return try InputFile.read(path, limit: UInt64(EvidenceBundle.maxBytes)) } catch { throw unusable("\(error)") }
    }

    static func load(_ path: String) throws -> EvidenceBundle {
        do { return try EvidenceBundle.load(path: path) } catch { throw unusable("\(error)") }
    }
}

extension BundleCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a bundle of model commitments and proofs; every claim is read off the files given.")

        @Option(name: .shortAndLong, help: "The bundle to write.")
        var output: String

        @Option(help: "A model commitment document (pot commit -o); repeat for several.")
        var commitment: [String] = []

        @Option(help: "The behavioural test's reference: its commitment document (pot commit MODEL -o FILE; none when the reference was served, --ref-url).")
        var reference: String?

        @Option(help: "The behavioural test's candidate: its commitment document (none when the transcript is of a served candidate, pot behave --cand-url).")
        var candidate: String?

        @Option(help: "The behaviour commitment line published before the run (pot challenge commit).")
        var challengeCommitment: String?

        @Option(help: "The contribution line published after the commitment (pot challenge contribute), if one was.")
        var contribution: String?

        @Option(help: "The behavioural transcript (pot behave --transcript).")
        var transcript: String?

        @Option(help: "The reveal line (pot challenge reveal), published after the decision.")
        var reveal: String?

        @Option(help: "The prompt bank the challenges came from.")
        var bank = "params/prompt-bank.json"

        @Option(help: "A training run directory (pot train): its config.json and run.json, its step proofs and key when trained with --prove, and the commitment of its final weights.")
        var training: String?

        @Option(help: "A proof; repeat for several, each with its --vk.")
        var proof: [String] = []

        @Option(help: "The verifying key of each --proof, in the same order (one key may serve all).")
        var vk: [String] = []

        func validate() throws {
            guard vk.count == proof.count || vk.count == 1 && !proof.isEmpty else {
                throw ValidationError("give one --vk per --proof, or one --vk for all")
            }
            let behaviour = [challengeCommitment, transcript, reveal]
            guard behaviour.allSatisfy({ $0 == nil }) || behaviour.allSatisfy({ $0 != nil }) && (reference != nil || candidate != nil) else {
                throw ValidationError("a behavioural run needs --challenge-commitment, --transcript, --reveal and --reference and --candidate "
                                      + "(only the local one of them for an endpoint run)")
            }
            guard transcript != nil || reference == nil && candidate == nil else {
                throw ValidationError("--reference and --candidate belong to a behavioural run")
            }
            guard contribution == nil || transcript != nil else { throw ValidationError("--contribution belongs to a behavioural run") }
            guard !commitment.isEmpty || !proof.isEmpty || training != nil || transcript != nil else { throw ValidationError("nothing to bundle") }
        }

        func run() throws {
            var builder = BundleBuilder()
            do {
                for path in commitment { try builder.addModel(commitment: try BundleCommand.read(path), role: .model, name: path) }
                if let challengeCommitment, let transcript, let reveal {
                    // An endpoint run has only its local side's document; the reader refuses any other mismatch, naming it.
                    if let reference { try builder.addModel(commitment: try BundleCommand.read(reference), role: .reference, name: reference) }
                    if let candidate { try builder.addModel(commitment: try BundleCommand.read(candidate), role: .candidate, name: candidate) }
                    try builder.addBehaviour(
                        bank: try BundleCommand.read(bank), commitment: try BundleCommand.read(challengeCommitment),
                        contribution: try contribution.map(BundleCommand.read), transcript: try BundleCommand.read(transcript),
                        reveal: try BundleCommand.read(reveal),
                        names: (bank, challengeCommitment, contribution ?? "", transcript, reveal))
                }
                if let training { try builder.addTrainingRun(directory: training) }
                for (i, path) in proof.enumerated() {
                    let key = vk.count == 1 ? vk[0] : vk[i]
                    try builder.addProof(proof: try BundleCommand.read(path), proofName: path, key: try BundleCommand.read(key), keyName: key)
                }
                let bundle = try builder.build()
                try bundle.write(to: output)
                print("\(output): \(bundle.parts.count) parts, \(bundle.encoded.count) bytes, sha256 \(Hex.encode(bundle.digest))")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw BundleCommand.unusable("\(error)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a bundle's claims and parts (without checking them).")

        @Argument(help: "The bundle.")
        var bundle: String

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() throws {
            let bundle = try BundleCommand.load(self.bundle)
            let summary = BundleSummary(bundle)
            if json {
                print(String(decoding: try JSONEncoder.sorted.encode(summary), as: UTF8.self))
            } else {
                print(summary.text(path: self.bundle))
            }
        }
    }
}

extension JSONEncoder {
    /// Keys sorted, slashes unescaped: one line a script can read.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

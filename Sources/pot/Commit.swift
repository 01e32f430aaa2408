import ArgumentParser
import Foundation
import PoTAlgebra
import PoTHashing
import PoTSystem
import PoTTraining

/// `pot commit`: SHA-256 Merkle commitments of model files (docs/hashing.md), inclusion
/// proofs for single tensors, and re-verification of a model against a commitment.
struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Commit to a model (GGUF, safetensors, sharded, or any file) and prove or check its tensors.",
        discussion: """
            `pot commit MODEL` is `pot commit create MODEL`. See docs/hashing.md for the construction; \
            `pot commit --poseidon MODEL` is the Poseidon tensor commitment C(W) of docs/training.md.
            """,
        subcommands: [Create.self, ProveTensor.self, VerifyTensor.self, Verify.self],
        defaultSubcommand: Create.self)

    /// A commitment lists every tensor in a few hundred bytes: 256 MiB is a million tensors.
    static let commitmentLimit: UInt64 = 256 << 20
    /// A tensor proof holds one entry and a path of at most 64 digests.
    static let proofLimit: UInt64 = 1 << 20
}

/// How to read and hash a model; shared by the subcommands that read one.
struct HashingOptions: ParsableArguments {
    @Option(help: "Model format: gguf, safetensors, opaque (default: detected from the name and the first bytes).")
    var format: ModelFormat?

    @Option(help: "Hashing threads; the default is the number of cores.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1, threads <= 1024 else { throw ValidationError("--threads must be between 1 and 1024") }
    }

    /// Hashes the model at `path`, with a progress bar on a terminal.
    func commitment(of path: String, format: ModelFormat? = nil, chunkSize: UInt64) throws -> ModelCommitment {
        let layout = try ModelLayout.open(path: path, format: format ?? self.format)
        let bar = ProgressBar("hashing")
        defer { bar.finish() }
        return try ModelCommitment(layout: layout, chunkSize: chunkSize, threads: threads, tool: "pot \(Toolkit.version)",
                                   progress: bar.update)
    }
}

extension ModelFormat: ExpressibleByArgument {}

extension Commit {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Compute the commitment of a model: model root, metadata root, one entry per tensor.")

        @Argument(help: "A GGUF file (any file of a split set), a safetensors file, a safetensors index JSON, or any file.")
        var model: String

        @OptionGroup var hashing: HashingOptions

        @Option(help: "Leaf size in bytes: a power of two from 64 to 2^30.")
        var chunkSize = ModelCommitment.defaultChunkSize

        @Option(name: .shortAndLong, help: "Write the commitment JSON to this file.")
        var output: String?

        @Flag(help: "Replace an existing output file.")
        var force = false

        @Flag(help: "Print the commitment JSON on stdout instead of a summary.")
        var json = false

        @Flag(help: "Compute the Poseidon tensor commitment C(W) of the F32/F16/BF16 tensors instead (docs/training.md).")
        var poseidon = false

        @Option(help: "With --poseidon: the salt leaf, a field element in hex (default: random).")
        var salt: String?

        func validate() throws {
            guard ModelCommitment.isValidChunkSize(chunkSize) else {
                throw ValidationError("--chunk-size must be a power of two from 64 to 2^30")
            }
            if let salt {
                guard poseidon else { throw ValidationError("--salt belongs to --poseidon") }
                guard Self.field(hex: salt) != nil else { throw ValidationError("--salt must be hex digits of a field element below r") }
            }
        }

        /// A field element from hex digits, with or without "0x".
        static func field(hex: String) -> Fr? {
            let digits = hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex
            guard !digits.isEmpty, digits.count <= 64, digits.allSatisfy(\.isHexDigit) else { return nil }
            return Fr("0x" + digits)
        }

        func run() throws {
            // Before hours of hashing, not after.
            if let output { try OutputFile.check(output, inputs: [model], force: force) }
            if poseidon { return try runPoseidon() }
            let clock = ContinuousClock()
            var commitment: ModelCommitment!
            let elapsed = try clock.measure { commitment = try hashing.commitment(of: model, chunkSize: chunkSize) }
            if let output { try OutputFile.write(Array(commitment.json.utf8), to: output, inputs: [model], force: force) }
            if json {
                print(commitment.json, terminator: "")
                return
            }
            let bytes = commitment.tensors.reduce(UInt64(0)) { $0 + $1.byteLength }
            print("model root     \(commitment.modelRoot)")
            print("format         \(commitment.format.rawValue)")
            print("tensors        \(commitment.tensors.count) (\(ProgressBar.size(bytes)))")
            print("metadata       \(commitment.metadataCount) entries, root \(commitment.metadataRoot)")
            print("chunk size     \(commitment.chunkSize) bytes")
            print(String(format: "hashed in      %.2f s (%.2f GB/s on %d threads)", elapsed.seconds,
                         Double(bytes) / max(elapsed.seconds, 1e-9) / 1e9, hashing.threads))
            if let output { print("commitment     \(output)") }
        }
    }

}

extension Commit.Create {
    /// C(W) of the model's float tensors, with the salt printed: without it the root cannot be
    /// reopened, and a random one is drawn when none is given.
    func runPoseidon() throws {
        let layout = try ModelLayout.open(path: model, format: hashing.format)
        let salt = self.salt.flatMap(Self.field(hex:)) ?? Fr.random()
        let commitment = try ModelFileCommitment(layout: layout, salt: salt)
        let document: [String: Any] = [
            "poseidon_root": RunDirectory.hex(commitment.root), "salt": RunDirectory.hex(salt),
            "tensors": commitment.tensors.map(\.name), "skipped": commitment.skipped.map(\.name),
            "values": commitment.valueCount,
        ]
        if let output {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
            try OutputFile.write(Array(data), to: output, inputs: [model], force: force)
        }
        if json { return printJSON(document) }
        print("poseidon root  \(RunDirectory.hex(commitment.root))")
        print("salt           \(RunDirectory.hex(salt))\(self.salt == nil ? " (random: keep it to reopen the commitment)" : "")")
        print("tensors        \(commitment.tensors.count) (\(commitment.valueCount) values, in file order)")
        if !commitment.skipped.isEmpty {
            print("skipped        \(commitment.skipped.map { "\($0.name) (\($0.dtype))" }.joined(separator: ", "))")
        }
        if let output { print("commitment     \(output)") }
    }
}

extension Commit {
    struct ProveTensor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a proof that one tensor (name, dtype, shape, root) is in the model root.",
            discussion: "Either `prove-tensor MODEL NAME` (hashes the model) or `prove-tensor --commitment FILE NAME`.")

        @Argument(help: "MODEL NAME, or NAME alone with --commitment.")
        var arguments: [String] = []

        @Option(help: "Build the proof from this commitment (written by `pot commit -o`) instead of hashing a model.")
        var commitment: String?

        @OptionGroup var hashing: HashingOptions

        @Option(help: "Leaf size in bytes when hashing a model.")
        var chunkSize = ModelCommitment.defaultChunkSize

        @Option(name: .shortAndLong, help: "Write the proof to this file (default: stdout).")
        var output: String?

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            guard arguments.count == (commitment == nil ? 2 : 1) else {
                throw ValidationError(commitment == nil ? "expected MODEL and NAME" : "expected NAME only, with --commitment")
            }
            guard ModelCommitment.isValidChunkSize(chunkSize) else {
                throw ValidationError("--chunk-size must be a power of two from 64 to 2^30")
            }
        }

        func run() throws {
            let name = arguments.last!
            let inputs = [commitment ?? arguments[0]]
            if let output { try OutputFile.check(output, inputs: inputs, force: force) }
            let source: ModelCommitment
            if let commitment {
                source = try ModelCommitment(json: try InputFile.read(commitment, limit: Commit.commitmentLimit), path: commitment)
            } else {
                source = try hashing.commitment(of: arguments[0], chunkSize: chunkSize)
            }
            guard let proof = TensorInclusionProof(commitment: source, tensor: name) else {
                throw InputFailure(description: "no tensor named \(name) in the model (\(source.tensors.count) tensors)")
            }
            if let output {
                try OutputFile.write(Array(proof.json.utf8), to: output, inputs: inputs, force: force)
                print("proof that \(name) is in model root \(proof.modelRoot) written to \(output)")
            } else {
                print(proof.json, terminator: "")
            }
        }
    }

    struct VerifyTensor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a tensor inclusion proof against a model root, without the model.")

        @Argument(help: "The proof file.")
        var proof: String

        @Option(help: "The trusted model root (64 hex digits).")
        var root: String?

        @Option(help: "Take the trusted model root from this commitment file.")
        var commitment: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            guard (root == nil) != (commitment == nil) else { throw ValidationError("give exactly one of --root and --commitment") }
            if let root, Digest(hex: root) == nil { throw ValidationError("--root must be 64 lowercase hex digits") }
        }

        func run() throws {
            let trusted: Digest
            if let root {
                trusted = Digest(hex: root)!
            } else {
                let path = commitment!
                trusted = try ModelCommitment(json: try InputFile.read(path, limit: Commit.commitmentLimit), path: path).modelRoot
            }
            // A file that cannot be read is unusable input (2); one that reads but does not
            // parse or verify is rejected (1).
            let bytes = try InputFile.read(proof, limit: Commit.proofLimit)
            var failure: String?
            var tensor: TensorEntry?
            do {
                let read = try TensorInclusionProof(json: bytes, path: proof)
                tensor = read.tensor
                try read.verify(against: trusted)
            } catch {
                failure = String(describing: error)
            }
            if json {
                var result: [String: Any] = ["valid": failure == nil, "model_root": trusted.hex]
                if let tensor { result["tensor"] = tensor.name }
                if let failure { result["reason"] = failure }
                printJSON(result)
            } else if let tensor, failure == nil {
                print("valid: tensor \(tensor.name) (\(tensor.dtype) \(tensor.shape), \(tensor.byteLength) bytes, root \(tensor.root)) is in model root \(trusted)")
            } else {
                FileHandle.standardError.write(Data("rejected: \(failure!)\n".utf8))
            }
            if failure != nil { throw ExitCode.failure }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a model's commitment and compare it with a commitment file, naming the tensors that differ.")

        @Argument(help: "The model (as given to `pot commit`).")
        var model: String

        @Argument(help: "The commitment JSON file.")
        var commitment: String

        @OptionGroup var hashing: HashingOptions

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            let expected = try ModelCommitment(json: try InputFile.read(commitment, limit: Commit.commitmentLimit), path: commitment)
            // The committed chunk size, so that a match is possible at all; the format is
            // detected (a different one is reported as such), except that a file committed
            // as opaque bytes is read as opaque bytes again.
            let format = hashing.format ?? (expected.format == .opaque ? .opaque : nil)
            let actual = try hashing.commitment(of: model, format: format, chunkSize: expected.chunkSize)
            let comparison = CommitmentComparison(expected: expected, actual: actual)
            if json {
                printJSON([
                    "match": comparison.matches,
                    "expected_root": expected.modelRoot.hex,
                    "actual_root": actual.modelRoot.hex,
                    "format_differs": expected.format != actual.format,
                    "metadata_differs": comparison.metadataDiffers,
                    "changed": comparison.changed.map { ["name": $0.name, "fields": $0.fields] as [String: Any] },
                    "missing": comparison.missing,
                    "unexpected": comparison.unexpected,
                ])
            } else if comparison.matches {
                print("match: \(model) has model root \(actual.modelRoot) (\(actual.tensors.count) tensors)")
            } else {
                print("MISMATCH: \(model) has model root \(actual.modelRoot), the commitment says \(expected.modelRoot)")
                if expected.format != actual.format { print("  format: \(actual.format.rawValue), committed \(expected.format.rawValue)") }
                if comparison.metadataDiffers { print("  metadata differs (root \(actual.metadataRoot), committed \(expected.metadataRoot))") }
                for change in comparison.changed { print("  changed \(change.name): \(change.fields.joined(separator: ", "))") }
                for name in comparison.missing { print("  missing \(name)") }
                for name in comparison.unexpected { print("  not in the commitment: \(name)") }
            }
            if !comparison.matches { throw ExitCode.failure }
        }
    }
}

/// One JSON object on stdout, keys sorted.
func printJSON(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

import ArgumentParser
import Foundation
import PoTCommitments
import PoTSystem

/// `pot setup`: structured reference strings for KZG (docs/srs.md).
struct Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, import and check KZG structured reference strings (SRS).",
        subcommands: [Generate.self, Check.self, Import.self])

    static let insecureWarning = """
        WARNING: INSECURE development SRS: its secret τ was drawn on one machine, and whoever \
        ran that could forge proofs. Use it for development and tests only; for real proofs, \
        import a public ceremony file (`pot setup import`).
        """

    /// Prints an SRS failure in the CLI's one style. `pot setup check` judges its file, so a file
    /// it could read but found wrong is invalid (1); otherwise the input is unusable (2).
    static func fail(_ error: SRSError, checking: Bool = false) -> ExitCode {
        Failure.report("\(error)")
        if checking, case .cannotOpen = error { return ExitCode(Failure.unusable) }
        return ExitCode(checking ? Failure.invalid : Failure.unusable)
    }

    static func describe(_ srs: SRS) -> String {
        var origin: [String] = []
        if srs.flags.contains(.insecureDevelopment) { origin.append("insecure development") }
        if srs.flags.contains(.imported) { origin.append("imported") }
        return "k = \(srs.k), \(srs.g1Powers.count) G1 powers" + (origin.isEmpty ? "" : " (\(origin.joined(separator: ", ")))")
            + ", SRS id \(Hex.encode(srs.verifierKey.digest))"
    }

    static func progress(_ message: String) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an INSECURE development SRS of 2^k powers from a random τ.")

        @Option(help: "log2 of the number of G1 powers (1 ... 28).")
        var k: Int

        @Option(name: .shortAndLong, help: "Output file (default: params/dev-k<K>.srs).")
        var output: String?

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            guard (1...28).contains(k) else { throw ValidationError("--k must be between 1 and 28") }
        }

        func run() throws {
            let path = output ?? "params/dev-k\(k).srs"
            try OutputFile.check(path, inputs: [], force: force)
            FileHandle.standardError.write(Data((Setup.insecureWarning + "\n").utf8))
            Setup.progress("generating 2^\(k) powers…")
            let srs = SRS.generateInsecure(k: k)
            do { try srs.write(to: path) } catch { throw Setup.fail(error) }
            print("\(path): \(Setup.describe(srs))")
            print("INSECURE: development SRS, τ was known to this process")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an SRS file: header, checksum, every point on its curve and in its subgroup, and the powers consistent (two pairings).")

        @Argument(help: "The SRS file.")
        var file: String

        func run() throws {
            let srs: SRS
            do { srs = try SRS.load(path: file) } catch { throw Setup.fail(error, checking: true) }
            Setup.progress("checking that the powers are consistent…")
            guard srs.powersAreConsistent() else {
                throw Setup.fail(.inconsistentPowers(path: file, reason: "the G1 points are not successive powers of the τ in [τ]G2"), checking: true)
            }
            print("\(file): valid SRS, \(Setup.describe(srs))")
            if srs.isInsecure { print(Setup.insecureWarning) }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a ceremony file (snarkjs .ptau, or halo2 KZG params as written by ezkl) into an SRS file.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case ptau, halo2
        }

        @Argument(help: "The ceremony file.")
        var file: String

        @Option(help: "Input format: ptau or halo2 (default: ptau when the file starts with \"ptau\", else halo2).")
        var format: Format?

        @Option(help: "Keep the first 2^k powers (default: all).")
        var k: Int?

        @Option(name: .shortAndLong, help: "Output SRS file.")
        var output: String

        @Flag(help: "Replace an existing output file.")
        var force = false

        @Flag(help: "Mark the result as an insecure development SRS (for files that one party made alone, such as ezkl's gen_srs).")
        var insecure = false

        func validate() throws {
            if let k, !(1...28).contains(k) { throw ValidationError("--k must be between 1 and 28 (one power cannot anchor a key)") }
        }

        func run() throws {
            // `pot setup import x -o x` would read the file it is replacing.
            try OutputFile.check(output, inputs: [file], force: force)
            do {
                Setup.progress("reading \(file)…")
                let format = try format ?? Self.detect(file)
                var srs = switch format {
                case .ptau: try PtauImport.read(path: file, k: k)
                case .halo2: try Halo2ParamsImport.read(path: file, k: k)
                }
                if insecure {
                    srs = SRS(k: srs.k, flags: srs.flags.union(.insecureDevelopment), g1Powers: srs.g1Powers, g2: srs.g2, tauG2: srs.tauG2)
                }
                Setup.progress("checking that the powers are consistent…")
                guard srs.powersAreConsistent() else {
                    throw SRSError.inconsistentPowers(path: file, reason: "the G1 points are not successive powers of the τ in [τ]G2")
                }
                try srs.write(to: output)
                print("\(output): \(Setup.describe(srs)), from \(format.rawValue) file \(file)")
                if srs.isInsecure { print(Setup.insecureWarning) }
            } catch let error as SRSError {
                throw Setup.fail(error)
            }
        }

        static func detect(_ path: String) throws(SRSError) -> Format {
            let magic: [UInt8]
            do {
                let file = try InputFile(path: path)
                magic = try file.read(Int(min(8, file.size)), at: 0)
            } catch {
                throw .cannotOpen(path: path, reason: error.reason)
            }
            if magic == Array("PoT-SRS\0".utf8) {
                throw .malformed(path: path, reason: "already a PoT SRS file (check it with `pot setup check`)")
            }
            return magic.prefix(4) == Array("ptau".utf8)[...] ? .ptau : .halo2
        }
    }
}

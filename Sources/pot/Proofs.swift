import ArgumentParser
import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// Shared by keygen, prove, verify and plan: errors as one line on stderr, stage timings.
enum ProofCLI {
    /// Checked and invalid: exit 1.
    static func fail(_ message: String) -> ExitCode {
        Failure.report(message)
        return ExitCode(Failure.invalid)
    }

    /// An input that cannot be used (unreadable, malformed, or a key nothing anchors): exit 2,
    /// apart from 1, "checked and invalid".
    static func unusable(_ message: String) -> ExitCode {
        Failure.report(message)
        return ExitCode(Failure.unusable)
    }

    static func loadSRS(_ path: String, k: Int) throws -> SRS {
        let srs: SRS
        do { srs = try SRS.load(path: path, k: k) } catch { throw unusable("\(error)") }
        if srs.isInsecure { FileHandle.standardError.write(Data("warning: \(path) is an INSECURE development SRS\n".utf8)) }
        return srs
    }

    /// NAME=VALUE options as a dictionary; a name given twice is an error.
    static func pairs(_ options: [String], option: String) throws -> [String: String] {
        var pairs: [String: String] = [:]
        for text in options {
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw ValidationError("\(option): '\(text)' is not NAME=VALUE")
            }
            let name = String(text[..<eq])
            guard pairs[name] == nil else { throw ValidationError("\(option): \(name) is given twice") }
            pairs[name] = String(text[text.index(after: eq)...])
        }
        return pairs
    }

    /// Prints each stage with the time since the previous one, when stderr is a terminal or
    /// `verbose` is set.
    final class Stages {
        private let enabled: Bool
        private var last = ContinuousClock.now
        private var stage: String?

        init(verbose: Bool) { enabled = verbose || isatty(STDERR_FILENO) == 1 }

        func begin(_ next: String) {
            finish()
            stage = next
            last = .now
        }

        func finish() {
            guard let stage, enabled else { return }
            let ms = (ContinuousClock.now - last).seconds * 1000
            let peak = Double(ResidentMemory.peak) / Double(1 << 20)
            FileHandle.standardError.write(Data(String(format: "  %-18@ %8.1f ms   peak %6.1f MiB\n", stage, ms, peak).utf8))
            self.stage = nil
        }
    }

}

/// `pot keygen`: proving and verifying keys for one statement.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate the proving and verifying keys of a statement.")

    @Argument(help: "The circuit: \(Statements.names.joined(separator: ", ")).")
    var circuit: String

    @Option(help: "Squarings (squaring-chain) or hashes (poseidon-chain); default: as many as 2^k rows hold.")
    var size: Int?

    @Option(name: .customLong("param"), help: "A parameter of the statement, NAME=VALUE (repeatable).")
    var parameters: [String] = []

    @Option(help: "log2 of the table size (default: the smallest that fits --size).")
    var k: Int?

    @Option(help: "The SRS file (at least 2^k powers).")
    var srs: String

    @Option(help: "Proving key output (default: CIRCUIT-SIZE.pk).")
    var pk: String?

    @Option(help: "Verifying key output (default: CIRCUIT-SIZE.vk).")
    var vk: String?

    @Flag(help: "Replace existing key files.")
    var force = false

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        if let k, !(4...Fr.twoAdicity).contains(k) { throw ValidationError("--k must be between 4 and \(Fr.twoAdicity), got \(k)") }
    }

    func run() throws {
        let statement: any ProvableStatement
        do {
            let parameters = try ProofCLI.pairs(self.parameters, option: "--param")
            switch (size, k) {
            case (nil, let k?) where parameters.isEmpty: statement = try Statements.filling(circuit, k: k)
            case (nil, nil) where parameters.isEmpty: throw ValidationError("give --size, --param, --k or both")
            default: statement = try Statements.make(circuit, size: size, parameters: parameters)
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ProofCLI.unusable("\(error)")
        }
        let k = k ?? statement.minimumK
        guard statement.usableRows(k: k) >= statement.rows else {
            throw ProofCLI.unusable("\(statement) needs \(statement.rows) rows; k = \(k) gives \(statement.usableRows(k: k)) (use k ≥ \(statement.minimumK))")
        }
        let stem = statement.size.map { "\(circuit)-\($0)" } ?? circuit
        let pkPath = pk ?? "\(stem).pk", vkPath = vk ?? "\(stem).vk"
        // Both destinations are checked before keygen, and written together after it: a bad
        // --vk folder must not leave a .pk behind.
        for path in [pkPath, vkPath] { try OutputFile.check(path, inputs: [srs], force: force) }
        let srs = try ProofCLI.loadSRS(srs, k: k)
        let key: ProvingKey
        do { key = try statement.keygen(k: k, srs: srs) } catch { throw ProofCLI.unusable("\(error)") }
        try OutputFile.write([(pkPath, key.encoded()), (vkPath, key.vk.encoded())], inputs: [self.srs], force: force)
        if json {
            print("{\"circuit\": \"\(statement)\", \"k\": \(k), \"pk\": \"\(pkPath)\", \"vk\": \"\(vkPath)\", "
                  + "\"vk_digest\": \"\(Hex.encode(key.vk.digest))\", \"srs_digest\": \"\(Hex.encode(key.vk.srsDigest))\"}")
        } else {
            print("\(statement), k = \(k): proving key \(pkPath), verifying key \(vkPath)")
            // What a verifier checks the key against (pot verify --vk-digest, --srs).
            print("  key digest \(Hex.encode(key.vk.digest)), SRS \(Hex.encode(key.vk.srsDigest))")
        }
    }
}

/// `pot prove`: a proof for a statement, from its proving key.
struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prove a statement with its proving key.")

    @Option(help: "The proving key (from pot keygen).")
    var pk: String

    @Option(help: "The SRS the key was made with.")
    var srs: String

    @Option(help: "The chain's starting value x, a decimal or 0x-hex element of Fr (public).")
    var x = "3"

    @Option(name: .customLong("witness"), help: "A witness value of the statement, NAME=VALUE (repeatable; --x sets x).")
    var witness: [String] = []

    @Option(name: .shortAndLong, help: "Proof output (default: proof.bin).")
    var output = "proof.bin"

    @Option(help: "Refuse to start if the proof would need more memory than this (e.g. 300M, 2G).")
    var maxMemory: String?

    @Flag(help: "Replace an existing proof file.")
    var force = false

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    @Flag(help: "Print stage timings even when stderr is not a terminal.")
    var verbose = false

    func run() throws {
        try OutputFile.check(output, inputs: [pk, srs], force: force)
        let stages = ProofCLI.Stages(verbose: verbose)
        let vk: VerifyingKey
        let statement: any ProvableStatement
        var values: [String: String]
        do {
            vk = try ProvingKey.verifyingKey(inProvingKey: pk)
            statement = try Statements.named(keyName: vk.circuit)
            values = try ProofCLI.pairs(witness, option: "--witness")
        } catch {
            throw ProofCLI.unusable("\(error)")
        }
        if values["x"] == nil, statement.publicInputNames.joined().contains("x") { values["x"] = x }
        let estimate = MemoryPlan(statement: statement, k: vk.k).peakBytes
        if let maxMemory {
            guard let budget = MemorySize(maxMemory) else { throw ProofCLI.unusable("--max-memory: '\(maxMemory)' is not a size like 300M or 2G") }
            guard estimate <= budget.bytes else {
                let fit = MemoryPlan.largestFitting(type(of: statement).name, budget: budget.bytes)
                throw ProofCLI.unusable("proving \(statement) at k = \(vk.k) needs about \(MemorySize.text(estimate)), above \(maxMemory); "
                                    + (fit.map { "within it fits k = \($0.k) (\($0.statement))" } ?? "nothing fits it"))
            }
        }
        let start = ContinuousClock.now
        stages.begin("load key")
        let key: ProvingKey
        do { key = try statement.loadKey(path: pk) } catch { throw ProofCLI.unusable("\(error)") }
        stages.begin("load SRS")
        let srs = try ProofCLI.loadSRS(srs, k: vk.k)
        let proof: Proof
        do { proof = try statement.prove(values: values, key: key, srs: srs, progress: stages.begin) } catch { throw ProofCLI.unusable("\(error)") }
        stages.begin("write")
        try OutputFile.write(proof.encoded(vkDigest: key.vk.digest), to: output, inputs: [pk, self.srs], force: force)
        stages.finish()
        let seconds = (ContinuousClock.now - start).seconds
        let size = proof.encoded(vkDigest: key.vk.digest).count
        if json {
            let inputs = proof.instances.flatMap { $0 }.map { "\"\($0)\"" }.joined(separator: ", ")
            print("{\"circuit\": \"\(statement)\", \"k\": \(vk.k), \"proof\": \"\(output)\", \"bytes\": \(size), "
                  + "\"public_inputs\": [\(inputs)], \"seconds\": \(String(format: "%.3f", seconds)), "
                  + "\"peak_rss_bytes\": \(ResidentMemory.peak), \"estimated_peak_bytes\": \(estimate)}")
        } else {
            print("\(statement): proof \(output) (\(size) bytes) in \(String(format: "%.2f", seconds)) s")
        }
    }
}

/// `pot plan`: the k (and number of proofs) that keeps proving within a memory budget.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose k, and how many proofs to split a chain into, so that proving fits a memory budget.")

    @Argument(help: "The circuit: \(Statements.names.joined(separator: ", ")).")
    var circuit: String

    @Option(help: "The memory budget (e.g. 300M, 2G).")
    var maxMemory: String

    @Option(help: "Squarings or hashes to prove (default: as many as fit).")
    var size: Int?

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func run() throws {
        guard let budget = MemorySize(maxMemory) else { throw ProofCLI.unusable("--max-memory: '\(maxMemory)' is not a size like 300M or 2G") }
        do {
            guard try Statements.type(named: circuit).sizeParameter != nil else { throw StatementError.noSize(circuit) }
        } catch {
            throw ProofCLI.unusable("\(error)")
        }
        guard let (k, largest) = MemoryPlan.largestFitting(circuit, budget: budget.bytes), let largestSize = largest.size else {
            let smallest = try Statements.make(circuit, size: 1)
            throw ProofCLI.unusable("no table of \(circuit) fits in \(maxMemory): the smallest needs about "
                                + MemorySize.text(MemoryPlan(statement: smallest, k: smallest.minimumK).peakBytes))
        }
        var statement = largest, proofs = 1, planK = k
        if let size {
            guard size >= 1 else { throw ProofCLI.unusable("--size must be at least 1, got \(size)") }
            if size <= largestSize, let whole = try? Statements.make(circuit, size: size),
               MemoryPlan(statement: whole, k: whole.minimumK).peakBytes <= budget.bytes {
                (statement, planK) = (whole, whole.minimumK)
            } else {
                // A chain splits into links whose public output is the next link's input.
                // Rounded-up divisions written so that no sum can overflow (--size may be Int.max).
                proofs = size / largestSize + (size % largestSize == 0 ? 0 : 1)
                statement = try Statements.make(circuit, size: size / proofs + (size % proofs == 0 ? 0 : 1))
                planK = statement.minimumK
            }
        }
        let plan = MemoryPlan(statement: statement, k: planK)
        if json {
            let parts = plan.parts.map { "\"\($0.name)\": \($0.bytes)" }.joined(separator: ", ")
            print("{\"circuit\": \"\(statement)\", \"k\": \(planK), \"proofs\": \(proofs), \"estimated_bytes\": \(plan.peakBytes), "
                  + "\"budget_bytes\": \(budget.bytes), \"parts\": {\(parts)}}")
        } else {
            print("\(proofs) proof\(proofs == 1 ? "" : "s") of \(statement) at k = \(planK): about \(MemorySize.text(plan.peakBytes)) each "
                  + "(budget \(MemorySize.text(budget.bytes)))")
            for part in plan.parts { print("  \(part.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(MemorySize.text(part.bytes))") }
        }
    }
}

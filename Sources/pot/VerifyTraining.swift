import ArgumentParser
import Foundation
import PoTCircuits
import PoTPlonk
import PoTSystem
import PoTTraining

/// `pot verify-training DIR`: checks a proved run directory (docs/training.md, "The chain").
struct VerifyTraining: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-training",
        abstract: "Verify a proved training run: every step proof, the chain of commitments, the steps, the dataset root and schedule; exits 0 if valid, 1 if not, 2 if an input is unusable.",
        discussion: """
            The verifying key named in run.json is trusted only through an anchor, as for pot verify: \
            --srs re-derives it from the SRS and the statement the run's config.json fixes, --vk-digest \
            compares its digest with a published one, --trust-vk accepts it as it is. --weights also \
            checks that a weights file holds W_T (its values and salt commit to the run's last commitment).
            """)

    @Argument(help: "The run directory (from pot train --prove).")
    var directory: String

    @OptionGroup var anchor: KeyAnchor

    @Option(help: "A weights file (e.g. the run's weights-final.safetensors) that must hold W_T.")
    var weights: String?

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func run() throws {
        let start = ContinuousClock.now
        let run: TrainingChain.Run
        let key: VerifyingKey
        let statement: any ProvableStatement
        do {
            run = try TrainingChain.load(directory: directory)
            key = try TrainingChain.key(run, directory: directory)
            statement = try Statements.named(keyName: key.circuit)
        } catch {
            throw ProofCLI.unusable("\(error)")
        }
        var failure: String?
        let anchors = try anchor.check(key, at: directory + "/" + run.proofs.vk, statement: statement, failure: &failure)
        var checks = [ChainCheck(name: "key anchor", passed: failure == nil, detail: failure ?? anchors.joined(separator: " and "))]
        let bar = ProgressBar("verifying")
        checks += TrainingChain.verify(run, directory: directory, key: key, weights: weights) { done, total in
            bar.update(UInt64(done), of: UInt64(total))
        }
        bar.finish()
        let valid = checks.allSatisfy(\.passed)
        let ms = (ContinuousClock.now - start).seconds * 1000
        if json {
            let summary: [String: Any] = [
                "valid": valid, "statement": key.circuit, "steps": run.manifest.steps, "proofs": run.proofs.files.count,
                "vk_digest": Hex.encode(key.digest), "srs_digest": Hex.encode(key.srsDigest), "srs_development": key.isDevelopmentSRS,
                "checks": checks.map { ["name": $0.name, "passed": $0.passed, "detail": $0.detail] as [String: Any] },
                "ms": (ms * 100).rounded() / 100,
            ]
            let data = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(valid ? "valid" : "INVALID"): \(run.manifest.steps) training steps, \(key.circuit)")
            for check in checks { print("  \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
            print("  SRS \(Hex.encode(key.srsDigest))" + (key.isDevelopmentSRS ? " — INSECURE development SRS: whoever made it can forge proofs" : ""))
            print(String(format: "  checked in %.0f ms", ms))
        }
        if !valid { throw json ? ExitCode.failure : ProofCLI.fail(checks.first { !$0.passed }.map { "\($0.name): \($0.detail)" } ?? "invalid") }
    }
}

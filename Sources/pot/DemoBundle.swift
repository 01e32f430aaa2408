import Foundation
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTSystem

/// The demo's evidence stage: two steps of the 64→32→10 MLP on the digits, trained and proved
/// by `pot train --prove` on a development SRS made for the demo; the behavioural run (the
/// model as reference, its re-encoding as candidate, with the run's published files) and the
/// proved run go into one bundle, which a separate `pot verify` process checks with nothing
/// but the bundle and the public SRS file; a copy with one byte changed is rejected; the
/// report is written beside it.
struct DemoBundle {
    /// Where the SRS, the run directory, the bundle, its tampered copy and the report go.
    let directory: String
    /// The train-step statement of 64→32→10 at batch 16 fits 2^16 rows.
    static let k = 16
    var srs: String { directory + "/dev-k\(Self.k).srs" }

    func run(reference: ModelCommitment, behaviour: DemoBehaviour.Published) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (bundlePath, tamperedPath, reportPath) = (directory + "/demo.bundle", directory + "/tampered.bundle", directory + "/report.html")
        let run = try train()
        var builder = BundleBuilder()
        try builder.addModel(commitment: Array(reference.json.utf8), role: .reference, name: "the model's commitment")
        try builder.addModel(commitment: Array(behaviour.candidate.json.utf8), role: .candidate, name: "the re-encoding's commitment")
        let folder = behaviour.folder
        try builder.addBehaviour(
            bank: behaviour.bank.bytes, commitment: behaviour.commitment, contribution: behaviour.contribution,
            transcript: behaviour.transcript, reveal: behaviour.reveal,
            names: (behaviour.bank.path, folder + "/commitment.json", folder + "/contribution.json", folder + "/run.ndjson", folder + "/reveal.json"))
        try builder.addTrainingRun(directory: run)
        let bundle = try builder.build()
        try bundle.write(to: bundlePath)
        print("  \(bundlePath): \(bundle.parts.count) parts, \(bundle.encoded.count) bytes, sha256 \(Hex.encode(bundle.digest))")

        let honest = try verifyElsewhere(bundlePath)
        guard honest.status == 0 else { throw DemoError("the demo's own bundle did not verify: \(honest.summary)") }
        print("  verified in a separate process (pot verify \(bundlePath) --srs \(srs)): \(honest.summary)")

        // One bit of the first step proof changed.
        var bytes = bundle.encoded
        let proof = bundle.parts[bundle.manifest.proofs[0].proofPart]
        guard let range = bytes.firstRange(of: proof) else { throw DemoError("the bundle does not hold its proof") }
        bytes[range.lowerBound + proof.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: tamperedPath))
        let tampered = try verifyElsewhere(tamperedPath)
        guard tampered.status == 1 else { throw DemoError("a tampered bundle was not rejected: \(tampered.summary)") }
        print("  one bit of a step proof changed (\(tamperedPath)): \(tampered.summary)")

        let verification = BundleVerifier.verify(bundle, inputs: BundleVerifierInputs(srs: try SRS.load(path: srs)))
        let page = BundleReport.html(bundle, verification: verification, name: "demo.bundle")
        try Data(page.utf8).write(to: URL(fileURLWithPath: reportPath))
        print("  report: \(reportPath)")
    }

    /// Trains and proves two steps with `pot train --prove` (the SRS made first, once); returns
    /// the run directory.
    private func train() throws -> String {
        if !FileManager.default.fileExists(atPath: srs) {
            print("  making a development SRS of 2^\(Self.k) powers (\(srs); INSECURE, for the demo only)")
            let made = try pot(["setup", "generate", "--k", "\(Self.k)", "-o", srs])
            guard made.status == 0 else { throw DemoError("pot setup generate failed: \(made.error)") }
        }
        let config = directory + "/config.json", run = directory + "/run"
        try Data(#"{"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}"#.utf8 + [10])
            .write(to: URL(fileURLWithPath: config))
        let clock = ContinuousClock.now
        let trained = try pot(["train", "--config", config, "-o", run, "--steps", "2", "--prove", "--steps-per-proof", "1", "--srs", srs, "--force"])
        guard trained.status == 0 else { throw DemoError("pot train --prove failed: \(trained.error)") }
        print("  \(run): 2 SGD steps of 64→32→10 on the digits, each proved (train-step, k = \(Self.k)) in "
              + String(format: "%.1f s", (ContinuousClock.now - clock).seconds))
        return run
    }

    /// This `pot` in a child process: its exit status, stdout and stderr.
    private func pot(_ arguments: [String]) throws -> (status: Int32, output: Data, error: String) {
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = arguments
        let (output, error) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, data, message)
    }

    /// `pot verify BUNDLE --srs SRS --json` in a child process: its exit status and a summary.
    private func verifyElsewhere(_ path: String) throws -> (status: Int32, summary: String) {
        let (status, data, _) = try pot(["verify", path, "--srs", srs, "--json"])
        struct Report: Decodable {
            struct Check: Decodable { let id: String, verdict: String, reason: String }
            let valid: Bool, checks: [Check], ms: Double
        }
        guard let report = try? JSONDecoder().decode(Report.self, from: data) else {
            return (status, "exit \(status), no report")
        }
        let failed = report.checks.filter { $0.verdict == "fail" }
        let summary = report.valid
            ? "VALID, \(report.checks.count) checks passed in \(String(format: "%.0f", report.ms)) ms"
            : "INVALID, " + failed.map { "\($0.id): \($0.reason)" }.joined(separator: "; ")
        return (status, summary)
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

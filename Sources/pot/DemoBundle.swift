import Foundation
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTSystem

/// The demo's evidence stage: what the earlier stages produced goes into one bundle, which a
/// separate `pot verify` process checks with nothing but the bundle and the public SRS file; a
/// copy with one byte changed is rejected; the report is written beside it.
struct DemoBundle {
    /// Where the bundle, its tampered copy and the report go.
    let directory: String
    let srs: String

    func run(commitment: ModelCommitment, proof: [UInt8], key: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (bundlePath, tamperedPath, reportPath) = (directory + "/demo.bundle", directory + "/tampered.bundle", directory + "/report.html")
        var builder = BundleBuilder()
        try builder.addModel(commitment: Array(commitment.json.utf8), role: .model, name: "the model's commitment")
        try builder.addProof(proof: proof, proofName: "the demo's proof", key: key, keyName: "the demo's verifying key")
        let bundle = try builder.build()
        try bundle.write(to: bundlePath)
        print("  \(bundlePath): \(bundle.parts.count) parts, \(bundle.encoded.count) bytes, sha256 \(Hex.encode(bundle.digest))")

        let honest = try verifyElsewhere(bundlePath)
        guard honest.status == 0 else { throw DemoError("the demo's own bundle did not verify: \(honest.summary)") }
        print("  verified in a separate process (pot verify \(bundlePath) --srs \(srs)): \(honest.summary)")

        var bytes = bundle.encoded
        bytes[bytes.count - 100] ^= 1  // inside the proof, the last part
        try Data(bytes).write(to: URL(fileURLWithPath: tamperedPath))
        let tampered = try verifyElsewhere(tamperedPath)
        guard tampered.status == 1 else { throw DemoError("a tampered bundle was not rejected: \(tampered.summary)") }
        print("  one byte changed (\(tamperedPath)): \(tampered.summary)")

        let verification = BundleVerifier.verify(bundle, inputs: BundleVerifierInputs(srs: try SRS.load(path: srs)))
        let page = BundleReport.html(bundle, verification: verification, name: "demo.bundle")
        try Data(page.utf8).write(to: URL(fileURLWithPath: reportPath))
        print("  report: \(reportPath)")
    }

    /// `pot verify BUNDLE --srs SRS --json` in a child process: its exit status and a summary.
    private func verifyElsewhere(_ path: String) throws -> (status: Int32, summary: String) {
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = ["verify", path, "--srs", srs, "--json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        struct Report: Decodable {
            struct Check: Decodable { let id: String, verdict: String, reason: String }
            let valid: Bool, checks: [Check], ms: Double
        }
        guard let report = try? JSONDecoder().decode(Report.self, from: data) else {
            return (process.terminationStatus, "exit \(process.terminationStatus), no report")
        }
        let failed = report.checks.filter { $0.verdict == "fail" }
        let summary = report.valid
            ? "VALID, \(report.checks.count) checks passed in \(String(format: "%.0f", report.ms)) ms"
            : "INVALID, " + failed.map { "\($0.id): \($0.reason)" }.joined(separator: "; ")
        return (process.terminationStatus, summary)
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

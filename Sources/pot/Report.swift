import ArgumentParser
import Foundation
import PoTEvidence

/// `pot report`: a bundle and its verification as one self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a bundle and write the result as one self-contained HTML page (no network, no scripts).",
        discussion: "The page shows the claims, every check's verdict, the behavioural test's confidence sequence and score histogram, the training run's loss, accuracy and step proofs, and the key and SRS digests. The options are those of `pot verify BUNDLE`.")

    @Argument(help: "The bundle.")
    var bundle: String

    @Option(name: .shortAndLong, help: "The page to write.")
    var output: String

    @Option(help: "A model file to bind to the bundle (repeatable).")
    var model: [String] = []

    @OptionGroup var anchor: KeyAnchor

    func run() throws {
        let check = BundleCheck(models: model, srs: anchor.srs, vkDigests: anchor.vkDigest.map { [$0] } ?? [], trustVk: anchor.trustVk, json: false)
        let bundle = try BundleCommand.load(self.bundle)
        let verification = BundleVerifier.verify(bundle, inputs: try check.verificationInputs(for: bundle))
        let page = BundleReport.html(bundle, verification: verification, name: URL(fileURLWithPath: self.bundle).lastPathComponent)
        do { try Data(page.utf8).write(to: URL(fileURLWithPath: output)) } catch {
            throw BundleCommand.unusable("\(output): cannot write: \(error.localizedDescription)")
        }
        print("\(output): \(verification.isValid ? "VALID" : "INVALID") bundle, \(verification.checks.count) checks, \(page.utf8.count) bytes")
    }
}

import ArgumentParser
import Foundation
import PoTCommitments
import PoTEvidence
import PoTHashing
import PoTPlonk
import PoTSystem
import PoTTraining

/// `pot verify BUNDLE`: what the verifier holds besides the bundle, and the printing of every
/// check.
struct BundleCheck {
    /// Model files to bind to the bundle (`--model`).
    var models: [String]
    /// The SRS file (`--srs`).
    var srs: String?
    /// Trusted verifying-key digests in hex (`--vk-digest`).
    var vkDigests: [String]
    var trustVk: Bool
    var json: Bool
    var threads = ProcessInfo.processInfo.activeProcessorCount

    /// Verifies and prints; exits 0 valid, 1 invalid, 2 unusable input.
    func run(bundlePath: String) throws {
        let start = ContinuousClock.now
        let bundle = try BundleCommand.load(bundlePath)
        let inputs = try verificationInputs(for: bundle)
        let result = BundleVerifier.verify(bundle, inputs: inputs)
        let ms = (ContinuousClock.now - start).seconds * 1000
        if json {
            struct Report: Encodable {
                let bundle: String, sha256: String, valid: Bool, checks: [Check], ms: Double
            }
            let report = Report(bundle: bundlePath, sha256: Hex.encode(bundle.digest), valid: result.isValid, checks: result.checks,
                                ms: (ms * 100).rounded() / 100)
            print(String(decoding: try JSONEncoder.sorted.encode(report), as: UTF8.self))
        } else {
            print("\(bundlePath): sha256 \(Hex.encode(bundle.digest))")
            let width = result.checks.map(\.id.count).max() ?? 0
            for check in result.checks {
                let id = check.id.padding(toLength: width, withPad: " ", startingAt: 0)
                print("  \(check.verdict.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(id)  \(check.title): \(check.reason)")
            }
            let counts = Dictionary(grouping: result.checks, by: \.verdict).mapValues(\.count)
            let tally = "\(counts[.pass] ?? 0) passed, \(counts[.fail] ?? 0) failed, \(counts[.skip] ?? 0) skipped"
            print(result.isValid ? "VALID (\(tally), \(String(format: "%.0f", ms)) ms)" : "INVALID (\(tally))")
        }
        if !result.isValid { throw ExitCode.failure }
    }

    func verificationInputs(for bundle: EvidenceBundle) throws -> BundleVerifierInputs {
        var inputs = BundleVerifierInputs(trustKeys: trustVk)
        for hex in vkDigests {
            guard let digest = Hex.decode(hex), digest.count == 32 else {
                throw BundleCommand.unusable("--vk-digest: '\(hex)' is not 64 hex digits")
            }
            inputs.trustedKeyDigests.insert(digest)
        }
        if let srs {
            // Enough powers for the largest key of the bundle; the SRS digest does not depend on k.
            let keys = bundle.manifest.proofs.compactMap { try? VerifyingKey(bytes: bundle.parts[$0.keyPart], path: "") }
            do { inputs.srs = try SRS.load(path: srs, k: keys.map(\.k).max()) } catch { throw BundleCommand.unusable("\(error)") }
        }
        // A model root depends on the chunk size: hash each file at the sizes the bundle's documents use.
        let chunkSizes = Set(bundle.manifest.models.compactMap {
            try? ModelCommitment(json: bundle.parts[$0.part], path: "").chunkSize
        }).sorted()
        for path in models {
            // A training run's weights file also gives C(W), which the chain must end at.
            if bundle.manifest.training != nil, let weights = try? WeightsFile.read(path: path) {
                inputs.weights.append((path, weights.commitment))
            }
            do {
                let layout = try ModelLayout.open(path: path)
                var roots: [[UInt8]] = []
                for size in chunkSizes.isEmpty ? [ModelCommitment.defaultChunkSize] : chunkSizes {
                    roots.append(try ModelCommitment(layout: layout, chunkSize: size, threads: threads, tool: "").modelRoot.bytes)
                }
                let claimed = Set(bundle.manifest.models.map(\.modelRoot))
                inputs.models.append((path, roots.first { claimed.contains($0) } ?? roots[0]))
            } catch {
                throw BundleCommand.unusable("\(error)")
            }
        }
        return inputs
    }
}

import ArgumentParser
import Foundation
import PoTModels
import PoTSystem

extension Model {
    /// `pot model perturb`: the demo's perturbed copy as a command, for scripts that need a
    /// model known to be DIFFERENT (scripts/cli-endpoint-check.sh, scripts/endpoint-check.sh).
    struct Perturb: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a copy of a GGUF model with seeded Gaussian noise in every feed-forward matrix, re-quantized to its own type.",
            discussion: "The noise's standard deviation is --noise times each matrix's RMS (GGUFVariant.writePerturbed); the copy is labelled in its metadata (pot.variant), so it has another model root.")

        @Argument(help: "The GGUF model to copy.")
        var model: String

        @Option(name: .shortAndLong, help: "The perturbed copy.")
        var output: String

        @Option(help: "Noise, relative to each feed-forward matrix's RMS.")
        var noise = 0.1

        @Option(help: "Seed of the noise.")
        var seed: UInt64 = 1

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            guard noise.isFinite, noise > 0 else { throw ValidationError("--noise must be positive") }
        }

        func run() throws {
            try OutputFile.check(output, inputs: [model], force: force)
            // Written beside the destination, renamed into place when complete.
            let partial = output + ".part-\(ProcessInfo.processInfo.processIdentifier)"
            do {
                try GGUFVariant.writePerturbed(of: model, to: partial, relativeNoise: noise, seed: seed)
                guard rename(partial, output) == 0 else {
                    throw InputFailure(description: "\(output): cannot rename the written copy into place: \(String(cString: strerror(errno)))")
                }
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
        }
    }
}

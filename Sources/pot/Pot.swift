import ArgumentParser
import Foundation

/// `pot`: one subcommand per user task.
@main
struct Pot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pot",
        abstract: "Proof-of-Training toolkit: commitments, behavioural checks and zero-knowledge proofs over BN254.",
        version: Toolkit.version,
        subcommands: [Demo.self, Commit.self, Model.self, Challenge.self, Behave.self, Serve.self, Train.self, ProveSteps.self, VerifyTraining.self, BundleCommand.self, Report.self, Keygen.self, Prove.self, Verify.self, Plan.self, Bench.self, Setup.self, Version.self])

    /// Runs the command; an error about its input is printed in the one style of `Failure` and
    /// exits 2, usage errors go to ArgumentParser (64).
    ///
    /// Fixes glibc's mmap threshold, which otherwise rises to the size of the last large block
    /// freed: the prover's column-sized arrays then come from the heap and stay resident after
    /// they are freed, and peak memory no longer follows what the prover holds (MemoryPlan).
    static func main() {
        #if os(Linux)
        _ = mallopt(mmapThreshold, 256 << 10)
        #endif
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch where Failure.isAboutInput(error) {
            Failure.report(Failure.message(error))
            Foundation.exit(Failure.unusable)
        } catch {
            exit(withError: error)
        }
    }
}

#if os(Linux)
/// glibc's mallopt(3) and M_MMAP_THRESHOLD from <malloc.h>, which the Glibc module does not export.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mmapThreshold: Int32 = -3
#endif

enum Toolkit {
    static let version = "0.1.0"
}

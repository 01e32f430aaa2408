import ArgumentParser
import PoTBench

/// `pot bench GROUP [--json]`: medians of the benchmark group, one line per figure.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the toolkit's kernels; --json prints one JSON object per figure (DESIGN.md format).")

    enum Group: String, ExpressibleByArgument, CaseIterable {
        case algebra, msm, ntt, kzg, poseidon, hash, infer, all
    }

    @Argument(help: "Benchmark group: \(Group.allCases.map(\.rawValue).joined(separator: ", ")).")
    var group: Group

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Option(help: "Timed runs per figure (the median is reported).")
    var runs = 9

    @Argument(help: "The model file the hash and infer groups read (default: $POT_TEST_MODEL).")
    var file: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let report = WorkloadReport(json: json, runs: runs)
        switch group {
        case .algebra: report.run(AlgebraWorkloads.all())
        case .msm: report.run(MSMWorkloads.all())
        case .ntt: report.run(NTTWorkloads.all())
        case .kzg: report.run(KZGWorkloads.all())
        case .poseidon: report.run(PoseidonWorkloads.all())
        case .hash: report.run(try hashWorkloads(required: true))
        case .infer: report.run(try inferWorkloads(required: true))
        case .all:
            report.run(try hashWorkloads(required: false))
            report.run(AlgebraWorkloads.all())
            report.run(MSMWorkloads.all())
            report.run(NTTWorkloads.all())
            report.run(KZGWorkloads.all())
            report.run(PoseidonWorkloads.all())
            report.run(try inferWorkloads(required: false))
        }
    }
}

import ArgumentParser
import PoTBench
import PoTCircuits

/// `pot bench GROUP [--json]`: medians of the benchmark group, one line per figure.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the toolkit's kernels; --json prints one JSON object per figure (DESIGN.md format).")

    enum Group: String, ExpressibleByArgument, CaseIterable {
        case algebra, msm, ntt, kzg, poseidon, prove, hash, infer, behave, matmul, train, verify, all
    }

    @Argument(help: "Benchmark group: \(Group.allCases.map(\.rawValue).joined(separator: ", ")).")
    var group: Group

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Option(help: "Timed runs per figure, the median reported (default 9; 3 for prove and behave).")
    var runs: Int?

    @Option(help: "prove: the circuits (comma-separated; default squaring-chain,poseidon-chain).")
    var circuits = "squaring-chain,poseidon-chain"

    @Option(help: "train: the MLPs whose step is proved (layer widths, comma-separated).")
    var models = "64-32-10"

    @Flag(inversion: .prefixedNo, help: "train: prove a whole epoch of the first model for train_chain_verify.")
    var epoch = true

    @Option(help: "prove: the table sizes log2 (comma-separated; default 12,...,18).")
    var k = "12,13,14,15,16,17,18"

    @Argument(help: "The model file the hash, infer and behave groups read (default: $POT_TEST_MODEL).")
    var file: String?

    func validate() throws {
        guard (runs ?? 1) >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let report = WorkloadReport(json: json, runs: runs ?? ([.prove, .behave].contains(group) ? 3 : 9))
        switch group {
        case .algebra: report.run(AlgebraWorkloads.all())
        case .msm: report.run(MSMWorkloads.all())
        case .ntt: report.run(NTTWorkloads.all())
        case .kzg: report.run(KZGWorkloads.all())
        case .poseidon: report.run(PoseidonWorkloads.all())
        case .prove: try runProve(report)
        case .hash: report.run(try hashWorkloads(required: true))
        case .infer: report.run(try inferWorkloads(required: true))
        case .behave: report.run(try behaveWorkloads(required: true))
        case .matmul: report.run(try MatMulWorkloads.all())
        case .train: try runTrain(report)
        case .verify: report.run(try VerifyWorkloads.bundle())
        case .all:
            report.run(try hashWorkloads(required: false))
            report.run(AlgebraWorkloads.all())
            report.run(MSMWorkloads.all())
            report.run(NTTWorkloads.all())
            report.run(KZGWorkloads.all())
            try runProve(report)
            report.run(try inferWorkloads(required: false))
            report.run(try behaveWorkloads(required: false))
            report.run(try MatMulWorkloads.all())
            try runTrain(report)
            report.run(try VerifyWorkloads.bundle())
        }
    }

    /// The native step, then each model's step proof (and, for the first, a proved epoch and a
    /// LoRA step's proof).
    private func runTrain(_ report: WorkloadReport) throws {
        report.run(try TrainWorkloads.native())
        for (i, model) in models.split(separator: ",").enumerated() {
            let widths = try model.split(separator: "-").map { text -> Int in
                guard let w = Int(text), w >= 1 else { throw ValidationError("--models: '\(model)' is not layer widths like 64-32-10") }
                return w
            }
            let bar = StatusLine()
            report.run(try TrainProofWorkloads.all(widths: widths, epoch: epoch && i == 0, progress: bar.show))
            if i == 0 { report.run(try LoRAProofWorkloads.all(widths: widths, progress: bar.show)) }
            bar.finish()
        }
    }

    /// One statement at a time, so the peak memory of a proof counts only its own key and SRS;
    /// `poseidon_native` too, as issue 5 lists it with the proof figures.
    private func runProve(_ report: WorkloadReport) throws {
        let ks = try k.split(separator: ",").map { text -> Int in
            guard let k = Int(text), (4...22).contains(k) else { throw ValidationError("--k: '\(text)' is not a k from 4 to 22") }
            return k
        }
        for circuit in circuits.split(separator: ",").map(String.init) {
            for k in ks { report.run(try ProveWorkloads.all(try Statements.filling(circuit, k: k), k: k)) }
        }
        report.run(PoseidonWorkloads.all())
        // The statement issue 5 compares with a Groth16 prover on one thread: 65,534 squarings.
        if circuits.contains("squaring-chain") && ks.contains(16) {
            report.run(try ProveWorkloads.all(SquaringChainStatement(squarings: 65_534), k: 16))
        }
    }
}

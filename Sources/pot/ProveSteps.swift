import ArgumentParser
import Foundation
import PoTPlonk
import PoTSystem
import PoTTraining

/// `pot prove-steps RUN`: one worker of a distributed proof of a planned run
/// (docs/distributed.md), the state of its proofs, or their assembly into `run.json`.
struct ProveSteps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-steps",
        abstract: "Prove one shard of a run planned with pot train --plan-only, show which proofs are done, or assemble them.",
        discussion: """
            --shard i/J proves shard i's proofs (J must be the plan's shards), skipping those already there and \
            valid; each proof file appears complete or not at all, so a killed task is simply run again. \
            --status lists done, missing and invalid proofs by shard; --assemble checks every proof and writes \
            the proofs section of run.json, after which pot verify-training reads the run. See docs/distributed.md.
            """)

    @Argument(help: "The run directory (from pot train --plan-only).")
    var directory: String

    @Option(help: "i/J: prove shard i of J.")
    var shard: String?

    @Flag(help: "Show done, missing and invalid proofs by shard (with --shard, that shard's only).")
    var status = false

    @Flag(help: "Check that every proof is there and valid and write the proofs section of run.json.")
    var assemble = false

    @Option(help: "The data (default: the file the run was planned with); must have the run's SHA-256.")
    var data: String?

    @Option(help: "The SRS the run was planned with (default: the development SRS in $POT_CACHE/srs).")
    var srs: String?

    @Option(help: "Refuse to prove with more memory than this (e.g. 400M, 2G).")
    var maxMemory: String?

    @Option(help: "Prover threads (default: $SLURM_CPUS_PER_TASK in a Slurm task, else every CPU).")
    var threads = ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object instead of a summary.")
    var json = false

    func validate() throws {
        guard [shard != nil && !status, status, assemble].filter({ $0 }).count == 1 else {
            throw ValidationError("give one of --shard i/J (prove), --status or --assemble")
        }
        if let shard, ProofShards.parse(shard) == nil { throw ValidationError("--shard: '\(shard)' is not i/J with 0 ≤ i < J") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxMemory, MemorySize(maxMemory) == nil { throw ValidationError("--max-memory: '\(maxMemory)' is not a size like 400M or 2G") }
        if status || assemble, data != nil || srs != nil || maxMemory != nil {
            throw ValidationError("--data, --srs and --max-memory go with proving (--shard alone)")
        }
    }

    func run() throws {
        let planned: PlannedRun
        do { planned = try PlannedRun.open(directory: directory) } catch { throw ProofCLI.unusable("\(error)") }
        let layout = planned.plan.shardLayout
        let selected = try shard.map { text throws -> Int in
            let (i, j) = ProofShards.parse(text)!
            guard j == layout.count else {
                throw ProofCLI.unusable("--shard \(text): the run is planned in \(layout.count) shards, not \(j)")
            }
            return i
        }
        if status { return report(planned, shard: selected) }
        if assemble { return try assembleRun(planned) }
        try prove(planned, shard: selected!)
    }

    private func prove(_ planned: PlannedRun, shard: Int) throws {
        let start = ContinuousClock.now
        let plan = planned.plan
        let dataPath = data ?? plan.data
        let bytes: [UInt8]
        do { bytes = try InputFile.read(dataPath, limit: DigitsCSV.maxBytes) } catch { throw ProofCLI.unusable("\(error)") }
        guard Hex.encode(SHA256.hash(bytes)) == plan.dataSHA256 else {
            throw ProofCLI.unusable("\(dataPath): not the run's data (its SHA-256 is not \(plan.dataSHA256)); give the run's data with --data")
        }
        let examples = try DigitsCSV.parse(bytes, name: dataPath)
        try ProvingMaterial.checkBudget(planned.statement, k: plan.k, budget: maxMemory)
        let status = StatusLine()
        let params = try ProvingMaterial.srs(srs, k: plan.k, status: status)
        let key = try ProvingMaterial.key(planned.statement, k: plan.k, srs: params, status: status)
        guard key.vk.digest == planned.key.digest else {
            throw ProofCLI.unusable("the key made with this SRS has digest \(Hex.encode(key.vk.digest)), the plan's is \(plan.vkDigest): give the SRS the run was planned with (--srs)")
        }
        let groups = plan.shardLayout.groups(ofShard: shard)
        let outcomes = try ShardProver(run: planned, key: key, srs: params, threads: threads).prove(shard: shard, data: examples, dataName: dataPath) { g, outcome in
            status.show("\(outcome == .proved ? "proved" : "valid, skipped") \(ProofIndex.proofFile(firstStep: plan.firstStep(group: g)))")
        }
        status.finish()
        let proved = outcomes.values.filter { $0 == .proved }.count, skipped = outcomes.values.filter { $0 == .skipped }.count
        let seconds = (ContinuousClock.now - start).seconds
        if json {
            printJSON(["shard": shard, "shards": plan.shards, "first_group": groups.lowerBound, "groups": groups.count,
                       "proved": proved, "skipped": skipped, "threads": threads, "seconds": seconds])
        } else if groups.isEmpty {
            print("shard \(shard)/\(plan.shards): no proofs (the run has \(plan.shardLayout.groups), fewer than its shards)")
        } else {
            print("shard \(shard)/\(plan.shards): \(groups.count) proof\(groups.count == 1 ? "" : "s") (steps \(plan.firstStep(group: groups.lowerBound)) … \(plan.firstStep(group: groups.upperBound) - 1)); "
                  + "\(proved) proved, \(skipped) already valid, in " + String(format: "%.1f s", seconds) + " on \(threads) thread\(threads == 1 ? "" : "s")")
        }
    }

    private func report(_ planned: PlannedRun, shard: Int?) {
        let plan = planned.plan, layout = plan.shardLayout
        let shards = shard.map { [$0] } ?? Array(0..<layout.count)
        var rows: [[String: Any]] = []
        var missing: [Int] = [], invalid: [[String: Any]] = []
        for i in shards {
            var done = 0, absent = 0, bad = 0
            let groups = layout.groups(ofShard: i)
            for (g, state) in zip(groups, planned.states(groups: groups)) {
                switch state {
                case .done: done += 1
                case .missing:
                    absent += 1
                    missing.append(plan.firstStep(group: g))
                case .invalid(let reason):
                    bad += 1
                    invalid.append(["first_step": plan.firstStep(group: g), "reason": reason])
                }
            }
            rows.append(["shard": i, "proofs": layout.groups(ofShard: i).count, "done": done, "missing": absent, "invalid": bad])
        }
        let total = shards.reduce(0) { $0 + layout.groups(ofShard: $1).count }
        let done = rows.reduce(0) { $0 + ($1["done"] as! Int) }
        if json {
            printJSON(["proofs": total, "shards": layout.count, "done": done, "complete": done == total,
                       "missing_first_steps": missing, "invalid": invalid, "by_shard": rows])
            return
        }
        print("\(directory): \(done) of \(total) proofs done (\(plan.stepsPerProof) step\(plan.stepsPerProof == 1 ? "" : "s") each, \(layout.count) shards)")
        for row in rows {
            let (done, missing, bad) = (row["done"] as! Int, row["missing"] as! Int, row["invalid"] as! Int)
            print("  shard \(row["shard"]!)  \(done)/\(row["proofs"]!) done" + (missing > 0 ? ", \(missing) missing" : "") + (bad > 0 ? ", \(bad) INVALID" : ""))
        }
        for fault in invalid { print("  invalid: \(fault["reason"]!)") }
    }

    private func assembleRun(_ planned: PlannedRun) throws {
        let bar = ProgressBar("checking proofs")
        let index: ProofIndex
        do {
            index = try planned.assemble { done, total in bar.update(UInt64(done), of: UInt64(total)) }
        } catch {
            bar.finish()
            throw ProofCLI.fail("\(error)")
        }
        bar.finish()
        if json {
            printJSON(["run_dir": directory, "proofs": index.files.count, "steps_per_proof": planned.plan.stepsPerProof,
                       "statement": index.statement, "k": index.k, "vk_digest": index.vkDigest])
        } else {
            print("assembled      \(index.files.count) proofs of \(planned.plan.stepsPerProof) step\(planned.plan.stepsPerProof == 1 ? "" : "s") into \(directory)/run.json")
            print("verify with    pot verify-training \(directory) --srs SRS")
        }
    }
}

import ArgumentParser
import Foundation
import PoTCircuits
import PoTPlonk
import PoTSystem
import PoTTraining

/// `pot train --plan-only`: what a job array needs to prove the run (docs/distributed.md).
struct PlannedProving {
    let plan: ProvingPlan
    let key: VerifyingKey
    let script: SlurmScript

    /// Adds the plan, the verifying key, the job script and its log folder to the run directory.
    func write(to directory: String) throws {
        try plan.write(directory: directory, key: key)
        let path = directory + "/" + SlurmScript.file
        do {
            try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
            try OutputFile.write(Array(script.text.utf8), to: path, force: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw TrainingError.runDirectory("\(path): cannot write the job script (\(error))")
        }
    }

    var summary: [String: Any] {
        ["steps_per_proof": plan.stepsPerProof, "statement": plan.statement, "k": plan.k, "vk_digest": plan.vkDigest,
         "shards": plan.shards, "proofs": plan.shardLayout.groups, "job_script": SlurmScript.file]
    }

    func print() {
        let groups = plan.shardLayout.groups
        Swift.print("planned        \(groups) proofs of \(plan.stepsPerProof) step\(plan.stepsPerProof == 1 ? "" : "s") (k = \(plan.k)) in \(plan.shards) shards")
        Swift.print("statement      \(plan.statement)")
        Swift.print("job script     sbatch \(script.run)/\(SlurmScript.file), then pot prove-steps \(script.run) --assemble")
    }
}

extension Train {
    /// The most shards the default plan has: Slurm's default MaxArraySize allows indices 0 … 1000.
    static let defaultMaxShards = 1000

    /// Chooses the steps per proof as `--prove` would, makes (or finds) the key every worker will
    /// use, and the plan and job script; nothing is written yet.
    func plan(_ run: TrainingRun, steps: Int, data: String, dataSHA256: String) throws -> PlannedProving {
        let perProof = try stepsPerProof ?? Self.stepsPerProof(run, steps: steps, budget: maxMemory.flatMap(MemorySize.init)?.bytes)
        guard steps % perProof == 0 else { throw ValidationError("--steps-per-proof \(perProof) does not divide the \(steps) steps") }
        let statement = try StepWitnesses(run: run, stepsPerProof: perProof).statement
        let k = statement.minimumK
        try ProvingMaterial.checkBudget(statement, k: k, budget: maxMemory)
        let status = StatusLine()
        let params = try ProvingMaterial.srs(srs, k: k, status: status)
        let key = try ProvingMaterial.key(statement, k: k, srs: params, status: status)
        status.finish()
        let groups = steps / perProof
        let plan = ProvingPlan(steps: steps, stepsPerProof: perProof, statement: statement.description, k: k, vkDigest: key.vk.digest,
                               shards: shards ?? min(groups, Self.defaultMaxShards), data: URL(fileURLWithPath: data).standardizedFileURL.path,
                               dataSHA256: dataSHA256)
        let memory = maxMemory.flatMap(MemorySize.init)?.bytes ?? MemoryPlan(statement: statement, k: k).peakBytes * 5 / 4
        let script = SlurmScript(run: URL(fileURLWithPath: output).standardizedFileURL.path, shards: plan.shards, srs: srs.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                                 maxMemory: maxMemory, memoryMiB: (memory + (1 << 20) - 1) >> 20, runId: RunDirectory.hex(run.runId))
        return PlannedProving(plan: plan, key: key.vk, script: script)
    }
}

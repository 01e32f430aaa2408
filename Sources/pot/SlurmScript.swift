import Foundation

/// The job script of a planned run (docs/distributed.md): a Slurm array of J tasks, task i
/// running `pot prove-steps RUN --shard i/J`. J is written into the script, not taken from
/// Slurm, so that resubmitting one task (`sbatch --array=2 slurm-prove.sh`) proves the same
/// shard as before.
struct SlurmScript {
    static let file = "slurm-prove.sh"

    /// Absolute paths, as every node must find them on the shared file system.
    let run: String
    let shards: Int
    let srs: String?
    let maxMemory: String?
    /// What each task asks Slurm for: `--max-memory`, else the memory planner's estimate and a quarter.
    let memoryMiB: Int
    let runId: String

    /// This `pot`, by absolute path; `POT` in the job's environment overrides it.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    var text: String {
        var command = "\"$POT\" prove-steps \(quoted(run)) --shard \"$SLURM_ARRAY_TASK_ID/\(shards)\""
        if let srs { command += " --srs \(quoted(srs))" }
        if let maxMemory { command += " --max-memory \(quoted(maxMemory))" }
        return """
            #!/bin/bash
            # Proves the training run \(run) as a Slurm job array (docs/distributed.md):
            #   sbatch \(run)/\(Self.file)              every shard
            #   sbatch --array=I \(run)/\(Self.file)    shard I again (a task that failed or was killed)
            #   pot prove-steps \(run) --status         done, missing and invalid proofs by shard
            #   pot prove-steps \(run) --assemble       the proofs section of run.json, for pot verify-training
            #SBATCH --job-name=pot-prove-\(runId.dropFirst(2).prefix(8))
            #SBATCH --array=0-\(shards - 1)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=1
            #SBATCH --mem=\(memoryMiB)M
            #SBATCH --output=\(run)/logs/shard-%a.log
            set -euo pipefail
            POT=${POT:-\(quoted(Self.executable))}
            exec \(command)

            """
    }

    private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

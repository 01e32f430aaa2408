import Foundation
import PoTCircuits
import PoTPlonk
import PoTSystem

/// What the workers of a distributed proof share (docs/distributed.md), `private/plan.json` in
/// a run directory that `pot train --plan-only` wrote: the steps per proof every shard uses, the
/// statement and table size they fix, the verifying key by file and digest, the number of
/// shards, and where the data were read (a worker re-derives the dataset root from them and
/// refuses data with another root).
public struct ProvingPlan: Codable, Equatable, Sendable {
    public static let format = "pot-proving-plan"
    public static let version = 1
    /// Relative to the run directory.
    public static let file = "private/plan.json"

    public var format = ProvingPlan.format
    public var version = ProvingPlan.version
    /// T and k.
    public var steps: Int
    public var stepsPerProof: Int
    public var statement: String
    /// The table size (log2 of the rows).
    public var k: Int
    public var vk: String
    public var vkDigest: String
    /// J, the shards the job script's array has.
    public var shards: Int
    /// The data file's path when the run was planned, and its SHA-256.
    public var data: String
    public var dataSHA256: String

    enum CodingKeys: String, CodingKey {
        case format, version, steps, stepsPerProof = "steps_per_proof", statement, k, vk, vkDigest = "vk_digest", shards, data
        case dataSHA256 = "data_sha256"
    }

    public init(steps: Int, stepsPerProof: Int, statement: String, k: Int, vkDigest: [UInt8], shards: Int, data: String, dataSHA256: String) {
        precondition(steps >= 1 && stepsPerProof >= 1 && steps % stepsPerProof == 0 && shards >= 1, "a plan tiles the steps")
        (self.steps, self.stepsPerProof, self.statement, self.k, self.shards) = (steps, stepsPerProof, statement, k, shards)
        vk = ProofIndex.keyFile(digest: vkDigest)
        self.vkDigest = Hex.encode(vkDigest)
        (self.data, self.dataSHA256) = (data, dataSHA256)
    }

    /// The proof groups and how the shards split them.
    public var shardLayout: ProofShards { ProofShards(groups: steps / stepsPerProof, count: shards) }

    /// The first step of group `g`.
    public func firstStep(group g: Int) -> Int { g * stepsPerProof }

    /// The proofs section of `run.json` once every group is proved.
    public var index: ProofIndex {
        let entries = (0..<steps / stepsPerProof).map { g in
            ProofIndex.Entry(firstStep: firstStep(group: g), steps: stepsPerProof, file: ProofIndex.proofFile(firstStep: firstStep(group: g)))
        }
        return ProofIndex(statement: statement, k: k, vk: vk, vkDigest: vkDigest, files: entries)
    }

    /// Adds the plan, the verifying key and an empty `proofs/` to the run directory `directory`.
    public func write(directory: String, key: VerifyingKey) throws(TrainingError) {
        precondition(Hex.encode(key.digest) == vkDigest, "the plan names this key")
        let root = URL(fileURLWithPath: directory)
        do {
            for folder in ["proofs", "keys"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            try OutputFile.write([
                (root.appendingPathComponent(vk).path, key.encoded()),
                (root.appendingPathComponent(Self.file).path, Array(try encoder.encode(self)) + [10]),
            ], force: true)
        } catch {
            throw .runDirectory("\(directory): cannot write the proving plan (\(error))")
        }
    }

    /// Reads `directory/private/plan.json`.
    /// - Throws: ``TrainingError/runDirectory(_:)`` naming the file: missing (the run was not
    ///   planned), malformed, another format, or steps, shards and key file that do not fit.
    public static func read(directory: String) throws(TrainingError) -> ProvingPlan {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: 1 << 20) } catch {
            throw .runDirectory("\(error) (a run is planned with pot train --plan-only)")
        }
        let plan: ProvingPlan
        do { plan = try JSONDecoder().decode(ProvingPlan.self, from: Data(bytes)) } catch {
            throw .runDirectory("\(path): not a proving plan (\(error.localizedDescription))")
        }
        guard plan.format == format, plan.version == version else {
            throw .runDirectory("\(path): format \(plan.format) version \(plan.version), expected \(format) version \(version)")
        }
        guard plan.steps >= 1, plan.stepsPerProof >= 1, plan.steps % plan.stepsPerProof == 0, plan.shards >= 1 else {
            throw .runDirectory("\(path): \(plan.steps) steps in proofs of \(plan.stepsPerProof) over \(plan.shards) shards do not tile the run")
        }
        guard ProofIndex.isOwnFile(plan.vk), plan.vk == "keys/\(plan.vkDigest).vk" else {
            throw .runDirectory("\(path): the key file '\(plan.vk)' is not keys/<vk_digest>.vk")
        }
        return plan
    }
}

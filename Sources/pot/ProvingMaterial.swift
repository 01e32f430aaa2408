import Foundation
import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk
import PoTSystem

/// The SRS and the proving key of a training statement, as `pot train --prove`, `--plan-only`
/// and `pot prove-steps` find them: the SRS from `--srs`, else a development SRS made once in
/// `$POT_CACHE/srs`; the key from `$POT_CACHE/keys` (keygen is deterministic, so the cache is
/// keyed by statement, table size and SRS), else made and cached.
enum ProvingMaterial {
    static var cache: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["POT_CACHE"] ?? NSHomeDirectory() + "/.cache/pot"
    }

    static func srs(_ path: String?, k: Int, status: StatusLine) throws -> SRS {
        if let path { return try ProofCLI.loadSRS(path, k: k) }
        let cached = cache + "/srs/dev-k\(k).srs"
        if FileManager.default.fileExists(atPath: cached) { return try ProofCLI.loadSRS(cached, k: k) }
        status.show("making a development SRS of 2^\(k) powers (\(cached))")
        let made = SRS.generateInsecure(k: k)
        do {
            try FileManager.default.createDirectory(atPath: cache + "/srs", withIntermediateDirectories: true)
            try made.write(to: cached)
        } catch {
            throw ProofCLI.fail("cannot write \(cached): \(error)")
        }
        FileHandle.standardError.write(Data("warning: proving with \(cached), an INSECURE development SRS; verifiers must give it to --srs\n".utf8))
        return made
    }

    static func key(_ statement: TrainStepStatement, k: Int, srs: SRS, status: StatusLine) throws -> ProvingKey {
        let name = Hex.encode(SHA256.hash(Array("\(statement) k=\(k) srs=\(Hex.encode(srs.verifierKey.digest))".utf8)))
        let path = cache + "/keys/\(name).pk"
        if FileManager.default.fileExists(atPath: path), let key = try? statement.loadKey(path: path), key.vk.k == k,
           key.vk.srsDigest == srs.verifierKey.digest {
            return key
        }
        status.show("generating keys for \(statement) at k = \(k)")
        let key: ProvingKey
        do { key = try statement.keygen(k: k, srs: srs) } catch { throw ProofCLI.fail("\(error)") }
        do {
            try FileManager.default.createDirectory(atPath: cache + "/keys", withIntermediateDirectories: true)
            try key.write(to: path)
        } catch {
            FileHandle.standardError.write(Data("warning: cannot cache the proving key at \(path): \(error)\n".utf8))
        }
        return key
    }

    /// Refuses to prove `statement` at table size `k` when the memory planner's estimate exceeds
    /// `budget` (the text of `--max-memory`).
    static func checkBudget(_ statement: TrainStepStatement, k: Int, budget: String?) throws {
        guard let budget, let bytes = MemorySize(budget)?.bytes else { return }
        let estimate = MemoryPlan(statement: statement, k: k).peakBytes
        guard estimate <= bytes else {
            throw ProofCLI.fail("proving \(statement.steps) step\(statement.steps == 1 ? "" : "s") at k = \(k) needs about \(MemorySize.text(estimate)), above --max-memory \(budget)")
        }
    }
}

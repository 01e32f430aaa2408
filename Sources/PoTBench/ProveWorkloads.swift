import PoTAlgebra
import PoTCircuits
import PoTCommitments
import PoTPlonk

/// `pot bench prove` (names and units fixed by issue 5), for one statement in a table of 2^k
/// rows, params `circuit`, `k` and `size` (squarings or hashes):
/// - `keygen`, `prove`, `verify` (ms), on every core;
/// - `proof_size` (B), the proof file's length;
/// - `prove_peak_rss` (MiB): the process's peak resident size during one proof, key and SRS
///   included (the peak is reset to the current size before the proof).
///
/// The SRS is a development one of a fixed τ, made in the process before the workloads.
public enum ProveWorkloads {
    public static func all(_ statement: any ProvableStatement, k: Int) throws -> [Workload] {
        let srs = SRS.insecure(k: k, tau: Fr(0x5eed_cafe))
        let state = State(statement: statement, srs: srs, key: try statement.keygen(k: k, srs: srs))
        state.proof = try statement.prove(values: ["x": "3"], key: state.key, srs: srs)
        let params = ["k": k, "size": statement.size ?? 0]
        let labels = ["circuit": type(of: statement).name]
        return [
            Workload(name: "keygen", params: params, labels: labels, unit: .ms, batch: 1) { state.keygen() },
            Workload(name: "prove", params: params, labels: labels, unit: .ms, batch: 1) { state.prove() },
            Workload(name: "verify", params: params, labels: labels, unit: .ms, batch: 1) { state.verify() },
            Workload(name: "proof_size", params: params, labels: labels, unit: .bytes, batch: 1,
                     gauge: { Double(state.proof.encoded(vkDigest: state.key.vk.digest).count) }) {},
            Workload(name: "prove_peak_rss", params: params, labels: labels, unit: .mib, batch: 1,
                     prepare: PeakResident.reset, gauge: PeakResident.mib) { state.prove() },
        ]
    }

    /// The key and proof the workloads share; they run one at a time.
    private final class State: @unchecked Sendable {
        let statement: any ProvableStatement
        let srs: SRS
        let key: ProvingKey
        var proof: Proof!

        init(statement: any ProvableStatement, srs: SRS, key: ProvingKey) {
            self.statement = statement
            self.srs = srs
            self.key = key
        }

        func keygen() {
            do { blackHole(try statement.keygen(k: key.vk.k, srs: srs)) } catch { fatalError("keygen failed: \(error)") }
        }

        func prove() {
            do { proof = try statement.prove(values: ["x": "3"], key: key, srs: srs) } catch { fatalError("proving failed: \(error)") }
        }

        func verify() {
            do { try statement.verify(proof, key: key.vk) } catch { fatalError("verification failed: \(error)") }
        }
    }
}

import PoTAlgebra
import PoTCommitments

/// A proof that a witness exists for a circuit and its public inputs: commitments in the
/// order the prover made them, the claimed evaluations at the challenge point, and the two
/// group elements of the batched opening. Its size depends on the circuit's columns and
/// degree, not on k.
public struct Proof: Sendable, Equatable {
    /// The public inputs, one array per instance column (rows from 0).
    public var instances: [[Fr]]
    /// The user's advice columns of both phases, by column index, then one logUp multiplicity
    /// column per lookup (the transcript absorbs them in phase order: docs/plonk-format.md).
    public var adviceCommitments: [G1]
    /// The permutation's running products, then the lookups' running sums.
    public var runningCommitments: [G1]
    /// The quotient's pieces h_0, …, h_(d−2).
    public var quotientCommitments: [G1]
    /// Every committed column at every rotation the constraints read, in `ArgumentLayout.openings` order.
    public var evaluations: [Fr]
    /// SHPLONK's W and W'.
    public var w: G1
    public var wPrime: G1

    static let magic = Array("PoT-PRF1".utf8)
    static let version: UInt32 = 1

    /// The file format of docs/plonk-format.md; `vkDigest` names the verifying key the proof
    /// was made for, so a mismatch is reported before any arithmetic.
    public func encoded(vkDigest: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(Self.version)
        w.raw(vkDigest)
        w.u32(UInt32(instances.count))
        for column in instances {
            w.u32(UInt32(column.count))
            for v in column { w.scalar(v) }
        }
        for group in [adviceCommitments, runningCommitments, quotientCommitments] {
            w.u32(UInt32(group.count))
            for p in group { w.point(p) }
        }
        w.u32(UInt32(evaluations.count))
        for v in evaluations { w.scalar(v) }
        w.point(self.w)
        w.point(wPrime)
        return w.bytes
    }

    /// Decodes a proof and the digest of the key it names.
    public static func decode(_ bytes: [UInt8], path: String) throws(PlonkFileError) -> (proof: Proof, vkDigest: [UInt8]) {
        var r = ByteReader(bytes, path: path)
        try r.header(magic: magic, version: version, what: "a PoT proof")
        let digest = try r.raw(32)
        var instances: [[Fr]] = []
        for c in 0..<(try r.count("instance column", limit: 64)) {
            var column: [Fr] = []
            for i in 0..<(try r.count("instance value", limit: 1 << 20)) { column.append(try r.scalar("instance \(c) row \(i)")) }
            instances.append(column)
        }
        var groups: [[G1]] = []
        for name in ["advice commitment", "running commitment", "quotient commitment"] {
            var group: [G1] = []
            for i in 0..<(try r.count(name, limit: 4096)) { group.append(try r.g1("\(name) \(i)")) }
            groups.append(group)
        }
        var evaluations: [Fr] = []
        for i in 0..<(try r.count("evaluation", limit: 1 << 16)) { evaluations.append(try r.scalar("evaluation \(i)")) }
        let w = try r.g1("W"), wPrime = try r.g1("W'")
        try r.expectEnd()
        let proof = Proof(instances: instances, adviceCommitments: groups[0], runningCommitments: groups[1],
                          quotientCommitments: groups[2], evaluations: evaluations, w: w, wPrime: wPrime)
        return (proof, digest)
    }

    /// Reads a proof file (at most 16 MiB).
    public static func load(path: String) throws(PlonkFileError) -> (proof: Proof, vkDigest: [UInt8]) {
        try decode(try FileBytes.read(path, limit: 16 << 20), path: path)
    }

    public func write(to path: String, vkDigest: [UInt8]) throws(PlonkFileError) {
        try FileBytes.write(encoded(vkDigest: vkDigest), to: path)
    }
}

import PoTAlgebra
import PoTCommitments
import PoTSystem

/// What a verifier needs besides the circuit's code: the commitments to the fixed columns
/// (selectors and permutation σ's included), the KZG key, and digests that bind the key to
/// one circuit, one k and one SRS. A few hundred bytes; its `digest` starts every transcript,
/// so a proof made under another key fails.
public struct VerifyingKey: Sendable, Equatable {
    /// A name for the statement, with its parameters (e.g. `squaring-chain squarings=65534`).
    public let circuit: String
    public let k: Int
    /// `ConstraintSystem.digest` of the circuit the key was made for.
    public let constraintDigest: [UInt8]
    /// SHA-256 over [1]G1, [τ]G1, [1]G2, [τ]G2 of the SRS the key was made with.
    public let srsDigest: [UInt8]
    public let kzg: KZGVerifierKey
    /// Commitments to the user's fixed columns, the selectors, then one σ per equality column.
    public let fixedCommitments: [G1]

    /// SHA-256 of the key's encoding: what the transcript absorbs first.
    public var digest: [UInt8] { SHA256.hash(encoded()) }

    /// The digest that identifies an SRS to a key: its first two G1 powers and both G2 points.
    public static func srsDigest(_ srs: SRS) -> [UInt8] {
        var w = ByteWriter()
        w.raw(Array("PoT-SRS-id-v1".utf8))
        w.point(G1(affine: srs.g1Powers[0]))
        w.point(G1(affine: srs.g1Powers[1]))
        w.point(srs.g2)
        w.point(srs.tauG2)
        return SHA256.hash(w.bytes)
    }

    static let magic = Array("PoT-VKEY".utf8)
    static let version: UInt32 = 1

    /// The file format of docs/plonk-format.md.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(Self.version)
        w.string(circuit)
        w.u32(UInt32(k))
        w.raw(constraintDigest)
        w.raw(srsDigest)
        w.point(kzg.g1)
        w.point(kzg.g2)
        w.point(kzg.tauG2)
        w.u32(UInt32(fixedCommitments.count))
        for c in fixedCommitments { w.point(c) }
        return w.bytes
    }

    /// Decodes a key; `path` names the source in errors.
    public init(bytes: [UInt8], path: String) throws(PlonkFileError) {
        var r = ByteReader(bytes, path: path)
        try r.header(magic: Self.magic, version: Self.version, what: "a PoT verifying key")
        circuit = try r.string("circuit name")
        k = Int(try r.u32())
        guard (1...Fr.twoAdicity).contains(k) else { throw .malformed(path: path, reason: "k = \(k) is out of range") }
        constraintDigest = try r.raw(32)
        srsDigest = try r.raw(32)
        kzg = KZGVerifierKey(g1: try r.g1("[1]G1"), g2: try r.g2("[1]G2"), tauG2: try r.g2("[τ]G2"))
        guard kzg.g1 == .generator, kzg.g2 == .generator else {
            throw .malformed(path: path, reason: "the KZG key does not use the standard generators")
        }
        let count = try r.count("fixed commitment", limit: 1 << 16)
        var commitments: [G1] = []
        for i in 0..<count { commitments.append(try r.g1("fixed commitment \(i)")) }
        fixedCommitments = commitments
        try r.expectEnd()
    }

    init(circuit: String, k: Int, constraintDigest: [UInt8], srsDigest: [UInt8], kzg: KZGVerifierKey, fixedCommitments: [G1]) {
        self.circuit = circuit
        self.k = k
        self.constraintDigest = constraintDigest
        self.srsDigest = srsDigest
        self.kzg = kzg
        self.fixedCommitments = fixedCommitments
    }

    /// Reads a key file (at most 16 MiB).
    public static func load(path: String) throws(PlonkFileError) -> VerifyingKey {
        try VerifyingKey(bytes: try FileBytes.read(path, limit: 16 << 20), path: path)
    }

    public func write(to path: String) throws(PlonkFileError) {
        try FileBytes.write(encoded(), to: path)
    }
}

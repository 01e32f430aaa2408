import PoTAlgebra
import PoTCommitments
import PoTSystem

/// What a verifier needs besides the circuit's code: the commitments to the fixed columns
/// (selectors and permutation σ's included), the KZG key with [τ]G1 (so that the key can be
/// checked against an SRS), the number of public inputs in each instance column, and digests
/// that bind the key to one circuit and one k. A few hundred bytes; its `digest` starts every
/// transcript, so a proof made under another key fails.
///
/// A key is trusted only through its digest: keygen is deterministic, so a verifier who holds
/// the public SRS re-derives the key and compares digests (`pot verify --srs`), or compares
/// with a digest published beside the statement (`pot verify --vk-digest`).
public struct VerifyingKey: Sendable, Equatable {
    /// A name for the statement, with its parameters (e.g. `squaring-chain squarings=65534`).
    public let circuit: String
    public let k: Int
    /// `ConstraintSystem.digest` of the circuit the key was made for.
    public let constraintDigest: [UInt8]
    /// The flags of the SRS file the key was made with (development, imported), as keygen read
    /// them; bound by the key's digest, compared with the SRS file when one is given.
    public let srsFlags: SRS.Flags
    public let kzg: KZGVerifierKey
    /// How many public inputs each instance column holds; a proof must have exactly these.
    public let instanceCounts: [Int]
    /// Commitments to the user's fixed columns, the selectors, then one σ per equality column.
    public let fixedCommitments: [G1]

    /// SHA-256 of the key's encoding: what the transcript absorbs first. Computed once when
    /// the key is made, since every verification starts with it.
    public private(set) var digest: [UInt8] = []

    /// The identity of the SRS the key was made with (`KZGVerifierKey.digest`), computed from
    /// the key's points, never read from a field.
    public var srsDigest: [UInt8] { kzg.digest }

    /// Whether the key says its SRS is an insecure development one.
    public var isDevelopmentSRS: Bool { srsFlags.contains(.insecureDevelopment) }

    static let magic = Array("PoT-VKEY".utf8)
    static let version: UInt32 = 2

    /// The file format of docs/plonk-format.md.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u32(Self.version)
        w.string(circuit)
        w.u32(UInt32(k))
        w.raw(constraintDigest)
        w.u32(srsFlags.rawValue)
        w.point(kzg.g1)
        w.point(kzg.tauG1)
        w.point(kzg.g2)
        w.point(kzg.tauG2)
        w.u32(UInt32(instanceCounts.count))
        for count in instanceCounts { w.u32(UInt32(count)) }
        w.u32(UInt32(fixedCommitments.count))
        for c in fixedCommitments { w.point(c) }
        return w.bytes
    }

    /// Decodes a key, refusing one whose SRS points are degenerate (`KZGVerifierKey.defect`);
    /// `path` names the source in errors.
    public init(bytes: [UInt8], path: String) throws(PlonkFileError) {
        var r = ByteReader(bytes, path: path)
        try r.header(magic: Self.magic, version: Self.version, what: "a PoT verifying key")
        circuit = try r.string("circuit name")
        k = Int(try r.u32())
        guard (1...Fr.twoAdicity).contains(k) else { throw .malformed(path: path, reason: "k = \(k) is out of range") }
        constraintDigest = try r.raw(32)
        srsFlags = SRS.Flags(rawValue: try r.u32())
        guard SRS.Flags.known.isSuperset(of: srsFlags) else {
            throw .malformed(path: path, reason: "unknown SRS flag bits 0x\(String(srsFlags.rawValue, radix: 16))")
        }
        kzg = KZGVerifierKey(g1: try r.g1("[1]G1"), tauG1: try r.g1("[τ]G1"), g2: try r.g2("[1]G2"), tauG2: try r.g2("[τ]G2"))
        if let defect = kzg.defect { throw .malformed(path: path, reason: "degenerate SRS points: \(defect)") }
        var counts: [Int] = []
        let usable = 1 << k
        for c in 0..<(try r.count("instance column", limit: 64)) { counts.append(try r.count("instance \(c) count", limit: usable)) }
        instanceCounts = counts
        let count = try r.count("fixed commitment", limit: 1 << 16)
        var commitments: [G1] = []
        for i in 0..<count { commitments.append(try r.g1("fixed commitment \(i)")) }
        fixedCommitments = commitments
        try r.expectEnd()
        digest = SHA256.hash(encoded())
    }

    init(circuit: String, k: Int, constraintDigest: [UInt8], srsFlags: SRS.Flags, kzg: KZGVerifierKey,
         instanceCounts: [Int], fixedCommitments: [G1]) {
        self.circuit = circuit
        self.k = k
        self.constraintDigest = constraintDigest
        self.srsFlags = srsFlags
        self.kzg = kzg
        self.instanceCounts = instanceCounts
        // In affine form (Z = 1), as a decoded key has them: every verification absorbs them.
        self.fixedCommitments = G1.batchAffine(fixedCommitments).map(G1.init(affine:))
        digest = SHA256.hash(encoded())
    }

    /// Reads a key file (at most 16 MiB).
    public static func load(path: String) throws(PlonkFileError) -> VerifyingKey {
        try VerifyingKey(bytes: try FileBytes.read(path, limit: 16 << 20), path: path)
    }

    public func write(to path: String) throws(PlonkFileError) {
        try FileBytes.write(encoded(), to: path)
    }
}

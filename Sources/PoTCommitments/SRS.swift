import CBN254
import PoTAlgebra

/// A universal KZG structured reference string over BN254: [τ^i]G1 for i < count, [1]G2 and
/// [τ]G2. One SRS serves every polynomial of degree below `g1Powers.count`.
public struct SRS: Sendable {
    /// Where an SRS came from; stored in the file header (docs/srs.md).
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// τ was drawn by `pot setup generate` on one machine: whoever ran it could forge
        /// proofs. For development and tests only.
        public static let insecureDevelopment = Flags(rawValue: 1 << 0)
        /// Converted from a ceremony file (`pot setup import`).
        public static let imported = Flags(rawValue: 1 << 1)
        /// Every flag version 1 of the format defines; other bits are rejected on load.
        public static let known: Flags = [.insecureDevelopment, .imported]
    }

    /// log2 of the largest evaluation domain the SRS serves: `g1Powers.count >= 1 << k`.
    public let k: Int
    public let flags: Flags
    /// [τ^i]G1 in affine form, i = 0 ..< count; [τ^0]G1 is the standard generator.
    public let g1Powers: [bn254_g1_affine]
    /// [1]G2, the standard generator.
    public let g2: G2
    /// [τ]G2.
    public let tauG2: G2

    /// Builds an SRS from its parts; `g1Powers` must hold at least 2^k points (the loaders and
    /// the generator guarantee it, `SRSCheck` verifies the powers).
    public init(k: Int, flags: Flags, g1Powers: [bn254_g1_affine], g2: G2, tauG2: G2) {
        precondition((0...Fr.twoAdicity).contains(k) && g1Powers.count >= 1 << k, "an SRS of 2^k powers needs at least 2^k G1 points")
        self.k = k
        self.flags = flags
        self.g1Powers = g1Powers
        self.g2 = g2
        self.tauG2 = tauG2
    }

    /// Whether τ was known to whoever generated the SRS; every tool that uses such an SRS
    /// must say so in its output.
    public var isInsecure: Bool { flags.contains(.insecureDevelopment) }

    /// The largest number of coefficients a committed polynomial may have.
    public var maxCoefficients: Int { g1Powers.count }

    /// The part of the SRS a verifier needs, with [τ]G1 to tie it to the SRS (a few hundred
    /// bytes). Needs at least two powers, as every loaded SRS has.
    public var verifierKey: KZGVerifierKey {
        precondition(g1Powers.count >= 2, "an SRS of one power has no [τ]G1")
        return KZGVerifierKey(g1: G1(affine: g1Powers[0]), tauG1: G1(affine: g1Powers[1]), g2: g2, tauG2: tauG2)
    }

    /// The first 2^k powers only: a large SRS serving a smaller circuit.
    public func truncated(toK smaller: Int) -> SRS {
        precondition(smaller <= k, "cannot extend an SRS by truncation")
        return SRS(k: smaller, flags: flags, g1Powers: Array(g1Powers.prefix(1 << smaller)), g2: g2, tauG2: tauG2)
    }
}

/// What a KZG verifier needs from the SRS — [1]G1, [1]G2 and [τ]G2 — and [τ]G1, which with
/// the others names the SRS (`digest`) and lets `defect` check that both τ's are one.
public struct KZGVerifierKey: Sendable, Hashable {
    public let g1: G1
    public let tauG1: G1
    public let g2: G2
    public let tauG2: G2

    public init(g1: G1, tauG1: G1, g2: G2, tauG2: G2) {
        self.g1 = g1
        self.tauG1 = tauG1
        self.g2 = g2
        self.tauG2 = tauG2
    }
}

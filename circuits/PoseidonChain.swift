import PoTAlgebra
import PoTPlonk

/// The statement y = H^length(x) with public x and y, where H(h) = Poseidon(h, h): a chain of
/// Poseidon hashes, the benchmark statement of the proof engine (`PoseidonChip.rowsPerHash` rows per hash).
public struct PoseidonChain: Circuit {
    public struct Config {
        public let poseidon: PoseidonChip
        public let out: Column
    }

    public let x: Fr
    public let length: Int

    public init(x: Fr, length: Int) {
        precondition(length >= 1, "the chain needs at least one hash")
        self.x = x
        self.length = length
    }

    /// The public inputs: x and y.
    public var instances: [[Fr]] {
        var h = x
        for _ in 0..<length { h = Poseidon.hash(h, h) }
        return [[x, h]]
    }

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        Config(poseidon: try PoseidonChip.configure(cs), out: cs.instanceColumn())
    }

    public func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        // x sits in a state column (no selector is on in its row), which has equality already.
        let first = try layouter.region("input", in: config.poseidon.track) { region throws(PlonkError) in
            try region.assignAdvice(config.poseidon.state[1], 0, x)
        }
        var h = first
        for _ in 0..<length { h = try config.poseidon.hash(layouter, h, h) }
        try layouter.constrainInstance(first, config.out, row: 0)
        try layouter.constrainInstance(h, config.out, row: 1)
    }
}

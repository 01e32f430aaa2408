import PoTAlgebra
import PoTPlonk

/// The statement y = x^(2^squarings) with public x and y, the usual yardstick between proof
/// systems (one multiplication per step). Two squarings per row, in columns a and b:
///   b_i = a_i^2,  a_(i+1) = b_i^2
/// so 2^k rows hold almost 2^(k+1) squarings.
public struct SquaringChain: Circuit {
    public struct Config {
        public let a: Column, b: Column, out: Column
        public let step: Selector
    }

    public let x: Fr
    public let squarings: Int

    public init(x: Fr, squarings: Int) {
        precondition(squarings >= 1, "the chain needs at least one squaring")
        self.x = x
        self.squarings = squarings
    }

    /// The public inputs: x and y.
    public var instances: [[Fr]] {
        var y = x
        for _ in 0..<squarings { y = y.squared }
        return [[x, y]]
    }

    public static func configure(_ cs: ConstraintSystem) throws(PlonkError) -> Config {
        let config = Config(a: cs.adviceColumn(), b: cs.adviceColumn(), out: cs.instanceColumn(), step: cs.selector())
        cs.enableEquality(config.a)
        cs.enableEquality(config.b)
        let (a, b, s) = (config.a, config.b, config.step.expression)
        try cs.createGate("squaring", [
            Constraint("b = a^2", s * (b.cur - a.cur * a.cur)),
            Constraint("a' = b^2", s * (a.next - b.cur * b.cur)),
        ])
        return config
    }

    public func synthesize(_ config: Config, _ layouter: Layouter) throws(PlonkError) {
        let (first, last) = try layouter.region("squaring chain") { region throws(PlonkError) in
            let first = try region.assignAdvice(config.a, 0, x)
            var last = first
            var value = x
            for i in 0..<squarings {
                value = value.squared
                let (column, row) = i % 2 == 0 ? (config.b, i / 2) : (config.a, i / 2 + 1)
                if i % 2 == 0 { try region.enable(config.step, i / 2) }
                last = try region.assignAdvice(column, row, value)
            }
            // An odd count leaves the last row's a' unset; it must still be b^2 for the gate.
            if squarings % 2 == 1 { try region.assignAdvice(config.a, squarings / 2 + 1, value.squared) }
            return (first, last)
        }
        try layouter.constrainInstance(first, config.out, row: 0)
        try layouter.constrainInstance(last, config.out, row: 1)
    }
}

import PoTCircuits
import Foundation
import PoTAlgebra

extension MLPParameters {
    /// The initial parameters of a run: each weight of `W_l` (layers in order, row-major)
    /// is `a · (2u − 1)` with `a = sqrt(6 / (n_{l−1} + n_l))` (Glorot's uniform bound) and
    /// `u = (x >> 11) / 2^53` for the next `x` of ``SeededRandom`` seeded with `seed`, rounded
    /// to a value; biases are 0. The same seed gives the same parameters everywhere.
    public static func initial(widths: [Int], seed: UInt64) throws(FixedPointError) -> MLPParameters {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 }, "an MLP has at least two widths, each at least 1")
        var random = SeededRandom(seed: seed)
        var layers: [DenseLayer] = []
        for l in 1..<widths.count {
            let (fanIn, fanOut) = (widths[l - 1], widths[l])
            let values = try uniformValues(count: fanIn * fanOut, bound: (6.0 / Double(fanIn + fanOut)).squareRoot(),
                                           random: &random, name: "W_\(l)")
            layers.append(DenseLayer(weights: IntegerMatrix(rows: fanOut, columns: fanIn, values: values),
                                     bias: [Int64](repeating: 0, count: fanOut)))
        }
        return try MLPParameters(layers: layers)
    }

    /// `count` values `round(bound · (2u − 1))`, `u = (x >> 11) / 2^53` for the next outputs `x`
    /// of `random`; `name[i]` names an entry out of range.
    static func uniformValues(count: Int, bound: Double, random: inout SeededRandom, name: String) throws(FixedPointError) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let u = Double(random.next() >> 11) / 9_007_199_254_740_992  // 2^53
            values.append(try FixedPoint.value(of: bound * (2 * u - 1), "\(name)[\(i)]"))
        }
        return values
    }
}

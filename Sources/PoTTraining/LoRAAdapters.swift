import PoTAlgebra
import PoTCircuits

/// The trainable low-rank adapter of one dense layer (docs/fixed-point.md, "One LoRA step"):
/// `down` is A (r × n_in), `up` is B (n_out × r), both values; the layer computes with
/// `W + B·A` while its base `W`, `b` stay frozen.
public struct LoRAAdapter: Equatable, Sendable {
    public var down: IntegerMatrix
    public var up: IntegerMatrix

    public init(down: IntegerMatrix, up: IntegerMatrix) {
        precondition(up.columns == down.rows, "B is n_out × r and A is r × n_in")
        self.down = down
        self.up = up
    }
}

/// The adapters of every layer of an MLP, one rank r for all.
public struct LoRAAdapters: Equatable, Sendable {
    public private(set) var layers: [LoRAAdapter]

    /// Checks that every layer has the same rank and that every entry is a value.
    /// - Throws: ``FixedPointError/overflow(_:)`` naming the first entry out of range.
    public init(layers: [LoRAAdapter]) throws(FixedPointError) {
        precondition(!layers.isEmpty && layers.allSatisfy { $0.down.rows == layers[0].down.rows && $0.down.rows >= 1 },
                     "adapters on every layer, one rank r ≥ 1")
        for (l, layer) in layers.enumerated() {
            for (i, v) in layer.down.values.enumerated() { _ = try FixedPoint.checked(v, "A_\(l + 1)[\(i)]") }
            for (i, v) in layer.up.values.enumerated() { _ = try FixedPoint.checked(v, "B_\(l + 1)[\(i)]") }
        }
        self.layers = layers
    }

    /// r.
    public var rank: Int { layers[0].down.rows }

    /// Whether these adapters fit `base`: A_l is r × n_(l−1) and B_l is n_l × r.
    public func fit(_ base: MLPParameters) -> Bool {
        layers.count == base.layers.count && zip(layers, base.layers).allSatisfy {
            $0.down.columns == $1.weights.columns && $0.up.rows == $1.weights.rows
        }
    }

    /// The tensors in commitment order (docs/training.md): `A_1, B_1, …, A_L, B_L`.
    public var tensors: [[Int64]] { layers.flatMap { [$0.down.values, $0.up.values] } }

    /// The initial adapters of a LoRA run on `base`: each entry of `A_l` (layers in order,
    /// row-major) is `a · (2u − 1)` with `a = sqrt(6 / (n_(l−1) + r))` and `u` as in
    /// ``MLPParameters/initial(widths:seed:)``, rounded to a value; every `B_l` is 0, so the
    /// adapted network starts as the base one.
    public static func initial(base: MLPParameters, rank: Int, seed: UInt64) throws(FixedPointError) -> LoRAAdapters {
        precondition(rank >= 1, "a rank of at least 1")
        var random = SeededRandom(seed: seed)
        var layers: [LoRAAdapter] = []
        for (l, layer) in base.layers.enumerated() {
            let fanIn = layer.weights.columns
            let values = try MLPParameters.uniformValues(count: rank * fanIn, bound: (6.0 / Double(fanIn + rank)).squareRoot(),
                                                         random: &random, name: "A_\(l + 1)")
            layers.append(LoRAAdapter(down: IntegerMatrix(rows: rank, columns: fanIn, values: values),
                                      up: IntegerMatrix(rows: layer.weights.rows, columns: rank)))
        }
        return try LoRAAdapters(layers: layers)
    }
}

import PoTCircuits

/// One dense layer: `weights` is `n_out × n_in` (row-major), `bias` has `n_out` entries; all values.
public struct DenseLayer: Equatable, Sendable {
    public var weights: IntegerMatrix
    public var bias: [Int64]

    public init(weights: IntegerMatrix, bias: [Int64]) {
        precondition(bias.count == weights.rows, "a layer has one bias per output")
        self.weights = weights
        self.bias = bias
    }
}

/// The parameters of an MLP classifier `n_0 → n_1 → … → n_L`, in the fixed-point values of
/// docs/fixed-point.md.
public struct MLPParameters: Equatable, Sendable {
    public private(set) var layers: [DenseLayer]

    /// Checks that consecutive layers chain and that every entry is a value.
    /// - Throws: ``FixedPointError/overflow(_:)`` naming the first entry out of range.
    public init(layers: [DenseLayer]) throws(FixedPointError) {
        precondition(!layers.isEmpty, "an MLP has at least one layer")
        for (l, pair) in zip(layers, layers.dropFirst()).enumerated() {
            precondition(pair.1.weights.columns == pair.0.weights.rows,
                         "layer \(l + 2) takes \(pair.1.weights.columns) inputs, layer \(l + 1) gives \(pair.0.weights.rows)")
        }
        for (l, layer) in layers.enumerated() {
            for (i, v) in layer.weights.values.enumerated() { _ = try FixedPoint.checked(v, "W_\(l + 1)[\(i)]") }
            for (i, v) in layer.bias.enumerated() { _ = try FixedPoint.checked(v, "b_\(l + 1)[\(i)]") }
        }
        self.layers = layers
    }

    /// `n_0, n_1, …, n_L`.
    public var widths: [Int] { [layers[0].weights.columns] + layers.map(\.weights.rows) }

    /// The tensors in commitment order (docs/training.md): `W_1, b_1, …, W_L, b_L`.
    public var tensors: [[Int64]] { layers.flatMap { [$0.weights.values, $0.bias] } }

    /// The tensors' names and shapes in the same order, as the run directory's files name them.
    public var tensorNames: [(name: String, shape: [Int])] {
        layers.enumerated().flatMap { l, layer in
            [("W_\(l + 1)", [layer.weights.rows, layer.weights.columns]), ("b_\(l + 1)", [layer.bias.count])]
        }
    }
}

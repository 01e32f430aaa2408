import PoTAlgebra
import PoTPlonk

/// The cells of one SGD step: its outputs and every intermediate value of docs/fixed-point.md,
/// so that a witness can be compared value by value with the native trainer's.
public struct SGDStepCells {
    /// `W_l'` (n_l × n_(l−1)) for l = 1…L.
    public let weights: [[[AssignedCell]]]
    /// `b_l'` (n_l) for l = 1…L.
    public let biases: [[AssignedCell]]
    /// `Z_l` (B × n_l) for l = 1…L; `Z_L` are the logits.
    public let preActivations: [[[AssignedCell]]]
    /// `H_l = relu(Z_l)` (B × n_l) for l = 1…L−1.
    public let activations: [[[AssignedCell]]]
    /// `δ_l` (B × n_l) for l = 1…L; `δ_L = G`.
    public let deltas: [[[AssignedCell]]]
}

extension FixedPointChip {
    /// One SGD step of an MLP classifier exactly as docs/fixed-point.md defines it: forward
    /// (`Z_l = floor(H_(l−1)·W_lᵀ / 2^16) + b_l`, ReLU between layers), the softmax
    /// cross-entropy gradient, backward (`δ_(l−1) = mask(Z_(l−1)) ⊙ floor(δ_l·W_l / 2^16)`) and the
    /// update (`W_l' = W_l − floor(η·δ_lᵀ·H_(l−1) / (B·2^32))`, `b_l' = b_l − floor(η·Σ_i δ_l[i] /
    /// (B·2^16))`), every matrix product checked by Freivalds. `db_l` comes out of the same
    /// product as `dW_l`: `δ_lᵀ·[H_(l−1) | 1]`, whose last column is Σ_i δ_l[i].
    ///
    /// - Parameters:
    ///   - weights: `W_l` (n_l × n_(l−1), row-major) for l = 1…L, values checked by the caller
    ///     (the packing of the committed weights checks them).
    ///   - biases: `b_l` (n_l), values checked by the caller.
    ///   - inputs: `X` (B × n_0), values checked by the caller.
    ///   - labels: one cell per example holding its class index; the step proves `0 ≤ y < n_L`.
    ///   - eta: the learning rate, a value in (0, 2^16].
    ///   - checkOutputs: whether to check that `W_l'`, `b_l'` are values; pass false only when
    ///     the caller checks them (the packing of the committed updated weights does). Weights
    ///     passed on to another step must be checked: an unchecked update admits a fractional
    ///     weight, which the next update's remainder can turn back into a wrong integer one.
    /// - Returns: the cells of `W_l'`, `b_l'` and of every intermediate value.
    public func sgdStep(_ layouter: Layouter, weights: [[[AssignedCell]]], biases: [[AssignedCell]],
                        inputs: [[AssignedCell]], labels: [AssignedCell], learningRate eta: Int64,
                        checkOutputs: Bool = true) throws(PlonkError) -> SGDStepCells {
        let layers = weights.count, batch = inputs.count
        precondition(layers >= 1 && biases.count == layers && labels.count == batch && batch >= 1, "one bias per layer, one label per example")
        precondition(eta > 0 && eta <= FixedPoint.one, "the learning rate is a value in (0, 2^16]")
        for l in 0..<layers {
            let fanIn = l == 0 ? inputs[0].count : weights[l - 1].count
            precondition(weights[l].allSatisfy { $0.count == fanIn } && biases[l].count == weights[l].count,
                         "W_\(l + 1) is n_\(l + 1) × n_\(l) and b_\(l + 1) has n_\(l + 1) entries")
        }
        precondition(inputs.allSatisfy { $0.count == inputs[0].count }, "X is B × n_0")

        // Forward.
        var activations = [inputs], masks: [[[AssignedCell]]] = []
        var preActivations: [[[AssignedCell]]] = []
        for l in 0..<layers {
            let a = try product.multiply(layouter, activations[l], Self.transposed(weights[l]))
            let (z, h, mask) = try layerOutputs(layouter, exact: a, bias: biases[l], hidden: l < layers - 1)
            preActivations.append(z)
            if let h, let mask { activations.append(h); masks.append(mask) }
        }

        // Backward and update.
        var delta = try softmaxGradient(layouter, logits: preActivations[layers - 1], labels: labels)
        var deltas = [delta]
        let one = try layouter.region("one") { region throws(PlonkError) in try region.assignConstant(v[0], 0, .one) }
        let weightDivisor = UInt64(batch) << 32, biasDivisor = UInt64(batch) << 16
        var newWeights = weights, newBiases = biases
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let extended = activations[l].map { $0 + [one] }
            let gradients = try product.multiply(layouter, Self.transposed(delta), extended)
            let fanIn = extended[0].count - 1
            if l > 0 {
                let back = try product.multiply(layouter, delta, weights[l])
                delta = Self.rows(try maskedRescale(layouter, exact: back.flatMap { $0 }, mask: masks[l - 1].flatMap { $0 }),
                                  width: fanIn)
                deltas.insert(delta, at: 0)
            }
            let w = try sgdUpdate(layouter, parameters: weights[l].flatMap { $0 }, gradients: gradients.flatMap { $0.prefix(fanIn) },
                                  learningRate: eta, divisor: weightDivisor, checkOutputs: checkOutputs)
            newWeights[l] = Self.rows(w, width: fanIn)
            newBiases[l] = try sgdUpdate(layouter, parameters: biases[l], gradients: gradients.map { $0[fanIn] },
                                         learningRate: eta, divisor: biasDivisor, checkOutputs: checkOutputs)
        }
        return SGDStepCells(weights: newWeights, biases: newBiases, preActivations: preActivations,
                            activations: Array(activations.dropFirst()), deltas: deltas)
    }

    /// `Z = floor(A / 2^16) + b` of one layer from its exact sums `A` (B × n), and for a hidden
    /// layer `H = relu(Z)` with its mask.
    func layerOutputs(_ layouter: Layouter, exact a: [[AssignedCell]], bias: [AssignedCell], hidden: Bool)
        throws(PlonkError) -> (z: [[AssignedCell]], h: [[AssignedCell]]?, mask: [[AssignedCell]]?)
    {
        let width = bias.count
        let z = Self.rows(try rescale(layouter, exact: a.flatMap { $0 }, bias: a.flatMap { _ in bias }), width: width)
        guard hidden else { return (z, nil, nil) }
        let (h, mask) = try relu(layouter, z.flatMap { $0 })
        return (z, Self.rows(h, width: width), Self.rows(mask, width: width))
    }

    static func transposed(_ m: [[AssignedCell]]) -> [[AssignedCell]] {
        (0..<m[0].count).map { j in m.map { $0[j] } }
    }

    static func rows(_ flat: [AssignedCell], width: Int) -> [[AssignedCell]] {
        stride(from: 0, to: flat.count, by: width).map { Array(flat[$0..<$0 + width]) }
    }
}

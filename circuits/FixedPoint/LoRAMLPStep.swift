import PoTAlgebra
import PoTPlonk

/// The cells of one LoRA step: the updated adapters and every intermediate value of
/// docs/fixed-point.md ("One LoRA step"), for value-by-value comparison with the native trainer.
public struct LoRAStepCells {
    /// `A_l'` (r × n_(l−1)) for l = 1…L.
    public let down: [[[AssignedCell]]]
    /// `B_l'` (n_l × r) for l = 1…L.
    public let up: [[[AssignedCell]]]
    /// `U_l` (B × r) for l = 1…L.
    public let adapterInputs: [[[AssignedCell]]]
    /// `Z_l` (B × n_l) for l = 1…L.
    public let preActivations: [[[AssignedCell]]]
    /// `H_l` (B × n_l) for l = 1…L−1.
    public let activations: [[[AssignedCell]]]
    /// `δ_l` (B × n_l) for l = 1…L.
    public let deltas: [[[AssignedCell]]]
    /// `V_l` (B × r) for l = 1…L.
    public let adapterDeltas: [[[AssignedCell]]]
}

extension FixedPointChip {
    /// One LoRA step exactly as docs/fixed-point.md defines it: the frozen base `W_l`, `b_l`
    /// with adapters `A_l` (r × n_(l−1)) and `B_l` (n_l × r); forward `U_l = floor(H_(l−1)·A_lᵀ /
    /// 2^16)`, `Z_l = floor([H_(l−1) | U_l]·[W_l | B_l]ᵀ / 2^16) + b_l`; the softmax cross-entropy
    /// gradient; backward `V_l = floor(δ_l·B_l / 2^16)`, `δ_(l−1) = mask(Z_(l−1)) ⊙ floor([δ_l |
    /// V_l]·[W_l ; A_l] / 2^16)`; update `A_l' = A_l − floor(η·V_lᵀ·H_(l−1) / (B·2^32))`,
    /// `B_l' = B_l − floor(η·δ_lᵀ·U_l / (B·2^32))`. Every product is checked by Freivalds; the
    /// base cells are only read, so the base is the same before and after.
    ///
    /// - Parameters:
    ///   - weights, biases, inputs: as for ``sgdStep(_:weights:biases:inputs:labels:learningRate:checkOutputs:)``,
    ///     values checked by the caller.
    ///   - down: `A_l` rows, values checked by the caller.
    ///   - up: `B_l` rows, values checked by the caller.
    ///   - checkOutputs: whether to check that `A_l'`, `B_l'` are values (pass false only when the
    ///     caller checks them, as the packing of a committed tensor does).
    public func loraStep(_ layouter: Layouter, weights: [[[AssignedCell]]], biases: [[AssignedCell]],
                         down: [[[AssignedCell]]], up: [[[AssignedCell]]], inputs: [[AssignedCell]], labels: [AssignedCell],
                         learningRate eta: Int64, checkOutputs: Bool = true) throws(PlonkError) -> LoRAStepCells {
        let layers = weights.count, batch = inputs.count
        precondition(layers >= 1 && biases.count == layers && down.count == layers && up.count == layers
                     && labels.count == batch && batch >= 1, "one bias and one adapter per layer, one label per example")
        precondition(eta > 0 && eta <= FixedPoint.one, "the learning rate is a value in (0, 2^16]")
        let rank = down[0].count
        for l in 0..<layers {
            let fanIn = l == 0 ? inputs[0].count : weights[l - 1].count
            precondition(weights[l].allSatisfy { $0.count == fanIn } && biases[l].count == weights[l].count,
                         "W_\(l + 1) is n_\(l + 1) × n_\(l) and b_\(l + 1) has n_\(l + 1) entries")
            precondition(down[l].count == rank && down[l].allSatisfy { $0.count == fanIn }
                         && up[l].count == weights[l].count && up[l].allSatisfy { $0.count == rank },
                         "A_\(l + 1) is r × n_\(l) and B_\(l + 1) is n_\(l + 1) × r")
        }
        precondition(inputs.allSatisfy { $0.count == inputs[0].count }, "X is B × n_0")
        let scale = UInt64(FixedPoint.one)

        // Forward.
        var activations = [inputs], masks: [[[AssignedCell]]] = []
        var adapterInputs: [[[AssignedCell]]] = [], preActivations: [[[AssignedCell]]] = []
        for l in 0..<layers {
            let h = activations[l]
            let u = Self.rows(try divideFloor(layouter, try product.multiply(layouter, h, Self.transposed(down[l])).flatMap { $0 }, by: scale),
                              width: rank)
            adapterInputs.append(u)
            let joined = zip(weights[l], up[l]).map { $0 + $1 }
            let a = try product.multiply(layouter, zip(h, u).map { $0 + $1 }, Self.transposed(joined))
            let (z, relu, mask) = try layerOutputs(layouter, exact: a, bias: biases[l], hidden: l < layers - 1)
            preActivations.append(z)
            if let relu, let mask { activations.append(relu); masks.append(mask) }
        }

        // Backward and update, every product with the adapters before the update.
        var delta = try softmaxGradient(layouter, logits: preActivations[layers - 1], labels: labels)
        var deltas = [delta], adapterDeltas = [[[AssignedCell]]](repeating: [], count: layers)
        let divisor = UInt64(batch) << 32
        var newDown = down, newUp = up
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let fanIn = activations[l][0].count
            let v = Self.rows(try divideFloor(layouter, try product.multiply(layouter, delta, up[l]).flatMap { $0 }, by: scale), width: rank)
            adapterDeltas[l] = v
            let upGradients = try product.multiply(layouter, Self.transposed(delta), adapterInputs[l])
            let downGradients = try product.multiply(layouter, Self.transposed(v), activations[l])
            if l > 0 {
                let back = try product.multiply(layouter, zip(delta, v).map { $0 + $1 }, weights[l] + down[l])
                delta = Self.rows(try maskedRescale(layouter, exact: back.flatMap { $0 }, mask: masks[l - 1].flatMap { $0 }),
                                  width: fanIn)
                deltas.insert(delta, at: 0)
            }
            newDown[l] = Self.rows(try sgdUpdate(layouter, parameters: down[l].flatMap { $0 }, gradients: downGradients.flatMap { $0 },
                                                 learningRate: eta, divisor: divisor, checkOutputs: checkOutputs), width: fanIn)
            newUp[l] = Self.rows(try sgdUpdate(layouter, parameters: up[l].flatMap { $0 }, gradients: upGradients.flatMap { $0 },
                                               learningRate: eta, divisor: divisor, checkOutputs: checkOutputs), width: rank)
        }
        return LoRAStepCells(down: newDown, up: newUp, adapterInputs: adapterInputs, preActivations: preActivations,
                             activations: Array(activations.dropFirst()), deltas: deltas, adapterDeltas: adapterDeltas)
    }
}

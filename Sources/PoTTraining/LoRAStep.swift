import PoTCircuits

/// Everything one LoRA step computes (docs/fixed-point.md, "One LoRA step"): the values a
/// `lora-step` circuit's witness holds, and the updated adapters.
public struct LoRAStepTrace: Equatable, Sendable {
    /// `U_l = floor(H_(l−1)·A_lᵀ / 2^16)` (B × r) for l = 1…L.
    public let adapterInputs: [IntegerMatrix]
    /// `Z_1 … Z_L` (B × n_l); `Z_L` are the logits.
    public let preActivations: [IntegerMatrix]
    /// `H_1 … H_(L−1)` (B × n_l): `relu(Z_l)`.
    public let activations: [IntegerMatrix]
    /// `δ_1 … δ_L` (B × n_l); `δ_L = G = p − 2^16·onehot(y)`.
    public let deltas: [IntegerMatrix]
    /// `V_l = floor(δ_l·B_l / 2^16)` (B × r) for l = 1…L.
    public let adapterDeltas: [IntegerMatrix]
    /// The adapters after the update; the base is unchanged.
    public let updated: LoRAAdapters

    /// The batch's mean softmax cross-entropy in Double (reported, not proved).
    public func meanLoss(labels: [Int]) -> Double { SoftmaxLoss.mean(logits: preActivations.last!, labels: labels) }
}

extension MLPParameters {
    /// One LoRA step on `batch`: the network `W_l + B_l·A_l` with frozen `W_l`, `b_l` (these
    /// parameters) trains `adapters` by plain SGD with learning rate `eta`, exactly as
    /// docs/fixed-point.md defines it: every quotient a floor, every value range-checked.
    /// - Throws: ``FixedPointError/overflow(_:)`` naming the first quantity out of range.
    public func loraStep(_ batch: Batch, adapters: LoRAAdapters, learningRate eta: Int64) throws(FixedPointError) -> LoRAStepTrace {
        precondition(eta > 0 && eta <= FixedPoint.one, "the learning rate is a value in (0, 2^16]")
        precondition(batch.inputs.rows <= 1 << 32, "batches have at most 2^32 examples")
        precondition(adapters.fit(self), "adapters of the base's shapes")
        precondition(batch.inputs.columns == widths[0], "inputs have \(widths[0]) columns")
        for (i, y) in batch.labels.enumerated() {
            precondition(y >= 0 && y < widths.last!, "label \(y) of row \(i) is not a class below \(widths.last!)")
        }
        for (i, v) in batch.inputs.values.enumerated() { _ = try FixedPoint.checked(v, "input[\(i / batch.inputs.columns), \(i % batch.inputs.columns)]") }

        // Forward: Z_l = floor((H·Wᵀ + U·Bᵀ) / 2^16) + b, one product of [H | U] and [W | B].
        var u: [IntegerMatrix] = [], z: [IntegerMatrix] = [], h: [IntegerMatrix] = []
        var previous = batch.inputs
        for (l, (layer, adapter)) in zip(layers, adapters.layers).enumerated() {
            let ul = try previous.rowProducts(adapter.down) { (i, k, sum) throws(FixedPointError) in
                try rescaled(sum, "U_\(l + 1)[\(i), \(k)]")
            }
            let zl = try previous.beside(ul).rowProducts(layer.weights.beside(adapter.up)) { (i, j, sum) throws(FixedPointError) in
                let what = "Z_\(l + 1)[\(i), \(j)]"
                guard let q = sum.floorShifted(by: FixedPoint.fractionBits).int64,
                      case let (z, false) = q.addingReportingOverflow(layer.bias[j]) else { throw .overflow("\(what) passes 2^63") }
                return try FixedPoint.checked(z, what)
            }
            u.append(ul)
            z.append(zl)
            if l + 1 < layers.count {
                previous = IntegerMatrix(rows: zl.rows, columns: zl.columns, values: zl.values.map { max($0, 0) })
                h.append(previous)
            }
        }

        // Backward: V_l = floor(δ_l·B_l / 2^16); δ_(l−1) from [δ_l | V_l]·[W_l ; A_l]; the
        // adapters' gradients δ_lᵀ·U_l and V_lᵀ·H_(l−1), all before any update.
        var deltas = [try Self.softmaxGradient(logits: z.last!, labels: batch.labels).gradient]
        var v = [IntegerMatrix](repeating: IntegerMatrix(rows: 0, columns: 0), count: layers.count)
        var updated = adapters.layers
        let batchSize = Int64(batch.inputs.rows)
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let delta = deltas[0], adapter = adapters.layers[l]
            let input = l == 0 ? batch.inputs : h[l - 1]
            v[l] = try delta.rowProducts(adapter.up.transposed) { (i, k, sum) throws(FixedPointError) in
                try rescaled(sum, "V_\(l + 1)[\(i), \(k)]")
            }
            let up = try delta.transposed.rowProducts(u[l].transposed) { (j, k, dB) throws(FixedPointError) in
                try sgdUpdated(adapter.up[j, k], dB, eta: eta, batchSize: batchSize, shift: 32, "B_\(l + 1)'[\(j), \(k)]")
            }
            let down = try v[l].transposed.rowProducts(input.transposed) { (k, c, dA) throws(FixedPointError) in
                try sgdUpdated(adapter.down[k, c], dA, eta: eta, batchSize: batchSize, shift: 32, "A_\(l + 1)'[\(k), \(c)]")
            }
            updated[l] = LoRAAdapter(down: down, up: up)
            if l > 0 {
                let mask = z[l - 1]
                // Where the mask is 0 the quotient is discarded, whatever its size.
                let back = try delta.beside(v[l]).rowProducts(layers[l].weights.transposed.beside(adapter.down.transposed)) {
                    (i, c, sum) throws(FixedPointError) in mask[i, c] > 0 ? try rescaled(sum, "δ_\(l)[\(i), \(c)]") : 0
                }
                deltas.insert(back, at: 0)
            }
        }
        return LoRAStepTrace(adapterInputs: u, preActivations: z, activations: h, deltas: deltas, adapterDeltas: v,
                             updated: try LoRAAdapters(layers: updated))
    }
}

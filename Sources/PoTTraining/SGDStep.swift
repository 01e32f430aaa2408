import PoTCircuits

/// Everything one SGD step computes, in the notation of docs/fixed-point.md: the values a
/// circuit's witness holds, and the updated parameters.
public struct StepTrace: Equatable, Sendable {
    /// `Z_1 … Z_L` (B × n_l): pre-activations; `Z_L` are the logits.
    public let preActivations: [IntegerMatrix]
    /// `H_1 … H_{L−1}` (B × n_l): `relu(Z_l)`.
    public let activations: [IntegerMatrix]
    /// `m_i`, the largest logit of example i.
    public let maxima: [Int64]
    /// `e_ij = E(m_i − Z_L[i, j])` (B × n_L).
    public let exponentials: IntegerMatrix
    /// `s_i = Σ_j e_ij`.
    public let sums: [Int64]
    /// `p_ij = floor(e_ij · 2^16 / s_i)` (B × n_L).
    public let probabilities: IntegerMatrix
    /// `δ_1 … δ_L` (B × n_l); `δ_L = G = p − 2^16 · onehot(y)`.
    public let deltas: [IntegerMatrix]
    /// The parameters after the update.
    public let updated: MLPParameters

    /// The batch's mean softmax cross-entropy in Double, from the fixed-point logits: for
    /// reporting only, no part of the proved arithmetic.
    public func meanLoss(labels: [Int]) -> Double { SoftmaxLoss.mean(logits: preActivations.last!, labels: labels) }
}

/// A batch: `inputs` (B × n_0, values) and one label per row.
public struct Batch: Equatable, Sendable {
    public let inputs: IntegerMatrix
    public let labels: [Int]

    public init(inputs: IntegerMatrix, labels: [Int]) {
        precondition(inputs.rows == labels.count && inputs.rows >= 1, "a batch has one label per input row, at least one row")
        self.inputs = inputs
        self.labels = labels
    }
}

extension MLPParameters {
    /// `Z_1 … Z_L` and `H_1 … H_{L−1}` for `inputs`, exactly as the step computes them.
    /// - Throws: ``FixedPointError/overflow(_:)`` when a quotient or a pre-activation leaves the range.
    public func forward(_ inputs: IntegerMatrix) throws(FixedPointError) -> (preActivations: [IntegerMatrix], activations: [IntegerMatrix]) {
        precondition(inputs.columns == widths[0], "inputs have \(widths[0]) columns")
        for (i, v) in inputs.values.enumerated() { _ = try FixedPoint.checked(v, "input[\(i / inputs.columns), \(i % inputs.columns)]") }
        var z: [IntegerMatrix] = [], h: [IntegerMatrix] = []
        var previous = inputs
        for (l, layer) in layers.enumerated() {
            // Only Z is a value: the quotient before the bias may lie outside the range.
            let zl = try previous.rowProducts(layer.weights) { (i, j, sum) throws(FixedPointError) in
                let what = "Z_\(l + 1)[\(i), \(j)]"
                guard let q = sum.floorShifted(by: FixedPoint.fractionBits).int64,
                      case let (z, false) = q.addingReportingOverflow(layer.bias[j]) else { throw .overflow("\(what) passes 2^63") }
                return try FixedPoint.checked(z, what)
            }
            z.append(zl)
            if l + 1 < layers.count {
                previous = IntegerMatrix(rows: zl.rows, columns: zl.columns, values: zl.values.map { max($0, 0) })
                h.append(previous)
            }
        }
        return (z, h)
    }

    /// The softmax cross-entropy gradient of each row of `logits` (docs/fixed-point.md):
    /// `m_i`, `e_ij = E(m_i − Z_L[i, j])`, `s_i`, `p_ij` and `G = p − 2^16·onehot(y)`.
    /// - Throws: ``FixedPointError/overflow(_:)`` when an argument of `E` leaves the range.
    static func softmaxGradient(logits: IntegerMatrix, labels: [Int]) throws(FixedPointError)
        -> (maxima: [Int64], exponentials: IntegerMatrix, sums: [Int64], probabilities: IntegerMatrix, gradient: IntegerMatrix)
    {
        let rows = logits.rows, classes = logits.columns
        var maxima = [Int64](repeating: 0, count: rows), sums = maxima
        var e = IntegerMatrix(rows: rows, columns: classes), p = e, g = e
        for i in 0..<rows {
            let row = logits.row(i)
            let m = row.max()!
            maxima[i] = m
            var s: Int64 = 0
            for j in 0..<classes {
                let d = try FixedPoint.checked(m - logits[i, j], "m_\(i) − Z_L[\(i), \(j)]")
                e[i, j] = ExpTable.exp(of: d)
                s += e[i, j]
            }
            sums[i] = s  // at most n_L · 2^16: no overflow, and the spec does not bound it
            for j in 0..<classes {
                p[i, j] = FixedPoint.floorDivide(e[i, j] << FixedPoint.fractionBits, by: s)
                g[i, j] = p[i, j] - (j == labels[i] ? FixedPoint.one : 0)
            }
        }
        return (maxima, e, sums, p, g)
    }

    /// One SGD step on `batch` with learning rate `eta` (a value, `0 < η ≤ 2^16`), exactly as
    /// docs/fixed-point.md defines it: every quotient is a floor, every value range-checked.
    /// - Throws: ``FixedPointError/overflow(_:)`` naming the first quantity out of range.
    public func step(_ batch: Batch, learningRate eta: Int64) throws(FixedPointError) -> StepTrace {
        precondition(eta > 0 && eta <= FixedPoint.one, "the learning rate is a value in (0, 2^16]")
        // Batches up to 2^32 keep the update's overflow test exact (see `sgdUpdated`).
        precondition(batch.inputs.rows <= 1 << 32, "batches have at most 2^32 examples")
        let widths = self.widths
        for (i, y) in batch.labels.enumerated() {
            precondition(y >= 0 && y < widths.last!, "label \(y) of row \(i) is not a class below \(widths.last!)")
        }
        let (z, h) = try forward(batch.inputs)
        let (maxima, e, sums, p, g) = try Self.softmaxGradient(logits: z.last!, labels: batch.labels)

        let batchSize = Int64(batch.inputs.rows)
        var deltas = [g]
        var updatedLayers = layers
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let delta = deltas[0]
            let input = l == 0 ? batch.inputs : h[l - 1]
            updatedLayers[l] = try layers[l].updated(delta: delta, input: input, eta: eta, batchSize: batchSize, index: l + 1)
            if l > 0 {
                let mask = z[l - 1]
                // Where the mask is 0 the quotient is discarded, whatever its size.
                let back = try delta.rowProducts(layers[l].weights.transposed) { (i, c, sum) throws(FixedPointError) in
                    mask[i, c] > 0 ? try rescaled(sum, "δ_\(l)[\(i), \(c)]") : 0
                }
                deltas.insert(back, at: 0)
            }
        }
        return StepTrace(preActivations: z, activations: h, maxima: maxima, exponentials: e, sums: sums,
                         probabilities: p, deltas: deltas, updated: try MLPParameters(layers: updatedLayers))
    }
}

extension DenseLayer {
    /// `W − floor(η · δᵀ·H / (B · 2^32))` and `b − floor(η · Σ_i δ_i / (B · 2^16))`, exactly
    /// (``sgdUpdated(_:_:eta:batchSize:shift:_:)``).
    func updated(delta: IntegerMatrix, input: IntegerMatrix, eta: Int64, batchSize: Int64, index l: Int) throws(FixedPointError) -> DenseLayer {
        let newWeights = try delta.transposed.rowProducts(input.transposed) { (r, c, dW) throws(FixedPointError) in
            try sgdUpdated(weights[r, c], dW, eta: eta, batchSize: batchSize, shift: 32, "W_\(l)'[\(r), \(c)]")
        }
        var newBias = bias
        for r in 0..<bias.count {
            var db: Int64 = 0
            for i in 0..<delta.rows { db += delta[i, r] }  // B · 2^30 at most: no overflow
            newBias[r] = try sgdUpdated(bias[r], WideInteger(db), eta: eta, batchSize: batchSize, shift: 16, "b_\(l)'[\(r)]")
        }
        return DenseLayer(weights: newWeights, bias: newBias)
    }
}

/// `floor(sum / 2^16)`, which must be a value.
@inline(__always)
func rescaled(_ sum: WideInteger, _ what: @autoclosure () -> String) throws(FixedPointError) -> Int64 {
    guard let q = sum.floorShifted(by: FixedPoint.fractionBits).int64 else {
        throw .overflow("\(what()) passes 2^63")
    }
    return try FixedPoint.checked(q, what())
}

/// `old − floor(η · exact / (B · 2^shift))`, a value; the quotient itself is not bounded. A
/// floor by `B · 2^k` is a floor by `2^k` then by `B` (both divisors positive). When
/// `floor(η · exact / 2^k)` passes 2^63 its quotient by `B ≤ 2^32` passes 2^31, and no value
/// minus it is a value: an overflow.
func sgdUpdated(_ old: Int64, _ exact: WideInteger, eta: Int64, batchSize: Int64, shift: Int,
                _ what: @autoclosure () -> String) throws(FixedPointError) -> Int64 {
    guard let scaled = exact.multiplied(by: eta)?.floorShifted(by: shift).int64 else {
        throw .overflow("\(what()): η · gradient / 2^\(shift) passes 2^63")
    }
    let (new, overflow) = old.subtractingReportingOverflow(FixedPoint.floorDivide(scaled, by: batchSize))
    guard !overflow else { throw .overflow("\(what()) passes 2^63") }
    return try FixedPoint.checked(new, what())
}

import PoTCircuits
import Foundation

/// Softmax cross-entropy and accuracy of fixed-point logits, in Double: reported, not proved.
public enum SoftmaxLoss {
    /// Mean over rows of `log Σ_j exp(z_j) − z_y`, with `z = logits / 2^16`.
    public static func mean(logits: IntegerMatrix, labels: [Int]) -> Double {
        precondition(logits.rows == labels.count && logits.rows > 0)
        var total = 0.0
        for i in 0..<logits.rows {
            let z = logits.row(i).map(FixedPoint.real)
            let m = z.max()!
            total += m + log(z.reduce(0) { $0 + exp($1 - m) }) - z[labels[i]]
        }
        return total / Double(logits.rows)
    }

    /// The predicted class of each row: the first largest logit.
    public static func predictions(logits: IntegerMatrix) -> [Int] {
        (0..<logits.rows).map { i in
            let row = logits.row(i)
            return row.firstIndex(of: row.max()!)! - row.startIndex
        }
    }
}

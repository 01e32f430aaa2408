import PoTCircuits

/// Accuracy and mean loss of a model on labelled examples (the hold-out split), from the
/// fixed-point forward pass of the step; the loss is computed in Double, for reporting.
public struct Evaluation: Equatable, Sendable {
    public let examples: Int
    public let correct: Int
    public let meanLoss: Double

    public var accuracy: Double { Double(correct) / Double(examples) }
}

extension MLPParameters {
    /// Predicts every example with ``forward(_:)`` and compares with its label.
    public func evaluate(_ data: LabelledExamples) throws(FixedPointError) -> Evaluation {
        precondition(data.count > 0, "nothing to evaluate")
        let logits = try forward(data.inputs).preActivations.last!
        let predicted = SoftmaxLoss.predictions(logits: logits)
        return Evaluation(examples: data.count, correct: zip(predicted, data.labels).filter { $0 == $1 }.count,
                          meanLoss: SoftmaxLoss.mean(logits: logits, labels: data.labels))
    }
}

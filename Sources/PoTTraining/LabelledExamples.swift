/// A classification data set in fixed point: `inputs` (N × n_0, values) and a label per row.
public struct LabelledExamples: Equatable, Sendable {
    public let inputs: IntegerMatrix
    public let labels: [Int]

    public init(inputs: IntegerMatrix, labels: [Int]) {
        precondition(inputs.rows == labels.count, "one label per example")
        self.inputs = inputs
        self.labels = labels
    }

    public var count: Int { labels.count }

    /// Examples `range`, in order.
    public func slice(_ range: Range<Int>) -> LabelledExamples {
        LabelledExamples(
            inputs: IntegerMatrix(rows: range.count, columns: inputs.columns,
                                  values: Array(inputs.values[range.lowerBound * inputs.columns ..< range.upperBound * inputs.columns])),
            labels: Array(labels[range]))
    }

    /// The batch of the examples at `indices` (repetitions allowed), in that order.
    public func batch(_ indices: [Int]) -> Batch {
        var values: [Int64] = []
        values.reserveCapacity(indices.count * inputs.columns)
        for i in indices { values += inputs.row(i) }
        return Batch(inputs: IntegerMatrix(rows: indices.count, columns: inputs.columns, values: values),
                     labels: indices.map { labels[$0] })
    }
}

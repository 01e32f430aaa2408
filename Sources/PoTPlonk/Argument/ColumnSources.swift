import PoTAlgebra

/// Where each column's values sit in the prover's list of sources: advice, then fixed, then
/// instance columns.
struct SourceIndex {
    let advice: Int, fixed: Int, instance: Int

    init(layout: ArgumentLayout) {
        self.init(advice: layout.adviceCount, fixed: layout.fixedCount, instance: layout.instanceColumns)
    }

    init(advice: Int, fixed: Int, instance: Int) {
        (self.advice, self.fixed, self.instance) = (advice, fixed, instance)
    }

    var count: Int { advice + fixed + instance }

    /// The column of source `index`.
    func column(_ index: Int) -> Column {
        if index < advice { return Column(kind: .advice, index: index) }
        if index < advice + fixed { return Column(kind: .fixed, index: index - advice) }
        return Column(kind: .instance, index: index - advice - fixed)
    }

    subscript(column: Column) -> Int {
        switch column.kind {
        case .advice: column.index
        case .fixed: advice + column.index
        case .instance: advice + fixed + column.index
        }
    }
}

/// The table's values on H, for evaluating expressions row by row (lookup inputs and tables,
/// the permutation's columns).
struct RowValues {
    let layout: ArgumentLayout
    let advice: [[Fr]]
    let key: ProvingKey
    let instances: [[Fr]]

    func values(_ column: Column) -> [Fr] {
        switch column.kind {
        case .advice: advice[column.index]
        case .fixed: key.fixedValues(column.index)
        case .instance: instances[column.index]
        }
    }

    /// The expression's value on every row (only user columns and selectors may appear, and of
    /// the fixed columns only those the key keeps on H: the ones lookups read).
    func evaluate(_ e: Expr, threads: Int) -> [Fr] {
        let fixed = (0..<layout.committedFixed).map { key.lookupFixedValues[$0] ?? [] }
        let index = SourceIndex(advice: advice.count, fixed: fixed.count, instance: instances.count)
        let program = ExpressionProgram(e) { column in
            precondition(column.kind != .fixed || key.lookupFixedValues[column.index] != nil,
                         "fixed column \(column.index) is not kept on H")
            return index[column]
        }
        var out = [Fr](repeating: .zero, count: layout.n)
        withPointers(advice + fixed + instances) { pointers in
            out.withMutableRawElements { program.evaluate(sources: pointers, rows: layout.n, into: $0!, threads: threads) }
        }
        return out
    }
}

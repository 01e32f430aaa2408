import PoTCircuits

/// A row-major matrix of fixed-point integers (values, or exact products at scale 2^32).
public struct IntegerMatrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row `r` is `values[r · columns ..< (r + 1) · columns]`.
    public var values: [Int64]

    public init(rows: Int, columns: Int, values: [Int64]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "a \(rows)×\(columns) matrix has \(rows * columns) entries")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Int64 = 0) {
        self.init(rows: rows, columns: columns, values: [Int64](repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Int64 {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ r: Int) -> ArraySlice<Int64> { values[r * columns ..< (r + 1) * columns] }

    public var transposed: IntegerMatrix {
        var out = IntegerMatrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { out.values[c * rows + r] = values[r * columns + c] }
        }
        return out
    }

    /// `[self | other]`: each row of `self` followed by the same row of `other`.
    func beside(_ other: IntegerMatrix) -> IntegerMatrix {
        precondition(rows == other.rows, "matrices side by side have equal row counts")
        var out: [Int64] = []
        out.reserveCapacity(rows * (columns + other.columns))
        for r in 0..<rows { out += row(r); out += other.row(r) }
        return IntegerMatrix(rows: rows, columns: columns + other.columns, values: out)
    }

    /// The largest `|v|` of the entries (0 for an empty matrix).
    var largestMagnitude: UInt64 { values.reduce(0) { Swift.max($0, $1.magnitude) } }
}

extension IntegerMatrix {
    /// `out[i, j] = finish(i, j, Σ_k self[i, k] · other[j, k])`, the sum exact: plain `Int64`
    /// when `k · max|self| · max|other|` bounds it below 2^63 (always, for trained weights),
    /// 128-bit otherwise. Both operands hold values (|v| ≤ 2^30), so each product fits `Int64`.
    func rowProducts(
        _ other: IntegerMatrix, finish: (Int, Int, WideInteger) throws(FixedPointError) -> Int64
    ) throws(FixedPointError) -> IntegerMatrix {
        precondition(columns == other.columns, "row products need equal row lengths")
        let k = columns
        let (ab, o1) = largestMagnitude.multipliedReportingOverflow(by: other.largestMagnitude)
        let (bound, o2) = ab.multipliedReportingOverflow(by: UInt64(k))
        let fits = !o1 && !o2 && bound <= UInt64(Int64.max)
        var out = IntegerMatrix(rows: rows, columns: other.rows)
        for i in 0..<rows {
            for j in 0..<other.rows {
                let sum: WideInteger = values.withUnsafeBufferPointer { a in
                    other.values.withUnsafeBufferPointer { b in
                        let x = a.baseAddress! + i * k, y = b.baseAddress! + j * k
                        if fits {
                            var s: Int64 = 0
                            for t in 0..<k { s &+= x[t] &* y[t] }
                            return WideInteger(s)
                        }
                        var s = WideInteger(0)
                        for t in 0..<k { s.add(x[t] * y[t]) }
                        return s
                    }
                }
                out.values[i * out.columns + j] = try finish(i, j, sum)
            }
        }
        return out
    }
}

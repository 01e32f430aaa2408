/// Why values could not be packed, unpacked or committed (docs/training.md, "Commitments").
/// Every case names the position of the offending value so the caller can report it.
public enum CommitmentError: Error, Equatable, CustomStringConvertible {
    /// A value outside `−2^30 ≤ v < 2^30` at `position` of the packed list.
    case valueOutOfRange(position: Int, value: Int64)
    /// A value outside the range at `position` of tensor number `tensor` (0-based, in commitment order).
    case tensorValueOutOfRange(tensor: Int, position: Int, value: Int64)
    /// A class label below zero.
    case negativeLabel(Int)
    /// Unpacking was given a number of elements that does not hold `count` values.
    case wrongElementCount(values: Int, expected: Int, got: Int)
    /// Element `element` is not a packing: bits above slot 8, or a nonzero slot past the list's end.
    case notAPacking(element: Int, reason: String)

    public var description: String {
        switch self {
        case let .valueOutOfRange(position, value):
            "value \(value) at position \(position) is outside the packable range −2^30 ≤ v < 2^30"
        case let .tensorValueOutOfRange(tensor, position, value):
            "tensor \(tensor): value \(value) at index \(position) is outside the packable range −2^30 ≤ v < 2^30"
        case let .negativeLabel(label):
            "label \(label) is negative"
        case let .wrongElementCount(values, expected, got):
            "\(values) packed values take \(expected) field elements, got \(got)"
        case let .notAPacking(element, reason):
            "element \(element) is not a packing of values: \(reason)"
        }
    }
}

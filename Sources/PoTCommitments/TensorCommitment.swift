import PoTAlgebra

/// `C(W)` (docs/training.md, "Tensor (model) commitment"): the Merkle root over each tensor's
/// packed values, tensor after tensor (each starting a new element), then one salt leaf that
/// makes the root hiding.
public enum TensorCommitment {
    /// The leaves of `C(W)` for `tensors` (in commitment order, each flattened row-major) and `salt`.
    /// Throws ``CommitmentError/tensorValueOutOfRange(tensor:position:value:)`` for the first value out of range.
    public static func leaves(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> [Fr] {
        var leaves: [Fr] = []
        leaves.reserveCapacity(tensors.reduce(1) { $0 + ValuePacking.elementCount(values: $1.count) })
        for (t, tensor) in tensors.enumerated() {
            do {
                leaves += try ValuePacking.pack(tensor)
            } catch {
                guard case let .valueOutOfRange(position, value) = error else { throw error }
                throw .tensorValueOutOfRange(tensor: t, position: position, value: value)
            }
        }
        leaves.append(salt)
        return leaves
    }

    /// The tree behind `C(W)`, for inclusion paths of single leaves.
    public static func tree(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> PoseidonMerkleTree {
        PoseidonMerkleTree(leaves: try leaves(tensors, salt: salt))
    }

    /// `C(W)`, the root.
    public static func commit(_ tensors: [[Int64]], salt: Fr) throws(CommitmentError) -> Fr {
        var accumulator = Accumulator()
        for tensor in tensors {
            try accumulator.append(tensor)
            accumulator.endTensor()
        }
        return accumulator.finish(salt: salt)
    }

    /// `C(W)` of tensors that arrive a piece at a time (a model file read in chunks), in memory
    /// independent of their size.
    public struct Accumulator: Sendable {
        private var tree = PoseidonMerkleAccumulator()
        /// Values of the current tensor not yet packed: fewer than a whole element.
        private var slots: [Int64] = []
        /// The current tensor's number and the position of its next value.
        public private(set) var tensor = 0
        public private(set) var position = 0

        public init() {}

        /// Appends values of the current tensor. Throws
        /// ``CommitmentError/tensorValueOutOfRange(tensor:position:value:)`` for a value out of range.
        public mutating func append(_ values: some Sequence<Int64>) throws(CommitmentError) {
            for v in values {
                guard ValuePacking.valueRange.contains(v) else {
                    throw .tensorValueOutOfRange(tensor: tensor, position: position, value: v)
                }
                slots.append(v)
                position += 1
                if slots.count == ValuePacking.slotsPerElement { flush() }
            }
        }

        /// Ends the current tensor: its last element is packed with unused slots 0.
        public mutating func endTensor() {
            flush()
            tensor += 1
            position = 0
        }

        /// `C(W)` with `salt` as the last leaf; call after the last tensor's `endTensor()`.
        public func finish(salt: Fr) -> Fr {
            precondition(slots.isEmpty, "end the last tensor before the salt")
            var tree = tree
            tree.append(salt)
            return tree.root
        }

        private mutating func flush() {
            guard !slots.isEmpty else { return }
            // The values were range-checked as they came in.
            tree.append(try! ValuePacking.pack(slots)[0])
            slots.removeAll(keepingCapacity: true)
        }
    }
}

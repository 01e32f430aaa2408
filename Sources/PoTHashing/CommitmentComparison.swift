/// How a recomputed commitment differs from an expected one, tensor by tensor.
public struct CommitmentComparison: Sendable {
    /// A tensor present in both with a different description or different bytes.
    public struct Change: Sendable {
        public let name: String
        /// Which of dtype, shape, byte_length, root differ.
        public let fields: [String]
    }

    public let expected: ModelCommitment
    public let actual: ModelCommitment
    /// In the expected commitment only.
    public let missing: [String]
    /// In the recomputed one only.
    public let unexpected: [String]
    public let changed: [Change]

    public init(expected: ModelCommitment, actual: ModelCommitment) {
        self.expected = expected
        self.actual = actual
        var actualByName: [[UInt8]: TensorEntry] = [:]
        for entry in actual.tensors { actualByName[entry.name.bytes] = entry }
        let expectedNames = Set(expected.tensors.map(\.name.bytes))
        var missing: [String] = [], changed: [Change] = []
        for entry in expected.tensors {
            guard let other = actualByName[entry.name.bytes] else {
                missing.append(entry.name)
                continue
            }
            var fields: [String] = []
            if other.dtype.bytes != entry.dtype.bytes { fields.append("dtype") }
            if other.shape != entry.shape { fields.append("shape") }
            if other.byteLength != entry.byteLength { fields.append("byte_length") }
            if other.root != entry.root { fields.append("root") }
            if !fields.isEmpty { changed.append(Change(name: entry.name, fields: fields)) }
        }
        self.missing = missing
        self.changed = changed
        unexpected = actual.tensors.filter { !expectedNames.contains($0.name.bytes) }.map(\.name)
    }

    public var metadataDiffers: Bool {
        expected.metadataRoot != actual.metadataRoot || expected.metadataCount != actual.metadataCount
    }

    /// Equal model roots: the same format, chunk size, metadata and tensors.
    public var matches: Bool { expected.modelRoot == actual.modelRoot }
}

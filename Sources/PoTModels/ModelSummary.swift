import CGGML

extension LanguageModel {
    /// Tensors of one storage type in the file.
    public struct TensorGroup: Sendable, Equatable {
        /// ggml's name of the type, e.g. "q4_1".
        public let type: String
        public let count: Int
        public let elements: Int
        public let bytes: Int
    }

    /// The file's tensors grouped by storage type, largest first.
    public var tensorGroups: [TensorGroup] {
        var groups: [String: (count: Int, elements: Int, bytes: Int)] = [:]
        for t in file.allTensors {
            let name = String(cString: ggml_type_name(t.pointee.type))
            let g = groups[name, default: (0, 0, 0)]
            groups[name] = (g.count + 1, g.elements + Int(ggml_nelements(t)), g.bytes + ggml_nbytes(t))
        }
        return groups.map { TensorGroup(type: $0.key, count: $0.value.count, elements: $0.value.elements, bytes: $0.value.bytes) }
            .sorted { $0.bytes > $1.bytes }
    }

    /// `general.name` from the metadata.
    public var name: String? { file.string("general.name") }

    /// The tokenizer stored in the model file.
    public func tokenizer() throws(ModelError) -> Tokenizer {
        try Tokenizer(file: file)
    }
}

extension ModelLayout {
    /// Opens the model at `path` and reads its header(s).
    ///
    /// Without `format`, the format is detected: a `.json` file is a safetensors index; a file
    /// starting with "GGUF" or named `.gguf` is GGUF (a split set when its header says so);
    /// a file named `.safetensors`, or whose first 8 bytes give a header length that fits the
    /// file followed by `{`, is safetensors; anything else is opaque. A file that claims a
    /// format and breaks it is an error, never silently hashed as opaque bytes.
    public static func open(path: String, format: ModelFormat? = nil) throws(ModelFileError) -> ModelLayout {
        let resolved: ModelFormat
        if let format { resolved = format } else { resolved = try detect(path) }
        switch resolved {
        case .gguf:
            let file = try ModelFile(path: path)
            return try Shards.ggufSet(first: file, header: try GGUFHeader(file: file, index: 0))
        case .safetensors:
            if path.hasSuffix(".json") { return try Shards.safetensorsIndex(path: path) }
            let file = try ModelFile(path: path)
            let header = try SafetensorsHeader(file: file, index: 0)
            return try ModelLayout(format: .safetensors, files: [file], tensors: header.tensors, metadata: header.metadata)
        case .opaque:
            let file = try ModelFile(path: path)
            let data = TensorLayout(name: "data", dtype: "u8", shape: [file.size], byteLength: file.size, file: 0, offset: 0)
            return try ModelLayout(format: .opaque, files: [file], tensors: [data], metadata: [])
        }
    }

    private static func detect(_ path: String) throws(ModelFileError) -> ModelFormat {
        if path.hasSuffix(".json") { return .safetensors }
        let file = try ModelFile(path: path)
        let head = try file.bytes(at: 0, count: Int(min(file.size, 9)), what: "the first bytes")
        if head.starts(with: Array("GGUF".utf8)) || path.hasSuffix(".gguf") { return .gguf }
        if path.hasSuffix(".safetensors") { return .safetensors }
        if head.count == 9, head[8] == UInt8(ascii: "{") {
            let length = head[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            if length >= 2, length <= file.size - 8 { return .safetensors }
        }
        return .opaque
    }
}

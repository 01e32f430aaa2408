/// Reads the elements of floating-point tensors (F32, F16 and BF16, little-endian in both GGUF
/// and safetensors) as `Double`, exactly, in the order the file stores them, a chunk at a time
/// so a tensor of any size is read in bounded memory.
public enum FloatTensorReader {
    /// Bytes per element of the readable dtypes, by the names GGUF and safetensors use.
    static let elementBytes: [String: Int] = ["F32": 4, "f32": 4, "F16": 2, "f16": 2, "BF16": 2, "bf16": 2]

    /// Whether `tensor`'s elements can be read as floats.
    public static func isFloat(_ tensor: TensorLayout) -> Bool { elementBytes[tensor.dtype] != nil }

    /// Calls `body` with consecutive runs of `tensor`'s elements (at most `chunkElements` each),
    /// the first run starting at element 0.
    /// - Throws: ``ModelFileError`` for a dtype that is not F32, F16 or BF16 or a file that ends
    ///   early; whatever `body` throws.
    public static func read(_ tensor: TensorLayout, in layout: ModelLayout, chunkElements: Int = 1 << 16,
                            _ body: ([Double]) throws -> Void) throws {
        let file = layout.files[tensor.file]
        guard let size = elementBytes[tensor.dtype] else {
            throw ModelFileError(path: file.path, reason: "tensor \(tensor.name.quoted) has dtype \(tensor.dtype), not F32, F16 or BF16")
        }
        let count = Int(tensor.byteLength) / size
        var bytes = [UInt8](repeating: 0, count: min(count, chunkElements) * size)
        var values = [Double]()
        values.reserveCapacity(min(count, chunkElements))
        var start = 0
        while start < count {
            let n = min(chunkElements, count - start)
            try file.read(into: &bytes, count: n * size, at: tensor.offset + UInt64(start * size),
                          what: "tensor \(tensor.name.quoted)")
            values.removeAll(keepingCapacity: true)
            for i in 0..<n { values.append(decode(bytes, at: i * size, dtype: tensor.dtype)) }
            try body(values)
            start += n
        }
    }

    /// One little-endian element.
    static func decode(_ bytes: [UInt8], at i: Int, dtype: String) -> Double {
        switch dtype {
        case "F32", "f32":
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            return Double(Float(bitPattern: bits))
        case "BF16", "bf16":
            // bfloat16 is the top half of a float32.
            return Double(Float(bitPattern: (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8) << 16))
        default:
            return halfToDouble(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8)
        }
    }

    /// IEEE 754 binary16 to Double, written out so it works where `Float16` is unavailable.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10) & 0x1f
        let fraction = Double(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1f: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}

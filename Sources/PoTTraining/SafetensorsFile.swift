import Foundation

/// Writes the safetensors format (huggingface/safetensors: an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range, then the data
/// little-endian), for the two dtypes a run's weights use.
struct SafetensorsFile {
    enum Values {
        case f32([Float])
        case i32([Int32])

        var dtype: String {
            switch self {
            case .f32: "F32"
            case .i32: "I32"
            }
        }

        var count: Int {
            switch self {
            case .f32(let v): v.count
            case .i32(let v): v.count
            }
        }

        func append(to bytes: inout [UInt8]) {
            switch self {
            case .f32(let v): for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
            case .i32(let v): for x in v { withUnsafeBytes(of: x.littleEndian) { bytes += $0 } }
            }
        }
    }

    private(set) var tensors: [(name: String, shape: [Int], data: Values)] = []
    var metadata: [String: String] = [:]

    mutating func add(_ name: String, shape: [Int], _ data: Values) {
        precondition(shape.reduce(1, *) == data.count, "\(name): shape \(shape) does not hold \(data.count) entries")
        tensors.append((name, shape, data))
    }

    /// The file's bytes; the header is padded with spaces to a multiple of 8 bytes, as the
    /// reference writer does, so the data stay aligned.
    var bytes: [UInt8] {
        var header: [String: Any] = [:]
        var body: [UInt8] = []
        for tensor in tensors {
            let start = body.count
            tensor.data.append(to: &body)
            header[tensor.name] = ["dtype": tensor.data.dtype, "shape": tensor.shape, "data_offsets": [start, body.count]] as [String: Any]
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = Array(try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]))
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out += $0 }
        return out + json + body
    }
}

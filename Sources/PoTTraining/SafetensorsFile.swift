import Foundation

/// The safetensors format (huggingface/safetensors: an 8-byte little-endian header length, a
/// JSON header naming each tensor's dtype, shape and byte range, then the data little-endian),
/// written and read for the two dtypes a run's weights use.
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

    init() {}

    /// Reads a file strictly: F32 and I32 tensors only, byte ranges that match the shapes and
    /// tile the data exactly, metadata of strings.
    /// - Throws: ``TrainingError/badWeights(_:)`` naming `name` and the fault.
    init(bytes: [UInt8], name: String) throws(TrainingError) {
        func bad(_ reason: String) -> TrainingError { .badWeights("\(name): \(reason)") }
        guard bytes.count >= 8 else { throw bad("too short for a safetensors file") }
        let length = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(bytes.count - 8) else { throw bad("the header length \(length) passes the end of the file") }
        let bodyStart = 8 + Int(length)
        guard let header = try? JSONSerialization.jsonObject(with: Foundation.Data(bytes[8..<bodyStart])) as? [String: Any] else {
            throw bad("the header is not a JSON object")
        }
        var ranges: [(start: Int, end: Int)] = []
        for (key, value) in header.sorted(by: { $0.key < $1.key }) {
            if key == "__metadata__" {
                guard let metadata = value as? [String: String] else { throw bad("__metadata__ is not an object of strings") }
                self.metadata = metadata
                continue
            }
            guard let entry = value as? [String: Any], Set(entry.keys) == ["dtype", "shape", "data_offsets"],
                  let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }),
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw bad("tensor \(key): not a dtype, shape and data_offsets entry")
            }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= bytes.count - bodyStart,
                  count < Int.max / 4, offsets[1] - offsets[0] == count * 4 else {
                throw bad("tensor \(key): data_offsets \(offsets) do not hold \(shape) four-byte entries inside the file")
            }
            let raw = bytes[(bodyStart + offsets[0])..<(bodyStart + offsets[1])]
            let words = stride(from: raw.startIndex, to: raw.endIndex, by: 4).map { i in
                UInt32(raw[i]) | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2]) << 16 | UInt32(raw[i + 3]) << 24
            }
            switch dtype {
            case "F32": add(key, shape: shape, .f32(words.map(Float.init(bitPattern:))))
            case "I32": add(key, shape: shape, .i32(words.map { Int32(bitPattern: $0) }))
            default: throw bad("tensor \(key): dtype \(dtype), expected F32 or I32")
            }
            ranges.append((offsets[0], offsets[1]))
        }
        var end = 0
        for range in ranges.sorted(by: { $0.start < $1.start }) {
            guard range.start == end else { throw bad("the tensors' data overlap or leave a gap at byte \(end)") }
            end = range.end
        }
        guard end == bytes.count - bodyStart else { throw bad("\(bytes.count - bodyStart - end) bytes after the last tensor") }
    }

    /// The tensor named `name`.
    func tensor(_ name: String) -> (shape: [Int], data: Values)? {
        tensors.first { $0.name == name }.map { ($0.shape, $0.data) }
    }
}

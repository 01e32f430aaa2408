import CGGML
import PoTSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open GGUF file: its metadata through gguf.h, and its tensors bound to a read-only memory
/// map of the file, so weights are paged in by the kernel on use and never copied; a model
/// larger than RAM still runs, reading from disk.
final class GGUFFile {
    let path: String
    let gguf: OpaquePointer
    /// Holds one `ggml_tensor` header per tensor of the file; their data points into `mapping`.
    let tensors: OpaquePointer
    let mapping: UnsafeMutableRawPointer
    let mappedSize: Int
    /// nil for a file without tensors, such as a vocabulary-only GGUF.
    private let buffer: ggml_backend_buffer_t?

    init(path: String) throws(ModelError) {
        self.path = path
        let input: InputFile
        do { input = try InputFile(path: path) } catch { throw ModelError(path: path, reason: error.reason) }
        let size = Int(clamping: input.size)
        guard size >= 4, (try? input.read(4, at: 0)) == Array("GGUF".utf8) else {
            throw ModelError(path: path, offset: 0, reason: "not a GGUF file (the first four bytes are not \"GGUF\")")
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, input.descriptor, 0), base != MAP_FAILED else {
            throw ModelError(path: path, reason: "cannot map the file: \(String(cString: strerror(errno)))")
        }
        let gguf: OpaquePointer, context: OpaquePointer
        do { (gguf, context) = try GGUFHeaderReader.read(path: path, base: base, size: size) } catch {
            munmap(base, size)
            throw error
        }
        do {
            self.buffer = try Self.bind(gguf: gguf, tensors: context, base: base, size: size, path: path)
        } catch {
            munmap(base, size)
            gguf_free(gguf)
            ggml_free(context)
            throw error
        }
        self.gguf = gguf
        self.tensors = context
        self.mapping = base
        self.mappedSize = size
    }

    deinit {
        if let buffer { ggml_backend_buffer_free(buffer) }
        munmap(mapping, mappedSize)
        ggml_free(tensors)
        gguf_free(gguf)
    }

    /// Points every tensor at its bytes in the map, after checking they lie inside the file:
    /// a truncated file fails here with a message rather than in the middle of a matmul.
    private static func bind(
        gguf: OpaquePointer, tensors: OpaquePointer, base: UnsafeMutableRawPointer, size: Int, path: String
    ) throws(ModelError) -> ggml_backend_buffer_t? {
        guard gguf_get_n_tensors(gguf) > 0 else { return nil }
        let dataOffset = gguf_get_data_offset(gguf)
        // ggml's CPU buffers require 32-byte aligned data, which GGUF's default alignment gives.
        guard dataOffset <= size, dataOffset % 32 == 0 else {
            throw ModelError(path: path, reason: "tensor data offset \(dataOffset) is outside the file or misaligned")
        }
        let data = base + dataOffset
        guard let buffer = ggml_backend_cpu_buffer_from_ptr(data, size - dataOffset) else {
            throw ModelError(path: path, reason: "ggml cannot wrap the mapped file")
        }
        for id in 0..<gguf_get_n_tensors(gguf) {
            let name = gguf_get_tensor_name(gguf, id)!
            let offset = gguf_get_tensor_offset(gguf, id)
            guard let tensor = ggml_get_tensor(tensors, name) else {
                ggml_backend_buffer_free(buffer)
                throw ModelError(path: path, reason: "tensor \(String(cString: name)) has no ggml header")
            }
            let bytes = ggml_nbytes(tensor)
            guard offset % 32 == 0, dataOffset + offset + bytes <= size else {
                ggml_backend_buffer_free(buffer)
                let end = dataOffset + offset + bytes
                throw ModelError(
                    path: path,
                    reason: "truncated: tensor \(String(cString: name)) ends at byte \(end), the file has \(size)")
            }
            guard ggml_backend_tensor_alloc(buffer, tensor, data + offset) == GGML_STATUS_SUCCESS else {
                ggml_backend_buffer_free(buffer)
                throw ModelError(path: path, reason: "ggml cannot bind tensor \(String(cString: name))")
            }
        }
        return buffer
    }

    /// The tensor called `name`, or nil.
    func tensor(_ name: String) -> UnsafeMutablePointer<ggml_tensor>? {
        ggml_get_tensor(tensors, name)
    }

    /// All tensors of the file in file order.
    var allTensors: [UnsafeMutablePointer<ggml_tensor>] {
        (0..<gguf_get_n_tensors(gguf)).compactMap { ggml_get_tensor(tensors, gguf_get_tensor_name(gguf, $0)) }
    }

    // MARK: metadata

    private func key(_ name: String) -> Int64? {
        let id = gguf_find_key(gguf, name)
        return id >= 0 ? id : nil
    }

    func string(_ name: String) -> String? {
        guard let id = key(name), gguf_get_kv_type(gguf, id) == GGUF_TYPE_STRING else { return nil }
        return String(cString: gguf_get_val_str(gguf, id))
    }

    /// An integer of any GGUF integer type, so that files written by different converters agree.
    func integer(_ name: String) -> Int? {
        guard let id = key(name) else { return nil }
        switch gguf_get_kv_type(gguf, id) {
        case GGUF_TYPE_UINT8: return Int(gguf_get_val_u8(gguf, id))
        case GGUF_TYPE_INT8: return Int(gguf_get_val_i8(gguf, id))
        case GGUF_TYPE_UINT16: return Int(gguf_get_val_u16(gguf, id))
        case GGUF_TYPE_INT16: return Int(gguf_get_val_i16(gguf, id))
        case GGUF_TYPE_UINT32: return Int(gguf_get_val_u32(gguf, id))
        case GGUF_TYPE_INT32: return Int(gguf_get_val_i32(gguf, id))
        case GGUF_TYPE_UINT64: return Int(exactly: gguf_get_val_u64(gguf, id))
        case GGUF_TYPE_INT64: return Int(gguf_get_val_i64(gguf, id))
        default: return nil
        }
    }

    func float(_ name: String) -> Double? {
        guard let id = key(name) else { return nil }
        switch gguf_get_kv_type(gguf, id) {
        case GGUF_TYPE_FLOAT32: return Double(gguf_get_val_f32(gguf, id))
        case GGUF_TYPE_FLOAT64: return gguf_get_val_f64(gguf, id)
        default: return integer(name).map(Double.init)
        }
    }

    func bool(_ name: String) -> Bool? {
        guard let id = key(name), gguf_get_kv_type(gguf, id) == GGUF_TYPE_BOOL else { return nil }
        return gguf_get_val_bool(gguf, id)
    }

    func strings(_ name: String) -> [String]? {
        guard let id = key(name), gguf_get_kv_type(gguf, id) == GGUF_TYPE_ARRAY,
              gguf_get_arr_type(gguf, id) == GGUF_TYPE_STRING else { return nil }
        return (0..<gguf_get_arr_n(gguf, id)).map { String(cString: gguf_get_arr_str(gguf, id, $0)) }
    }

    func int32s(_ name: String) -> [Int32]? {
        guard let id = key(name), gguf_get_kv_type(gguf, id) == GGUF_TYPE_ARRAY,
              gguf_get_arr_type(gguf, id) == GGUF_TYPE_INT32 else { return nil }
        let n = gguf_get_arr_n(gguf, id)
        let data = gguf_get_arr_data(gguf, id)!.assumingMemoryBound(to: Int32.self)
        return Array(UnsafeBufferPointer(start: data, count: n))
    }

    func float32s(_ name: String) -> [Float]? {
        guard let id = key(name), gguf_get_kv_type(gguf, id) == GGUF_TYPE_ARRAY,
              gguf_get_arr_type(gguf, id) == GGUF_TYPE_FLOAT32 else { return nil }
        let n = gguf_get_arr_n(gguf, id)
        let data = gguf_get_arr_data(gguf, id)!.assumingMemoryBound(to: Float.self)
        return Array(UnsafeBufferPointer(start: data, count: n))
    }
}

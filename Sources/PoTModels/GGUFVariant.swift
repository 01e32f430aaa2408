import CGGML
import Foundation
import PoTAlgebra

/// Writers of variants of a GGUF model whose behaviour is known in advance, for running the
/// behavioural test on pairs with a known answer without any other tool: a re-encoding that
/// computes the same function (the answer is SAME) and a perturbed copy (DIFFERENT).
///
/// Both are written through ggml's gguf API from the source file's own metadata and tensors.
/// Each gets a `pot.variant` metadata entry that says what it is; since every metadata entry is
/// committed (docs/hashing.md), the variant's model root differs from the source's even where
/// its tensors do not.
public enum GGUFVariant {
    /// The metadata key that labels a written variant.
    public static let labelKey = "pot.variant"

    /// Writes `source` to `destination` with its tensors in reverse order and the
    /// `pot.variant` label: other bytes and another model root, the same tensors byte for
    /// byte, so the same function.
    /// - Throws: ``ModelError`` naming the file that cannot be read or written.
    public static func writeReencoding(of source: String, to destination: String) throws(ModelError) {
        let file = try GGUFFile(path: source)
        try write(file, to: destination, label: "re-encoding: the same tensors in reverse order", reversed: true) { _, _ in nil }
    }

    /// Writes `source` to `destination` with Gaussian noise added to every chosen tensor and
    /// the result stored in the tensor's own type (dequantized with ggml's `to_float`, noised,
    /// re-quantized with `ggml_quantize_chunk`). The noise's standard deviation is
    /// `relativeNoise` times the tensor's root mean square; the generator is seeded, so one
    /// seed gives one file.
    /// - Parameters:
    ///   - chosen: which tensors, by name; by default the feed-forward matrices, as for the
    ///     `noise10` variant of docs/behaviour.md's calibration.
    /// - Throws: ``ModelError`` naming the file, and the tensor whose type cannot be re-encoded
    ///   (types that need an importance matrix, or that are not numbers ggml quantizes).
    public static func writePerturbed(
        of source: String, to destination: String, relativeNoise: Double, seed: UInt64,
        chosen: (String) -> Bool = isFeedForwardMatrix
    ) throws(ModelError) {
        guard relativeNoise.isFinite, relativeNoise > 0 else {
            throw ModelError(path: destination, reason: "the relative noise must be positive, not \(relativeNoise)")
        }
        let file = try GGUFFile(path: source)
        var generator = SeededRandom(seed: seed)
        let label = "perturbed: Gaussian noise of \(relativeNoise) x RMS, seed \(seed), re-quantized"
        try write(file, to: destination, label: label, reversed: false) { name, tensor throws(ModelError) in
            guard chosen(name) else { return nil }
            return try perturb(tensor, relativeNoise: relativeNoise, generator: &generator, path: source, name: name)
        }
    }

    /// `blk.N.ffn_gate.weight`, `ffn_up` and `ffn_down`.
    public static func isFeedForwardMatrix(_ name: String) -> Bool {
        ["ffn_gate.weight", "ffn_up.weight", "ffn_down.weight"].contains { name.hasSuffix("." + $0) }
    }

    /// Writes `file`'s metadata, the label and its tensors; `replacement` may give new bytes for
    /// a tensor (exactly its size), which this function frees after writing.
    private static func write(
        _ file: GGUFFile, to destination: String, label: String, reversed: Bool,
        replacement: (String, UnsafeMutablePointer<ggml_tensor>) throws(ModelError) -> UnsafeMutableRawPointer?
    ) throws(ModelError) {
        // gguf_write pads with the context's alignment, which only reading a file sets; a
        // source with another alignment would be written with padding its metadata contradicts.
        guard gguf_get_alignment(file.gguf) == 32 else {
            throw ModelError(path: file.path, field: "general.alignment",
                             reason: "alignment \(gguf_get_alignment(file.gguf)); variants are written only of files with the default 32")
        }
        guard let out = gguf_init_empty() else { throw ModelError(path: destination, reason: "ggml cannot create a gguf context") }
        var owned: [UnsafeMutableRawPointer] = []
        defer {
            owned.forEach { $0.deallocate() }
            gguf_free(out)
        }
        gguf_set_kv(out, file.gguf)
        gguf_set_val_str(out, labelKey, label)
        let tensors = reversed ? file.allTensors.reversed() : file.allTensors
        for tensor in tensors {
            let name = String(cString: ggml_get_name(tensor))
            // The header is copied: its data pointer leads to the bytes written (the writer
            // would read through the mapped file's backend buffer instead if one were set).
            var header = tensor.pointee
            header.buffer = nil
            if let bytes = try replacement(name, tensor) {
                owned.append(bytes)
                header.data = bytes
            }
            gguf_add_tensor(out, &header)
        }
        guard gguf_write_to_file(out, destination, false) else {
            throw ModelError(path: destination, reason: "cannot write the file")
        }
    }

    /// The tensor's values plus noise, in the tensor's type; the caller owns the bytes.
    private static func perturb(
        _ tensor: UnsafeMutablePointer<ggml_tensor>, relativeNoise: Double, generator: inout SeededRandom, path: String, name: String
    ) throws(ModelError) -> UnsafeMutableRawPointer {
        let type = tensor.pointee.type
        let traits = ggml_get_type_traits(type)!.pointee
        let count = Int(ggml_nelements(tensor)), rowLength = Int(tensor.pointee.ne.0)
        let floats = [GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16].contains(type)
        guard floats || traits.is_quantized, !ggml_quantize_requires_imatrix(type), count > 0 else {
            throw ModelError(path: path, field: name, reason: "a \(String(cString: traits.type_name)) tensor cannot be re-encoded with noise")
        }
        var values = [Float](repeating: 0, count: count)
        if type == GGML_TYPE_F32 {
            values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: tensor.pointee.data, count: count * 4)) }
        } else {
            guard let toFloat = traits.to_float else {
                throw ModelError(path: path, field: name, reason: "ggml cannot dequantize \(String(cString: traits.type_name))")
            }
            toFloat(tensor.pointee.data, &values, Int64(count))
        }
        let meanSquare = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(count)
        let sigma = relativeNoise * meanSquare.squareRoot()
        var i = 0
        while i < count {
            // Box–Muller: two independent standard normals from two uniforms, u1 in (0, 1].
            let u1 = 1 - Double.random(in: 0..<1, using: &generator), u2 = Double.random(in: 0..<1, using: &generator)
            let radius = sigma * (-2 * log(u1)).squareRoot(), angle = 2 * Double.pi * u2
            values[i] += Float(radius * cos(angle))
            if i + 1 < count { values[i + 1] += Float(radius * sin(angle)) }
            i += 2
        }
        let size = ggml_nbytes(tensor)
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        let written = ggml_quantize_chunk(type, values, bytes, 0, Int64(count / rowLength), Int64(rowLength), nil)
        guard written == size else {
            bytes.deallocate()
            throw ModelError(path: path, field: name, reason: "re-quantized to \(written) bytes, the tensor has \(size)")
        }
        return bytes
    }
}

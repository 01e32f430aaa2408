import CBN254

/// `[Fr]` is a contiguous array of the C struct `bn254_fr` (Fr wraps it without padding), so
/// the vector kernels read and write Swift arrays in place. Empty arrays pass a nil pointer
/// with a zero count, which every kernel accepts.
extension Array where Element == Fr {
    package func withRawElements<R>(_ body: (UnsafePointer<bn254_fr>?) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: bn254_fr.self) { try body($0.baseAddress) }
        }
    }

    package mutating func withMutableRawElements<R>(_ body: (UnsafeMutablePointer<bn254_fr>?) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { buffer in
            try buffer.withMemoryRebound(to: bn254_fr.self) { try body($0.baseAddress) }
        }
    }
}


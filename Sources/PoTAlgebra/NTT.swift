import CBN254
import CNTT

/// The order of a transform's values: ``natural`` puts the value at ω^i at index i;
/// ``bitReversed`` puts it at the index whose k bits are those of i reversed. Pointwise
/// products do not care about the order, so a multiplication can skip both permutations.
public enum NTTOrder: Sendable {
    case natural, bitReversed
}

/// The butterfly code of a transform; both give identical results.
public enum NTTKernel: Sendable {
    /// Portable 64-bit code.
    case scalar
    /// Eight butterflies at a time in 52-bit limbs, on CPUs with AVX-512 IFMA.
    case avx512IFMA

    /// The fastest kernel this CPU runs.
    public static let best: NTTKernel = bn254_ntt_best_kernel() == BN254_NTT_AVX512_IFMA ? .avx512IFMA : .scalar

    var raw: bn254_ntt_kernel {
        switch self {
        case .scalar: BN254_NTT_SCALAR
        case .avx512IFMA: BN254_NTT_AVX512_IFMA
        }
    }
}

extension Domain {
    /// Transforms of at most 2^blockLog elements (1 MB, one core's L2 cache here) run in one
    /// pass; larger ones split into a column pass and a block pass of that size (see ntt.h).
    /// With several threads there are at least as many blocks as threads. The transform is
    /// bound by multiplications, so block sizes from 2^12 to 2^16 measured alike.
    static let blockLog = 15
    /// Below this size a second thread costs more to start than it saves.
    static let parallelLog = 12

    /// Evaluates a polynomial on the domain: `values` holds n coefficients (constant term
    /// first) and becomes the n evaluations at ω^i, or at g·ω^i with `coset`, in `output` order.
    public func ntt(_ values: inout [Fr], coset: Bool = false, output: NTTOrder = .natural,
                    threads: Int = Parallelism.available) {
        forward(&values, shift: coset ? cosetShift : nil, output: output, threads: threads)
    }

    /// Evaluates a polynomial of n coefficients at shift·ω^i for every i, in natural order: the
    /// values on any coset of the domain. The quotient prover walks the cosets of an extended
    /// domain one at a time with it, so it never holds a whole extended evaluation per column.
    public func ntt(_ values: inout [Fr], shift: Fr, threads: Int = Parallelism.available) {
        forward(&values, shift: shift == .one ? nil : shift, output: .natural, threads: threads)
    }

    /// The forward transform, the coefficients first scaled by shift^i when there is a shift.
    private func forward(_ values: inout [Fr], shift: Fr?, output: NTTOrder, threads: Int) {
        precondition(values.count == size, "an NTT on a domain of size \(size) takes \(size) values, got \(values.count)")
        let threads = logSize < Self.parallelLog ? 1 : max(1, threads)
        values.withMutableRawElements { a in
            guard let a else { return }
            if let shift { scalePowers(a, start: .one, ratio: shift, threads: threads) }
            transform(a, inverse: false, threads: threads)
            if output == .natural { bitReverse(a, threads: threads) }
        }
    }

    /// Interpolates: `values` holds the n evaluations at ω^i (at g·ω^i with `coset`) in `input`
    /// order and becomes the n coefficients of the polynomial of degree < n through them.
    public func inverseNTT(_ values: inout [Fr], coset: Bool = false, input: NTTOrder = .natural,
                           threads: Int = Parallelism.available) {
        precondition(values.count == size, "an NTT on a domain of size \(size) takes \(size) values, got \(values.count)")
        let threads = logSize < Self.parallelLog ? 1 : max(1, threads)
        values.withMutableRawElements { a in
            guard let a else { return }
            if input == .natural { bitReverse(a, threads: threads) }
            transform(a, inverse: true, threads: threads)
            if coset {
                scalePowers(a, start: sizeInverse, ratio: cosetShiftInverse, threads: threads)
            } else {
                let scale = sizeInverse
                Parallelism.forEachRange(size, threads: threads) { range in
                    withUnsafePointer(to: scale.raw) { bn254_fr_vec_scale(a + range.lowerBound, a + range.lowerBound, $0, range.count) }
                }
            }
        }
    }

    /// The forward transform leaves bit-reversed output; the inverse expects bit-reversed input.
    private func transform(_ a: UnsafeMutablePointer<bn254_fr>, inverse: Bool, threads: Int) {
        var threadsLog = 0
        while 1 << threadsLog < threads { threadsLog += 1 }
        let logRows = min(logSize, max(logSize - Self.blockLog, threadsLog))
        transform(a, inverse: inverse, logRows: logRows, threads: threads)
    }

    /// The transform split into 2^logRows rows (see ntt.h); any split gives the same result.
    func transform(_ a: UnsafeMutablePointer<bn254_fr>, inverse: Bool, logRows: Int, threads: Int) {
        guard logSize > 0 else { return }
        let logN = UInt32(logSize), logRows = UInt32(logRows)
        let rows = 1 << Int(logRows)
        let chunks = bn254_ntt_column_chunks(logN, logRows)
        let kernel = kernel.raw
        twiddles.withRawElements { tw in
            let columns = {
                Parallelism.forEachRange(chunks, threads: threads) { range in
                    let scratch = UnsafeMutablePointer<bn254_fr>.allocate(capacity: rows * Int(BN254_NTT_TILE))
                    defer { scratch.deallocate() }
                    let (begin, end) = (range.lowerBound, range.upperBound)
                    if inverse {
                        bn254_ntt_inverse_columns(a, logN, logRows, tw, begin, end, scratch, kernel)
                    } else {
                        bn254_ntt_forward_columns(a, logN, logRows, tw, begin, end, scratch, kernel)
                    }
                }
            }
            let blocks = {
                Parallelism.forEachRange(rows, threads: threads) { range in
                    let (begin, end) = (range.lowerBound, range.upperBound)
                    if inverse {
                        bn254_ntt_inverse_blocks(a, logN, logRows, tw, begin, end, kernel)
                    } else {
                        bn254_ntt_forward_blocks(a, logN, logRows, tw, begin, end, kernel)
                    }
                }
            }
            if inverse {
                blocks()
                if logRows > 0 { columns() }
            } else {
                if logRows > 0 { columns() }
                blocks()
            }
        }
    }

    private func bitReverse(_ a: UnsafeMutablePointer<bn254_fr>, threads: Int) {
        let logN = UInt32(logSize)
        Parallelism.forEachRange(bn254_ntt_bit_reverse_chunks(logN), threads: threads) { range in
            bn254_ntt_bit_reverse(a, logN, range.lowerBound, range.upperBound)
        }
    }

    /// a[i] *= start · ratio^i, each range starting from its own power of the ratio.
    private func scalePowers(_ a: UnsafeMutablePointer<bn254_fr>, start: Fr, ratio: Fr, threads: Int) {
        Parallelism.forEachRange(size, threads: threads) { range in
            let first = start * ratio.power(UInt64(range.lowerBound))
            withUnsafePointer(to: first.raw) { s in
                withUnsafePointer(to: ratio.raw) { r in
                    bn254_fr_vec_scale_powers(a + range.lowerBound, a + range.lowerBound, s, r, range.count)
                }
            }
        }
    }
}

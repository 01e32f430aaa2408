import CGGML
import CQuantMatMul
import PoTModels
import XCTest

/// The quantized products (AVX-512 VNNI or NEON dot products) of `CSources/CQuantMatMul` against float64 products over weights
/// quantized by ggml's own quantizer (`ggml_quantize_chunk`) and dequantized by ggml's own
/// `to_float`, so neither the block format nor its decoding comes from the code under test.
final class QuantizedProductTests: XCTestCase {
    static let kQuants = [GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K, GGML_TYPE_Q5_K, GGML_TYPE_Q6_K]
    static let types = [GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0, GGML_TYPE_Q5_1, GGML_TYPE_Q8_0] + kQuants

    override func setUpWithError() throws {
        try XCTSkipUnless(MatrixProducts.vnniAvailable, "this CPU lacks \(MatrixProducts.vnniRequirement)")
    }

    /// Two bounds per product. Against the exact product the only error allowed is the 8-bit
    /// rounding of the activations, at most half a step d_a = max|x| / 127 per value of each block
    /// of 32, so |Δ| ≤ Σ_blocks d_a / 2 · Σ_block |w| (plus float rounding). Against the product
    /// with the activations rounded as ggml's `quantize_row_q8_1` rounds them (q = round(x / d_a),
    /// ties to even), the error is float rounding alone: a value in a wrong lane, a scale or an
    /// offset of the wrong block, would exceed 10⁻⁵ of the magnitude by orders.
    ///
    /// Shapes: k from one block to more than one slice of 128 blocks with a partial group (the
    /// K-quants in super-blocks of 256: one, three, and 17 across two slices); 7 weight rows,
    /// taken whole and as the range 5..<7 a second thread would take; 1 to 9 activation rows
    /// (whole tiles of four and every remainder, single rows on both paths).
    func testProductsMatchFloat64OverGGMLDequantizedWeights() throws {
        var random = SystemRandomNumberGenerator()
        for type in Self.types {
            for k in Self.kQuants.contains(type) ? [256, 768, 4096 + 256] : [32, 96, 576, 4096 + 96] {
                let m = 7, columns = 9
                let o = Operands(type: type, k: k, rows: m, columns: columns, spikeEvery: 37, spike: 20, using: &random)
                var w = [Float](repeating: 0, count: m * k)
                ggml_get_type_traits(type).pointee.to_float(o.blocks, &w, Int64(m * k))
                let x = o.x

                for (first, end) in [(0, m), (5, m)] {
                    for n in 1...columns {
                        let out = o.products(column: 0, count: n, rows: first..<end)
                        for c in 0..<n {
                            for r in 0..<m {
                                let got = out[c * m + r]
                                guard (first..<end).contains(r) else {
                                    XCTAssert(got.isNaN, "row \(r) outside \(first)..<\(end) written")
                                    continue
                                }
                                let p = Self.products(w[(r * k)..<(r * k + k)], x[(c * k)..<(c * k + k)])
                                let name = "\(String(cString: ggml_type_name(type))) k \(k) rows \(first)..<\(end) n \(n) (\(r), \(c))"
                                XCTAssertLessThanOrEqual(abs(Double(got) - p.exact), p.roundingBound + 1e-5 * p.magnitude, name)
                                XCTAssertLessThanOrEqual(abs(Double(got) - p.rounded), 1e-5 * p.magnitude, name)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The kernels as the runner uses them: a ggml custom operation in a graph, rows split
    /// between two threads, against ggml's own `mul_mat` on the same weights and activations.
    /// The two round activations differently (ggml's scales in half precision, the K-quants' in
    /// blocks of 256), each by well under 1% of the result; a row computed by the wrong thread,
    /// a transposed output or a misread type would differ by its whole size.
    func testTheCustomOperationAgreesWithGGMLInAGraph() throws {
        for type in Self.types {
            let name = String(cString: ggml_type_name(type))
            for columns in [1, 3, 6] {
                let run = { (products: MatrixProducts) throws -> [Float] in
                    let probe = try ProductProbe(type: name, rows: 70, k: 512, columns: columns, products: products, threads: 2)
                    probe.run()
                    return probe.output
                }
                let vnni = try run(.vnni), ggml = try run(.ggml)
                XCTAssertEqual(vnni.count, 70 * columns)
                let difference = zip(vnni, ggml).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
                let size = ggml.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
                XCTAssertLessThan(difference, 0.01 * size, "\(name), \(columns) columns")
            }
        }
    }

    /// A generation step must give the logits a batch gives at the same position, or greedy
    /// decoding and scoring would disagree wherever two tokens are close: the single-row path
    /// (one activation row) and the tiles (five rows: a tile of four and one of one) agree bit
    /// for bit, for every k shape including more than one slice.
    func testSingleRowsAgreeWithTheTilesBitForBit() throws {
        var random = SystemRandomNumberGenerator()
        for type in [GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q8_0] {
            XCTAssertEqual(qmm_reads_rows_directly(Int32(type.rawValue)), 1)
            for k in [32, 96, 576, 4096 + 96, 8192 + 32] {
                let m = 9, columns = 5
                let o = Operands(type: type, k: k, rows: m, columns: columns, spikeEvery: 29, spike: 9, using: &random)
                let batch = o.products(column: 0, count: columns, rows: 0..<m)
                for c in 0..<columns {
                    let single = o.products(column: c, count: 1, rows: 0..<m)
                    XCTAssertEqual(single.map(\.bitPattern), batch[(c * m)..<((c + 1) * m)].map(\.bitPattern),
                                   "\(String(cString: ggml_type_name(type))) k \(k) column \(c)")
                }
            }
        }
    }

    func testOnlyTheBlockTypesItDecodesAreTaken() {
        for type in Self.types { XCTAssertEqual(qmm_supports(Int32(type.rawValue)), 1) }
        for type in [GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_BF16, GGML_TYPE_Q8_1, GGML_TYPE_Q8_K, GGML_TYPE_IQ4_NL, GGML_TYPE_TQ1_0] {
            XCTAssertEqual(qmm_supports(Int32(type.rawValue)), 0)
        }
    }

    /// An activation block of zeros has scale 0 and contributes nothing (no division by zero).
    func testZeroActivationsGiveZero() throws {
        let k = 64, stride = ggml_row_size(GGML_TYPE_Q4_1, Int64(k))
        var blocks = [UInt8](repeating: 0, count: stride)
        _ = ggml_quantize_chunk(GGML_TYPE_Q4_1, (0..<k).map { Float($0) / 7 }, &blocks, 0, 1, Int64(k), nil)
        var a = [UInt8](repeating: 0xFF, count: qmm_activation_row_bytes(k))
        qmm_quantize_rows(&a, [Float](repeating: 0, count: k), 4 * k, k, 0, 1)
        var out: [Float] = [.nan]
        qmm_matmul(&out, 1, blocks, stride, QMM_Q4_1, a, 1, k, 0, 1)
        XCTAssertEqual(out, [0])
    }

    /// `rows` weight rows of `k` random values quantized by ggml's own quantizer as `type`, and
    /// `columns` random activation rows quantized by the kernels; every `spikeEvery`-th
    /// activation is `spike` times larger, as activations have a few large values, so that the
    /// blocks' scales differ.
    private struct Operands {
        let type: ggml_type, k: Int, rows: Int
        let blocks: [UInt8], stride: Int
        let x: [Float], activations: [UInt8], rowBytes: Int

        init(type: ggml_type, k: Int, rows: Int, columns: Int, spikeEvery: Int, spike: Float,
             using random: inout SystemRandomNumberGenerator) {
            (self.type, self.k, self.rows) = (type, k, rows)
            stride = ggml_row_size(type, Int64(k))
            let weights = (0..<(rows * k)).map { _ in Float.random(in: -1...1, using: &random) }
            var blocks = [UInt8](repeating: 0, count: rows * stride)
            _ = ggml_quantize_chunk(type, weights, &blocks, 0, Int64(rows), Int64(k), nil)
            self.blocks = blocks
            x = (0..<(columns * k)).map { i in Float.random(in: -1...1, using: &random) * (i % spikeEvery == 0 ? spike : 1) }
            rowBytes = qmm_activation_row_bytes(k)
            var activations = [UInt8](repeating: 0, count: columns * rowBytes)
            qmm_quantize_rows(&activations, x, 4 * k, k, 0, columns)
            self.activations = activations
        }

        /// qmm_matmul of weight rows `rows` with activation rows column..<column + count into
        /// an output of all `rows` rows per column, NaN where nothing was written.
        func products(column: Int, count: Int, rows range: Range<Int>) -> [Float] {
            var out = [Float](repeating: .nan, count: count * rows)
            activations.withUnsafeBufferPointer { a in
                qmm_matmul(&out, rows, blocks, stride, qmm_type(rawValue: type.rawValue), a.baseAddress! + column * rowBytes,
                           count, k, range.lowerBound, range.upperBound)
            }
            return out
        }
    }

    /// The exact product, the product with ggml's activation rounding, Σ|w x|, and the bound on
    /// what the rounding may move the exact one.
    private static func products(_ w: ArraySlice<Float>, _ x: ArraySlice<Float>) -> (exact: Double, rounded: Double, magnitude: Double, roundingBound: Double) {
        let w = Array(w), x = Array(x)
        var exact = 0.0, rounded = 0.0, magnitude = 0.0, bound = 0.0
        for b in stride(from: 0, to: x.count, by: 32) {
            let amax = x[b..<(b + 32)].map(abs).max()!
            let d = amax / 127, id = d == 0 ? 0 : 1 / d
            var weightSum = 0.0
            for j in b..<(b + 32) {
                let q = (x[j] * id).rounded(.toNearestOrEven)
                exact += Double(w[j]) * Double(x[j])
                rounded += Double(w[j]) * Double(q) * Double(d)
                magnitude += abs(Double(w[j]) * Double(x[j]))
                weightSum += abs(Double(w[j]))
            }
            bound += Double(d) / 2 * weightSum
        }
        return (exact, rounded, magnitude, bound)
    }
}

/// The tensor element types of GGUF files (ggml's `enum ggml_type`): the name ggml prints,
/// the number of elements per block and the bytes per block. Kept here rather than asked of
/// libggml so the parser needs no library; the tests check the table against libggml.
/// Ids that ggml has removed (4, 5, 31–33, 36–38) are absent and rejected as unknown.
public struct GGMLType: Sendable, Equatable {
    public let id: UInt32
    public let name: String
    public let blockSize: UInt64
    public let blockBytes: UInt64

    public static let all: [GGMLType] = [
        .init(0, "f32", 1, 4), .init(1, "f16", 1, 2), .init(2, "q4_0", 32, 18), .init(3, "q4_1", 32, 20),
        .init(6, "q5_0", 32, 22), .init(7, "q5_1", 32, 24), .init(8, "q8_0", 32, 34), .init(9, "q8_1", 32, 36),
        .init(10, "q2_K", 256, 84), .init(11, "q3_K", 256, 110), .init(12, "q4_K", 256, 144),
        .init(13, "q5_K", 256, 176), .init(14, "q6_K", 256, 210), .init(15, "q8_K", 256, 292),
        .init(16, "iq2_xxs", 256, 66), .init(17, "iq2_xs", 256, 74), .init(18, "iq3_xxs", 256, 98),
        .init(19, "iq1_s", 256, 50), .init(20, "iq4_nl", 32, 18), .init(21, "iq3_s", 256, 110),
        .init(22, "iq2_s", 256, 82), .init(23, "iq4_xs", 256, 136), .init(24, "i8", 1, 1), .init(25, "i16", 1, 2),
        .init(26, "i32", 1, 4), .init(27, "i64", 1, 8), .init(28, "f64", 1, 8), .init(29, "iq1_m", 256, 56),
        .init(30, "bf16", 1, 2), .init(34, "tq1_0", 256, 54), .init(35, "tq2_0", 256, 66),
        .init(39, "mxfp4", 32, 17), .init(40, "nvfp4", 64, 36), .init(41, "q1_0", 128, 18), .init(42, "q2_0", 64, 18),
    ]

    private static let byID: [UInt32: GGMLType] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func lookup(_ id: UInt32) -> GGMLType? { byID[id] }

    private init(_ id: UInt32, _ name: String, _ blockSize: UInt64, _ blockBytes: UInt64) {
        self.id = id
        self.name = name
        self.blockSize = blockSize
        self.blockBytes = blockBytes
    }
}

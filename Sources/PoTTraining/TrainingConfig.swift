import PoTSystem
import PoTCircuits
import Foundation

/// A training run's configuration, read from a JSON file such as
///
/// ```json
/// {"layers": [64, 32, 10], "batch": 16, "learning_rate": 0.1, "init_seed": 1}
/// ```
///
/// with an optional `"train_examples"` (default 1500: the first 1500 examples train, the rest
/// are the hold-out split). The file's exact bytes define the run's identity (``runIdBytes``).
public struct TrainingConfig: Equatable, Sendable {
    /// `n_0 … n_L`.
    public let widths: [Int]
    /// B.
    public let batchSize: Int
    /// The learning rate as written.
    public let learningRate: Double
    /// η = round(learningRate · 2^16), half away from zero.
    public let eta: Int64
    /// Seed of ``MLPParameters/initial(widths:seed:)``.
    public let initSeed: UInt64
    /// Examples `0 ..< trainExamples` train; the rest are held out.
    public let trainExamples: Int
    /// The bytes the configuration was read from (or its canonical JSON when built in code).
    public let json: [UInt8]

    public static let defaultTrainExamples = 1500
    /// Batches up to 2^20: far beyond any use, well inside the step's exactness bound (2^32).
    public static let maxBatchSize = 1 << 20
    static let keys: Set<String> = ["layers", "batch", "learning_rate", "init_seed", "train_examples"]

    /// Checks and builds a configuration; its ``json`` is the canonical form.
    /// - Throws: ``TrainingError/badConfig(_:)`` saying what is wrong.
    public init(widths: [Int], batchSize: Int, learningRate: Double, initSeed: UInt64,
                trainExamples: Int = defaultTrainExamples) throws(TrainingError) {
        var object = "{\"layers\": [\(widths.map(String.init).joined(separator: ", "))], \"batch\": \(batchSize), "
        object += "\"learning_rate\": \(learningRate), \"init_seed\": \(initSeed)"
        if trainExamples != Self.defaultTrainExamples { object += ", \"train_examples\": \(trainExamples)" }
        try self.init(widths: widths, batchSize: batchSize, learningRate: learningRate, initSeed: initSeed,
                      trainExamples: trainExamples, json: Array((object + "}\n").utf8), name: "configuration")
    }

    private init(widths: [Int], batchSize: Int, learningRate: Double, initSeed: UInt64, trainExamples: Int,
                 json: [UInt8], name: String) throws(TrainingError) {
        guard widths.count >= 2 else { throw .badConfig("\(name): \"layers\" needs at least two widths (inputs and classes)") }
        guard widths.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
            throw .badConfig("\(name): every width in \"layers\" must be from 1 to 65536")
        }
        guard widths.last! >= 2 else { throw .badConfig("\(name): the last layer needs at least two classes") }
        guard batchSize >= 1, batchSize <= Self.maxBatchSize else {
            throw .badConfig("\(name): \"batch\" must be from 1 to \(Self.maxBatchSize)")
        }
        guard initSeed <= 1 << 53 else { throw .badConfig("\(name): \"init_seed\" must be an integer from 0 to 2^53") }
        guard trainExamples >= 1 else { throw .badConfig("\(name): \"train_examples\" must be at least 1") }
        let eta: Int64
        do { eta = try FixedPoint.value(of: learningRate, "learning_rate") } catch { throw .badConfig("\(name): \(error)") }
        guard eta > 0, eta <= FixedPoint.one else {
            throw .badConfig("\(name): \"learning_rate\" \(learningRate) gives η = \(eta)/2^16; it must be in (0, 1]")
        }
        self.widths = widths
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.eta = eta
        self.initSeed = initSeed
        self.trainExamples = trainExamples
        self.json = json
    }

    /// Reads a configuration file.
    /// - Throws: ``TrainingError/badConfig(_:)`` naming the file and the reason.
    public static func load(path: String) throws(TrainingError) -> TrainingConfig {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: 1 << 20) } catch { throw .badConfig("\(error)") }
        return try TrainingConfig(json: bytes, name: path)
    }

    /// Parses configuration bytes strictly: one object, only the known keys, each of its type.
    public init(json bytes: [UInt8], name: String) throws(TrainingError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch let error as TrainingError {
            throw .badConfig("\(name): \(error)")
        } catch DecodingError.keyNotFound(let key, _) {
            throw .badConfig("\(name): missing \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw .badConfig("\(name): \(Self.path(context.codingPath)) must be \(Self.expected(context.codingPath))")
        } catch {
            throw .badConfig("\(name): not valid JSON (\(error.localizedDescription))")
        }
        try self.init(widths: file.layers, batchSize: file.batch, learningRate: file.learningRate, initSeed: file.initSeed,
                      trainExamples: file.trainExamples ?? Self.defaultTrainExamples, json: bytes, name: name)
    }

    /// Numbers are read as Doubles and checked here: the decoder reports an integer field
    /// holding 10.5 as invalid JSON, which would not say what is wrong.
    private struct File: Decodable {
        let layers: [Int]
        let batch: Int
        let learningRate: Double
        let initSeed: UInt64
        let trainExamples: Int?

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            guard let object = try? decoder.container(keyedBy: Key.self) else {
                throw TrainingError.badConfig("the configuration is not a JSON object")
            }
            if let unknown = object.allKeys.map(\.stringValue).sorted().first(where: { !TrainingConfig.keys.contains($0) }) {
                throw TrainingError.badConfig("unknown key \"\(unknown)\" (known: \(TrainingConfig.keys.sorted().joined(separator: ", ")))")
            }
            func integer(_ x: Double, _ what: String) throws -> Int {
                guard x == x.rounded(), x.magnitude <= 0x1p53 else { throw TrainingError.badConfig("\(what) must be an integer") }
                return Int(x)
            }
            let widths = try object.decode([Double].self, forKey: Key(stringValue: "layers"))
            layers = try widths.enumerated().map { try integer($1, "\"layers\"[\($0)]") }
            batch = try integer(try object.decode(Double.self, forKey: Key(stringValue: "batch")), "\"batch\"")
            learningRate = try object.decode(Double.self, forKey: Key(stringValue: "learning_rate"))
            let seed = try integer(try object.decode(Double.self, forKey: Key(stringValue: "init_seed")), "\"init_seed\"")
            guard seed >= 0 else { throw TrainingError.badConfig("\"init_seed\" must be an integer from 0 to 2^53") }
            initSeed = UInt64(seed)
            trainExamples = try object.decodeIfPresent(Double.self, forKey: Key(stringValue: "train_examples"))
                .map { try integer($0, "\"train_examples\"") }
        }
    }

    /// `"layers"[1]` for the path of a decoding error.
    private static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? "\"\($0.stringValue)\"" }.joined()
    }

    private static func expected(_ codingPath: [CodingKey]) -> String {
        switch codingPath.first?.stringValue {
        case "layers": codingPath.count == 1 ? "an array of widths" : "an integer"
        case "learning_rate": "a number"
        default: "an integer"
        }
    }
}

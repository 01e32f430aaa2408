import PoTSystem
import Foundation

/// scikit-learn's digits set as it ships in the scikit-learn wheel
/// (`sklearn/datasets/data/digits.csv.gz`, unpacked by scripts/setup.sh): 1,797 lines, each
/// 64 pixel intensities 0…16 of an 8×8 image, row by row, then the digit 0…9, separated by
/// commas, no header. A pixel `p` becomes the value `p · 2^12` (p / 16, exactly).
public enum DigitsCSV {
    public static let pixels = 64
    public static let classes = 10
    public static let maxPixel = 16

    /// Reads the file strictly: exactly 65 unsigned decimal integers per line, in range, lines
    /// ended by `\n` (the last one may lack it), no blank lines.
    /// - Throws: ``TrainingError/badData(_:)`` naming the file, the line and the reason.
    /// The largest data file read: 65 numbers of at most 3 digits a line, so some 250,000 examples.
    public static let maxBytes: UInt64 = 64 << 20

    public static func load(path: String) throws(TrainingError) -> LabelledExamples {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: maxBytes) } catch { throw .badData("\(error)") }
        return try parse(bytes, name: path)
    }

    /// Parses the bytes of a digits CSV; `name` appears in error messages.
    public static func parse(_ bytes: [UInt8], name: String) throws(TrainingError) -> LabelledExamples {
        var values: [Int64] = [], labels: [Int] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[start..<end]
            start = end + 1
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == pixels + 1 else {
                throw .badData("\(name):\(lineNumber): expected \(pixels + 1) comma-separated fields (64 pixels and a label), found \(fields.count)")
            }
            for (column, field) in fields.enumerated() {
                let isLabel = column == pixels
                let maximum = isLabel ? classes - 1 : maxPixel
                guard !field.isEmpty, field.count <= 3, field.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                      let n = Int(String(decoding: field, as: UTF8.self)), n <= maximum else {
                    let what = isLabel ? "label" : "pixel \(column + 1)"
                    throw .badData("\(name):\(lineNumber): \(what) is \"\(String(decoding: field, as: UTF8.self))\", not an integer 0…\(maximum)")
                }
                if isLabel { labels.append(n) } else { values.append(Int64(n) << 12) }
            }
        }
        guard !labels.isEmpty else { throw .badData("\(name): no examples") }
        return LabelledExamples(inputs: IntegerMatrix(rows: labels.count, columns: pixels, values: values), labels: labels)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Models stored in several files. The tensors of all files form one model; metadata that
/// several files carry must agree, and is committed once. Neither how the tensors are
/// distributed nor the file names enter the commitment, so a sharded model commits like the
/// same model in one file.
enum Shards {
    /// A GGUF split set as written by llama.cpp's gguf-split and gguf-py:
    /// `PREFIX-00001-of-00003.gguf` … with `split.no` (0-based) and `split.count` in each
    /// file. Any member of the set may be named; every member must be present.
    static func ggufSet(first: ModelFile, header: GGUFHeader) throws(ModelFileError) -> ModelLayout {
        guard let split = header.split, split.count > 1 else {
            return try ModelLayout(format: .gguf, files: [first], tensors: header.tensors, metadata: header.metadata)
        }
        guard let name = splitName(first.path), Int(split.count) == name.count, Int(split.number) + 1 == name.number else {
            throw ModelFileError(path: first.path, reason: "file is split \(split.number + 1) of \(split.count) of a split GGUF model, "
                + "but its name does not end in -\(fiveDigits(Int(split.number) + 1))-of-\(fiveDigits(Int(split.count))).gguf")
        }
        var files: [ModelFile] = []
        var tensors: [TensorLayout] = []
        var merged = MetadataMerge()
        for number in 1...name.count {
            let path = "\(name.prefix)-\(fiveDigits(number))-of-\(fiveDigits(name.count)).gguf"
            let file: ModelFile, part: GGUFHeader
            if number == name.number {
                (file, part) = (first, header)
            } else {
                guard access(path, F_OK) == 0 else {
                    throw ModelFileError(path: path, reason: "missing split \(number) of \(name.count) of \(first.path)")
                }
                file = try ModelFile(path: path)
                part = try GGUFHeader(file: file, index: files.count)
            }
            guard let s = part.split, Int(s.number) + 1 == number, Int(s.count) == name.count else {
                throw ModelFileError(path: path, reason: "split.no/split.count do not say split \(number) of \(name.count)")
            }
            files.append(file)
            tensors += part.tensors.map {
                TensorLayout(name: $0.name, dtype: $0.dtype, shape: $0.shape, byteLength: $0.byteLength, file: files.count - 1, offset: $0.offset)
            }
            try merged.add(part.metadata, from: path)
        }
        if let total = header.split?.totalTensors, Int(total) != tensors.count {
            throw ModelFileError(path: first.path, reason: "split.tensors.count is \(total) but the \(name.count) splits hold \(tensors.count) tensors")
        }
        return try ModelLayout(format: .gguf, files: files, tensors: tensors, metadata: merged.entries)
    }

    /// A safetensors index (`model.safetensors.index.json`): `weight_map` names, for each
    /// tensor, the shard file holding it, in the index's folder. Each shard must hold exactly
    /// the tensors mapped to it. The index's own `metadata` (e.g. `total_size`) describes the
    /// split and is not committed; the shards' `__metadata__` is.
    static func safetensorsIndex(path: String) throws(ModelFileError) -> ModelLayout {
        let indexFile = try ModelFile(path: path)
        guard indexFile.size <= 64 << 20 else {
            throw ModelFileError(path: path, reason: "index of \(indexFile.size) bytes is larger than 64 MiB")
        }
        let document = try JSON.parse(try indexFile.bytes(at: 0, count: Int(indexFile.size), what: "the index"), path: path)
        let map = try document.member("weight_map", path: path)
        guard let members = map.members else {
            throw ModelFileError(path: path, offset: map.offset, reason: "weight_map must be an object, found \(map.typeName)")
        }
        var shardOf: [[UInt8]: String] = [:]
        for member in members {
            guard let shard = member.value.string, !shard.isEmpty, shard != ".", shard != "..", !shard.contains("/") else {
                throw ModelFileError(path: path, offset: member.value.offset,
                    reason: "weight_map entry for \(member.key.quoted) must name a file in the index's folder")
            }
            shardOf[member.key.bytes] = shard
        }
        let folder = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        var files: [ModelFile] = []
        var tensors: [TensorLayout] = []
        var merged = MetadataMerge()
        for shard in Set(shardOf.values).sorted(by: utf8Less) {
            let shardPath = folder + shard
            guard access(shardPath, F_OK) == 0 else {
                throw ModelFileError(path: shardPath, reason: "missing shard listed in \(path)")
            }
            let file = try ModelFile(path: shardPath)
            let header = try SafetensorsHeader(file: file, index: files.count)
            let expected = Set(shardOf.filter { $0.value.utf8.elementsEqual(shard.utf8) }.keys)
            let found = Set(header.tensors.map(\.name.bytes))
            if let missing = expected.subtracting(found).first {
                throw ModelFileError(path: shardPath, reason: "tensor \(String(decoding: missing, as: UTF8.self).quoted) is mapped to this shard by \(path) but is not in it")
            }
            if let extra = found.subtracting(expected).first {
                throw ModelFileError(path: shardPath, reason: "tensor \(String(decoding: extra, as: UTF8.self).quoted) is in this shard but \(path) does not map it here")
            }
            files.append(file)
            tensors += header.tensors
            try merged.add(header.metadata, from: shardPath)
        }
        return try ModelLayout(format: .safetensors, files: files, tensors: tensors, metadata: merged.entries)
    }

    /// `PREFIX-NNNNN-of-MMMMM.gguf` split into its parts.
    static func splitName(_ path: String) -> (prefix: String, number: Int, count: Int)? {
        let suffix = Array("-00000-of-00000.gguf".utf8)
        let bytes = Array(path.utf8)
        guard bytes.count > suffix.count else { return nil }
        let tail = Array(bytes[(bytes.count - suffix.count)...])
        func digits(_ range: Range<Int>) -> Int? {
            let part = tail[range]
            guard part.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(String(decoding: part, as: UTF8.self))
        }
        guard tail[0] == UInt8(ascii: "-"), Array(tail[6..<10]) == Array("-of-".utf8), Array(tail[15...]) == Array(".gguf".utf8),
              let number = digits(1..<6), let count = digits(10..<15), number >= 1, number <= count else { return nil }
        return (String(decoding: bytes[..<(bytes.count - suffix.count)], as: UTF8.self), number, count)
    }

    private static func fiveDigits(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 5 - s.count)) + s
    }
}

/// The union of the metadata of several files; a key that two files give different values
/// is an error, since the model would then have no single metadata.
struct MetadataMerge {
    private var byKey: [[UInt8]: MetadataEntry] = [:]
    private var firstPath: [[UInt8]: String] = [:]

    mutating func add(_ entries: [MetadataEntry], from path: String) throws(ModelFileError) {
        for entry in entries {
            if let existing = byKey[entry.key.bytes] {
                guard existing.leaf == entry.leaf else {
                    throw ModelFileError(path: path, reason: "metadata \(entry.key.quoted) differs from its value in \(firstPath[entry.key.bytes]!)")
                }
            } else {
                byKey[entry.key.bytes] = entry
                firstPath[entry.key.bytes] = path
            }
        }
    }

    var entries: [MetadataEntry] { Array(byKey.values) }
}

import PoTEvidence
import XCTest

/// The one reader: round trip, and clear errors naming the offset and section for truncated,
/// oversized, wrong-version and malformed bundles.
final class BundleFormatTests: XCTestCase {
    func testRoundTripIsByteExact() throws {
        let bytes = SmallBundle.bundle.encoded
        let read = try EvidenceBundle(bytes: bytes, path: "b")
        XCTAssertEqual(read.manifest, SmallBundle.bundle.manifest)
        XCTAssertEqual(read.parts, SmallBundle.bundle.parts)
        XCTAssertEqual(read.encoded, bytes)
        XCTAssertEqual(read.manifest.parts.map(\.kind), [PartKind.modelCommitment, .verifyingKey, .proof])
    }

    func testEveryTruncationIsRefused() {
        let bytes = SmallBundle.bundle.encoded
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try EvidenceBundle(bytes: Array(bytes.prefix(length)), path: "b"), "prefix of \(length) bytes") { error in
                guard let error = error as? BundleError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.path, "b")
                XCTAssertNotNil(error.offset)
            }
        }
    }

    func testTruncatedPartNamesItsSection() {
        let bytes = SmallBundle.bundle.encoded
        XCTAssertThrowsError(try EvidenceBundle(bytes: Array(bytes.dropLast(10)), path: "b")) { error in
            let error = error as! BundleError
            XCTAssertEqual(error.section, "part 2 (PROF)")
            XCTAssertTrue(error.reason.contains("truncated"), error.reason)
        }
    }

    func testWrongVersionAndMagic() {
        var bytes = SmallBundle.bundle.encoded
        for version: UInt8 in [0, 3] {
            bytes[8] = version
            XCTAssertThrowsError(try EvidenceBundle(bytes: bytes, path: "b")) { error in
                XCTAssertEqual("\(error)", "b: at byte 8 (header): bundle format version \(version) is not supported (this build reads versions 1 and 2)")
            }
        }
        var other = SmallBundle.bundle.encoded
        other[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try EvidenceBundle(bytes: other, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("not a PoT evidence bundle"), "\(error)")
        }
    }

    func testTrailingBytesAreRefused() {
        XCTAssertThrowsError(try EvidenceBundle(bytes: SmallBundle.bundle.encoded + [0], path: "b")) { error in
            XCTAssertTrue("\(error)".contains("1 bytes after the last part"), "\(error)")
        }
    }

    func testOversizedSectionIsRefusedBeforeReading() {
        // The proof section (the last) claims 2^40 bytes.
        var bytes = SmallBundle.bundle.encoded
        let proofLength = SmallBundle.bundle.parts[2].count
        let lengthAt = bytes.count - proofLength - 8
        bytes.replaceSubrange(lengthAt..<lengthAt + 8, with: [0, 0, 0, 0, 0, 1, 0, 0])
        XCTAssertThrowsError(try EvidenceBundle(bytes: bytes, path: "b")) { error in
            let error = error as! BundleError
            XCTAssertEqual(error.offset, lengthAt)
            XCTAssertEqual(error.section, "part 2 (PROF)")
            XCTAssertTrue(error.reason.contains("more than the 1048576 bytes"), error.reason)
        }
    }

    func testOversizedFileIsRefusedBeforeReading() throws {
        let path = NSTemporaryDirectory() + "pot-oversized-\(getpid()).bundle"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(EvidenceBundle.maxBytes) + 1)  // sparse: nothing is written
        try handle.close()
        XCTAssertThrowsError(try EvidenceBundle.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("more than the \(EvidenceBundle.maxBytes) a file of this kind may have"), "\(error)")
        }
    }

    func testDuplicatePartIsRefused() {
        let b = SmallBundle.bundle
        var manifest = b.manifest
        manifest.parts.append(manifest.parts[2])
        let bytes = EvidenceBundle(manifest: manifest, parts: b.parts + [b.parts[2]]).encoded
        XCTAssertThrowsError(try EvidenceBundle(bytes: bytes, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("part 3 repeats an earlier PROF part (duplicate section)"), "\(error)")
        }
    }

    func testUnclaimedPartIsRefused() {
        let b = SmallBundle.bundle
        var manifest = b.manifest
        manifest.parts.append(PartEntry(kind: .proof, sha256: Array(repeating: 7, count: 32)))
        let bytes = EvidenceBundle(manifest: manifest, parts: b.parts + [[1, 2, 3]]).encoded
        XCTAssertThrowsError(try EvidenceBundle(bytes: bytes, path: "b")) { error in
            XCTAssertTrue("\(error)".contains("part 3 (PROF) is not referred to by any claim"), "\(error)")
        }
    }

    func testRolesNeedTheirClaims() {
        var builder = BundleBuilder()
        XCTAssertNoThrow(try builder.addModel(commitment: SmallBundle.files.commitment, role: .candidate, name: "m.json"))
        XCTAssertThrowsError(try builder.build()) { error in
            XCTAssertTrue("\(error)".contains("a candidate model without a behavioural claim"), "\(error)")
        }
    }
}

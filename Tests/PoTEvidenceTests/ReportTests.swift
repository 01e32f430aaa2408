import PoTEvidence
import XCTest

/// The report page's content; rendering in a browser is scripts/report-check.sh's.
final class ReportTests: XCTestCase {
    func testBehaviourPageHasItsPlotsAndNothingExternal() {
        let bundle = BehaviourClaimTests.bundle
        let page = BundleReport.html(bundle, verification: BundleVerifier.verify(bundle), name: "b<1>.bundle")
        for needle in ["id=\"confidence-sequence\"", "class=\"bound-upper\"", "class=\"bound-lower\"", "class=\"threshold-gamma\"",
                       "class=\"threshold-delta\"", "id=\"score-histogram\"", "class=\"bar\"", "VALID:", "b&lt;1&gt;.bundle"] {
            XCTAssertTrue(page.contains(needle), needle)
        }
        let outside = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["<script", "<link", "src=", "href=", "http://", "https://", "url("] {
            XCTAssertFalse(outside.contains(needle), needle)
        }
    }

    func testInvalidBundleSaysSoAndShowsTheFailure() throws {
        var manifest = SmallBundle.bundle.manifest
        manifest.models[0] = ModelClaim(role: .model, part: manifest.models[0].part, modelRoot: Array(repeating: 9, count: 32))
        let bundle = EvidenceBundle(manifest: manifest, parts: SmallBundle.bundle.parts)
        let page = BundleReport.html(bundle, verification: BundleVerifier.verify(bundle, inputs: SmallBundle.trusting), name: "b")
        XCTAssertTrue(page.contains("class=\"verdict invalid\">INVALID"))
        XCTAssertTrue(page.contains("<tr class=\"fail\"><td class=\"verdict\">FAIL</td><td><code>model[0].commitment</code>"))
        XCTAssertTrue(page.contains("id=\"srs-digest\""))
    }

    func testTrainingPageWithoutStepProofsSaysSo() {
        let bundle = TrainingClaimTests.bundle
        let page = BundleReport.html(bundle, verification: BundleVerifier.verify(bundle), name: "t")
        XCTAssertTrue(page.contains("id=\"training-loss\""))
        XCTAssertTrue(page.contains("id=\"training-accuracy\""))
        XCTAssertTrue(page.contains("the 3 steps are the run record's statement, not proved"))
    }
}

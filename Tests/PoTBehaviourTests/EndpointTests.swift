import Foundation
import PoTBehaviour
import PoTModels
import XCTest

/// Endpoint audits against loopback servers: an honest one serving the fixture model (SAME),
/// one serving another model (DIFFERENT), and misbehaving ones — dropped connections,
/// malformed JSON, wrong token counts, NaN log-probabilities — each of which must end the
/// run with an error line and never a score.
final class EndpointTests: XCTestCase {
    static let bank = TranscriptTests.bank
    static let k = 4

    struct Run {
        let lines: [String]
        let error: BehaviourError?
        let commitment: ChallengeCommitment
        let secret: AuditorSecret
        let contribution: Contribution
        let local: (root: String, model: ScoringModel)

        var records: [[String: Any]] { lines.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] } }
        var challenges: [[String: Any]] { records.filter { $0["type"] as? String == "challenge" } }
        var verification: Result<TranscriptVerification, BehaviourError> {
            Result { () throws(BehaviourError) in
                try TranscriptVerifier.verify(lines: lines, bank: EndpointTests.bank,
                                              inputs: VerificationInputs(published: commitment, contribution: contribution, secret: secret, local: local))
            }
        }
    }

    /// An audit of the fixture model (local reference) against the candidate served by `server`.
    func run(_ server: LoopbackServer, headers: [String] = [], environment: [String: String] = [:], retries: Int = 2,
             sequential: SequentialParameters = RecordedRun.cheap) throws -> Run {
        let settings = try EndpointSettings(url: server.url, model: "served", topK: 3, headers: headers.map { try HeaderSpec(parsing: $0) },
                                            timeout: 20, retries: retries, backoff: 0.01)
        let local = try ScoringModel(model: Fixture.load(Fixture.tinyBytes), continuationTokens: Self.k)
        let root = try ModelRoot.of(path: Fixture.tinyBytes, threads: 1)
        let parameters = try BehaviourParameters(
            mode: BehaviourParameters.custom, sequential: sequential, continuationTokens: Self.k, promptBankSHA256: Self.bank.sha256,
            scoringMethod: .topKTotalVariation, products: local.model.products, referenceRoot: root,
            candidateRoot: settings.record(role: .candidate).identity, contributionSource: "nonce of the candidate's owner")
        let secret = AuditorSecret.random()
        let commitment = ChallengeCommitment(secret: secret, runID: "endpoint-run", parameters: parameters)
        let contribution = Contribution.nonce()
        var lines: [String] = []
        var failure: BehaviourError?
        do {
            let scorer = EndpointScorer(local: local, client: try EndpointClient(settings: settings, environment: environment), role: .candidate)
            _ = try BehaviourRun(secret: secret, commitment: commitment, contribution: contribution, bank: Self.bank, scorer: scorer,
                                 modelRoots: (root, settings.record(role: .candidate).identity))
                .run(tool: "test", emit: { lines.append($0) })
        } catch let error as BehaviourError {
            failure = error
        }
        return Run(lines: lines, error: failure, commitment: commitment, secret: secret, contribution: contribution, local: (root, local))
    }

    // MARK: honest servers

    func testTheSameModelServedIsSameAndVerifiesFromTheRecordedLists() throws {
        for format in [ServedModel.Format.vLLM, .llamaCpp] {
            let served = try ServedModel(path: Fixture.tinyBytes, format: format)
            let server = try LoopbackServer { _, request in served.reply(request) }
            let run = try run(server)
            XCTAssertNil(run.error, "\(format)")
            XCTAssertEqual(run.records.last?["decision"] as? String, "SAME", "\(format)")
            let scores = run.challenges.map { $0["score"] as! Double }
            // The same rows on both sides, through the float32 log-probabilities' shortest JSON
            // form (pot serve's), score exactly 0.
            XCTAssertTrue(scores.allSatisfy { $0 == 0 }, "\(format): \(scores)")
            // Token ids went out, and the header names the endpoint the commitment binds.
            XCTAssertNotNil(server.requests[0].json["prompt"] as? [Int])
            XCTAssertEqual(server.requests[0].json["return_tokens_as_token_ids"] as? Bool, true)
            let header = run.records[0]["endpoint"] as! [String: Any]
            XCTAssertEqual(header["url"] as? String, server.url + "/v1/completions")
            XCTAssertEqual(header["top_k"] as? Int, 3)
            XCTAssertNil(header["served_model_root"], "a server whose model list has no pot_commitment announces no root")
            let answer = run.challenges[0]["endpoint"] as! [String: Any]
            XCTAssertEqual((answer["response_sha256"] as? String)?.count, 64)
            XCTAssertEqual(answer["prompt_form"] as? String, "token-ids")
            let verified = try run.verification.get()
            XCTAssertEqual(verified.recomputedDecision?.decision, "SAME")
            XCTAssertEqual(verified.rescored.count, run.challenges.count)
            XCTAssertEqual(verified.largestScoreDifference, 0)
        }
    }

    func testAnotherModelServedIsDifferent() throws {
        let served = try ServedModel(path: OneModelAtATimeTests.negatedBytes)
        let server = try LoopbackServer { _, request in served.reply(request) }
        let run = try run(server)
        XCTAssertNil(run.error)
        XCTAssertEqual(run.records.last?["decision"] as? String, "DIFFERENT")
        XCTAssertEqual(try run.verification.get().recomputedDecision?.decision, "DIFFERENT")
    }

    func testAnEditedTopKListIsCaughtByTheVerifier() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { _, request in served.reply(request) }
        let run = try run(server)
        var records = run.records
        let i = records.firstIndex { $0["type"] as? String == "challenge" }!
        var answer = records[i]["endpoint"] as! [String: Any]
        var lists = answer["top_logprobs"] as! [[Double]]
        lists[0][0] -= 1
        answer["top_logprobs"] = lists
        records[i]["endpoint"] = answer
        let edited = records.map { String(decoding: try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        let forged = Run(lines: edited, error: nil, commitment: run.commitment, secret: run.secret, contribution: run.contribution, local: run.local)
        guard case .failure(let error) = forged.verification else { return XCTFail("an edited top-k list verified") }
        XCTAssertTrue(error.description.contains("recorded score"), error.description)
    }

    // MARK: misbehaving servers

    /// A run against `reply` must stop at the first challenge with an error containing
    /// `expected`: a header, an error line, no score, and a transcript that does not verify.
    private func assertStops(_ what: String, expected: String, file: StaticString = #filePath, line: UInt = #line,
                             reply: @escaping @Sendable (ServedModel, LoopbackServer.Request) -> LoopbackServer.Reply) throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { _, request in reply(served, request) }
        let run = try run(server)
        let message = run.error?.description ?? ""
        XCTAssertTrue(message.contains(expected), "\(what): \(message)", file: file, line: line)
        XCTAssertEqual(run.records.map { $0["type"] as! String }, ["header", "error"], what, file: file, line: line)
        XCTAssertEqual(run.records.last?["error"] as? String, message, file: file, line: line)
        XCTAssertFalse(run.lines.joined().contains("\"score\""), "\(what): a score was recorded", file: file, line: line)
        guard case .failure(let error) = run.verification else { return XCTFail("\(what): verified", file: file, line: line) }
        XCTAssertTrue(error.description.contains("stopped without a decision"), error.description, file: file, line: line)
    }

    func testDroppedConnectionsAreRetriedThenAnError() throws {
        let server = try LoopbackServer { _, _ in .drop }
        let run = try run(server, retries: 2)
        XCTAssertTrue(run.error?.description.contains("after 3 attempts") == true, run.error?.description ?? "")
        XCTAssertEqual(server.requests.count, 3)
        try assertStops("dropped connections", expected: "attempts") { _, _ in .drop }
    }

    func testMalformedJSONIsAnError() throws {
        try assertStops("malformed JSON", expected: "not well-formed JSON") { _, _ in .http(status: 200, body: "{\"choices\": [") }
        try assertStops("no logprobs", expected: "no logprobs") { _, _ in
            .http(status: 200, body: "{\"choices\":[{\"text\":\"x\",\"logprobs\":null,\"finish_reason\":\"length\"}]}")
        }
        try assertStops("a duplicated key", expected: "duplicate") { served, request in
            let (tokens, top) = served.answer(request)
            var body = served.body(tokens: tokens, top: top)
            body = body.replacingOccurrences(of: "\"finish_reason\":\"length\"", with: "\"finish_reason\":\"length\",\"finish_reason\":\"stop\"")
            return .http(status: 200, body: body)
        }
    }

    func testWrongTokenCountsAreAnError() throws {
        try assertStops("a token short", expected: "3 tokens for max_tokens 4") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: Array(tokens.dropLast()), top: Array(top.dropLast())))
        }
        try assertStops("usage disagreeing", expected: "usage.completion_tokens") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: tokens, top: top).replacingOccurrences(of: "\"completion_tokens\":4", with: "\"completion_tokens\":5"))
        }
        try assertStops("a short top-k list", expected: "top log-probabilities where k = 3") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: tokens, top: top.map { Array($0.prefix(1)) }))
        }
        try assertStops("an id outside the vocabulary", expected: "outside the local vocabulary") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: [999_999] + tokens.dropFirst(), top: top))
        }
    }

    func testNaNLogProbabilitiesAreAnError() throws {
        try assertStops("NaN", expected: "NaN") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: tokens, top: top.map { $0.map { ($0.id, Float.nan) } }))
        }
        try assertStops("a positive log-probability", expected: "is not finite and ≤ 0") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: tokens, top: top.map { $0.map { ($0.id, 0.5) } }))
        }
        try assertStops("more than all the mass", expected: "not a probability distribution") { served, request in
            let (tokens, top) = served.answer(request)
            return .http(status: 200, body: served.body(tokens: tokens, top: top.map { $0.map { ($0.id, -0.01) } }))
        }
    }

    func testAFailureAfterScoredChallengesKeepsOnlyRealScores() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { index, request in index < 2 ? served.reply(request) : .http(status: 404, body: "{\"error\":\"gone\"}") }
        let run = try run(server)
        XCTAssertEqual(run.records.map { $0["type"] as! String }, ["header", "challenge", "challenge", "error"])
        XCTAssertTrue(run.error?.description.contains("challenge 2: ") == true && run.error?.description.contains("HTTP 404") == true,
                      run.error?.description ?? "")
        XCTAssertTrue(run.challenges.allSatisfy { ($0["score"] as! Double) < 1e-4 })
    }

    func testOverloadRepliesAreRetriedWithBackOff() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { index, request in
            switch index {
            case 0: .http(status: 503, body: "busy")
            case 1: .http(status: 429, body: "slow down", headers: ["Retry-After": "0"])
            default: served.reply(request)
            }
        }
        let run = try run(server)
        XCTAssertNil(run.error)
        XCTAssertEqual(run.records.last?["decision"] as? String, "SAME")
        XCTAssertEqual(server.requests.count, run.challenges.count + 2)
    }

    func testATokenIDPromptRefusedFallsBackToText() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { _, request in
            request.json["prompt"] is String ? served.reply(request) : .http(status: 400, body: "{\"error\":\"prompt must be a string\"}")
        }
        let run = try run(server)
        XCTAssertNil(run.error)
        XCTAssertTrue(run.challenges.allSatisfy { ($0["endpoint"] as! [String: Any])["prompt_form"] as? String == "text" })
        // Refused once, then text for the rest of the run.
        XCTAssertEqual(server.requests.count, run.challenges.count + 1)
    }

    func testHeaderValuesComeFromTheEnvironmentAndAreNeverRecorded() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let key = "sk-\(UUID().uuidString)"
        let server = try LoopbackServer { _, request in
            request.headers["authorization"] == "Bearer \(key)" ? served.reply(request) : .http(status: 401, body: "no key")
        }
        let run = try run(server, headers: ["Authorization: Bearer $POT_TEST_KEY"], environment: ["POT_TEST_KEY": key])
        XCTAssertNil(run.error)
        XCTAssertFalse(run.lines.joined().contains(key))
        XCTAssertEqual((run.records[0]["endpoint"] as! [String: Any])["header_names"] as? [String], ["Authorization"])

        // A server that echoes the request into its error: the key is blanked from the message and the transcript.
        let echo = try LoopbackServer { _, request in .http(status: 400, body: "bad request with \(request.headers["authorization"] ?? "")") }
        let echoed = try self.run(echo, headers: ["Authorization: Bearer ${POT_TEST_KEY}"], environment: ["POT_TEST_KEY": key])
        XCTAssertTrue(echoed.error?.description.contains("[Authorization value]") == true, echoed.error?.description ?? "")
        XCTAssertFalse(echoed.lines.joined().contains(key))
        XCTAssertFalse(echoed.error!.description.contains(key))

        let unset = try self.run(server, headers: ["Authorization: Bearer $POT_UNSET_VARIABLE"])
        XCTAssertTrue(unset.error?.description.contains("POT_UNSET_VARIABLE is not set") == true, unset.error?.description ?? "")
        XCTAssertTrue(unset.lines.isEmpty, "nothing runs without the key")
    }

    func testURLsCarryingKeysAreRefused() {
        for url in ["http://user:pw@127.0.0.1:1", "http://127.0.0.1:1/v1?api_key=x", "ftp://127.0.0.1/"] {
            XCTAssertThrowsError(try EndpointSettings(url: url, model: "m", topK: 3), url)
        }
        XCTAssertEqual(try EndpointSettings(url: "https://h.example/v1", model: "m", topK: 3).url.absoluteString, "https://h.example/v1/completions")
        XCTAssertEqual(try EndpointSettings(url: "http://h:8/v1/completions", model: "m", topK: 3).url.absoluteString, "http://h:8/v1/completions")
    }

    func testARateLimitSpacesRequests() throws {
        let served = try ServedModel(path: Fixture.tinyBytes)
        let server = try LoopbackServer { _, request in served.reply(request) }
        let settings = try EndpointSettings(url: server.url, model: "m", topK: 3, maxRequestsPerSecond: 10)
        let client = try EndpointClient(settings: settings)
        let start = ContinuousClock.now
        for _ in 0..<4 { _ = try client.complete(tokens: [1, 2, 3], text: "", maxTokens: 2, vocabularySize: 1 << 20) }
        XCTAssertGreaterThanOrEqual((ContinuousClock.now - start).seconds, 0.3, "4 requests at 10 per second take at least 0.3 s")
    }

    // MARK: the score

    /// A row against its own top-k list scores exactly 0, whatever k, for rows made as the runner
    /// makes them: float32 logits minus a float32 log-normaliser, whose rounding leaves the row's
    /// mass about 10^-6 off 1 (the reason the local side is not renormalised).
    func testTheSameDistributionOnBothSidesScoresZero() {
        var generator = SplitMix64(seed: 29)
        var offOne = 0.0
        for trial in 0..<200 {
            let v = 2 + Int(generator.next() % 3000), k = 1 + Int(generator.next() % UInt64(min(v, 64)))
            let logits = (0..<v).map { _ in Float(Double(generator.next() % 20_000) / 1000 - 10) }
            let norm = Float(log(logits.reduce(0.0) { $0 + exp(Double($1)) }))
            let row = logits.map { $0 - norm }
            offOne = max(offOne, abs(row.reduce(0.0) { $0 + exp(Double($1)) } - 1))
            let top = row.indices.sorted { row[$0] > row[$1] }.prefix(k).map { TopToken(id: Int32($0), logProb: row[$0]) }
            XCTAssertEqual(Distances.topKTotalVariation(full: row, top: top), 0, "trial \(trial): v = \(v), k = \(k)")
        }
        XCTAssertGreaterThan(offOne, 0, "some rows' mass is not exactly 1, so renormalising one side would not give 0")
    }

    /// TV_k ≤ TV ≤ TV_k + min(p(R), q(R)) on random distributions, and TV_k = TV when the
    /// list covers the vocabulary.
    func testTheTopKScoreBoundsTheFullDistance() {
        var generator = SplitMix64(seed: 17)
        for trial in 0..<500 {
            let v = 2 + Int(generator.next() % 40), k = 1 + Int(generator.next() % UInt64(v))
            func row() -> [Float] {
                let weights = (0..<v).map { _ in pow(Double(generator.next() % 1000 + 1) / 1000, 3) }
                let total = weights.reduce(0, +)
                return weights.map { Float(log($0 / total)) }
            }
            let p = row(), q = row()
            let top = q.indices.sorted { q[$0] > q[$1] }.prefix(k).map { TopToken(id: Int32($0), logProb: q[$0]) }
            guard let full = Distances.totalVariation(p, q), let coarse = Distances.topKTotalVariation(full: p, top: top) else {
                return XCTFail("trial \(trial): not distributions")
            }
            let restP = 1 - top.map { exp(Double(p[Int($0.id)])) }.reduce(0, +), restQ = 1 - top.map { exp(Double($0.logProb)) }.reduce(0, +)
            XCTAssertLessThanOrEqual(coarse, full + 1e-6, "trial \(trial)")
            XCTAssertLessThanOrEqual(full, coarse + max(0, min(restP, restQ)) + 1e-5, "trial \(trial)")
            if k == v { XCTAssertEqual(coarse, full, accuracy: 1e-5) }
        }
        let p: [Float] = [log(Float(0.5)), log(Float(0.5))]
        XCTAssertNil(Distances.topKTotalVariation(full: p, top: [TopToken(id: 0, logProb: log(0.9)), TopToken(id: 0, logProb: log(0.1))]), "an id twice")
        XCTAssertNil(Distances.topKTotalVariation(full: p, top: [TopToken(id: 2, logProb: -1)]), "an id outside")
        XCTAssertNil(Distances.topKTotalVariation(full: p, top: [TopToken(id: 0, logProb: .nan)]))
        XCTAssertEqual(Distances.topKTotalVariation(full: p, top: [TopToken(id: 0, logProb: 0)])!, 0.5, accuracy: 1e-9)
    }
}

import Testing
@testable import Sampling

@Suite struct ModelAttributionTests {
    func attribute(path: String, body: String, contentType: String? = nil) -> String? {
        Array(body.utf8).withUnsafeBytes { ModelAttribution.model(path: path, request: $0, contentType: contentType) }
    }

    @Test func thePathNamesTheModelFirst() {
        #expect(attribute(path: "/v1beta/models/gemini-2.0-flash:generateContent", body: "{\"contents\":[]}") == "gemini-2.0-flash")
    }

    @Test func theRequestBodysTopLevelModelIsUsed() {
        #expect(attribute(path: "/v1/chat/completions", body: "{\"messages\":[{\"model\":\"inner\"}],\"model\":\"gpt-4o\"}") == "gpt-4o")
    }

    @Test func escapedModelNamesAreDecoded() {
        #expect(attribute(path: "/api/chat", body: "{\"model\":\"llama3.1\\u003a8b\"}") == "llama3.1:8b")
    }

    @Test(arguments: [
        "{\"messages\":[]}",
        "{\"model\":42}",
        "{\"model\":\"\"}",
        "{\"model\":\"gpt-4o\"",
        "not json",
        "",
    ])
    func noModelIsFoundWhereThereIsNone(body: String) {
        #expect(attribute(path: "/v1/chat/completions", body: body) == nil)
    }

    @Test func aMultipartModelFieldIsUsed() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\nID3\u{1}\u{2}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ--\r\n"
        #expect(attribute(path: "/v1/audio/transcriptions", body: body, contentType: "multipart/form-data; boundary=XyZ") == "whisper-1")
    }
}

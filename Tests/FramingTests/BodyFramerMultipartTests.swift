import Framing
import Testing

@Suite("BodyFramer multipart")
struct BodyFramerMultipartTests {
    static let body = [
        "--XyZ123",
        "Content-Disposition: form-data; name=\"file\"; filename=\"secret-recording.mp3\"",
        "Content-Type: audio/mpeg",
        "",
        "\u{00}\u{01}binary-audio-bytes",
        "--XyZ123",
        "Content-Disposition: form-data; name=\"model\"",
        "",
        "whisper-1",
        "--XyZ123",
        "content-disposition: form-data; name=response_format",
        "",
        "verbose_json",
        "--XyZ123--",
        "",
    ].joined(separator: "\r\n")

    struct Field: Equatable {
        let name: String
        let isFile: Bool
        let value: String
    }

    func fields(_ body: String, contentType: String?) -> ([Field], Int?) {
        var fields: [Field] = []
        let count = Array(body.utf8).withUnsafeBytes { buffer in
            BodyFramer.formFields(buffer, contentType: contentType) { field in
                fields.append(Field(name: field.name, isFile: field.isFile, value: String(decoding: field.value, as: UTF8.self)))
            }
        }
        return (fields, count)
    }

    @Test("reads form fields with the boundary from the content type or from the first line", arguments: [
        "multipart/form-data; boundary=XyZ123", "multipart/form-data; boundary=\"XyZ123\"", nil,
    ])
    func formFields(contentType: String?) {
        let (fields, count) = fields(Self.body, contentType: contentType)
        #expect(count == 3)
        #expect(fields == [
            Field(name: "file", isFile: true, value: ""),
            Field(name: "model", isFile: false, value: "whisper-1"),
            Field(name: "response_format", isFile: false, value: "verbose_json"),
        ])
    }

    @Test("classifies multipart from the bytes alone and passes no documents")
    func classified() {
        let (framing, documents) = frame(Self.body)
        #expect(framing.format == .multipart)
        #expect(documents.isEmpty)
    }

    @Test("a body without a usable boundary has no fields")
    func noBoundary() {
        #expect(fields("just text", contentType: "multipart/form-data").1 == nil)
    }
}

import Shapes
import Testing

@Suite("StringFormat")
struct StringFormatTests {
    @Test("guesses formats from the bytes", arguments: [
        ("2024-05-01T12:30:00Z", StringFormat.dateTime),
        ("2024-05-01T12:30:00.123+02:00", .dateTime),
        ("2024-05-01", .date),
        ("123e4567-e89b-12d3-a456-426614174000", .uuid),
        ("https://api.example.com/v1/x?y=1", .uri),
        ("data:image/png;base64,iVBORw0KGgo=", .uri),
        ("AAAAgD8AAIA/AACAPwAAgD8=", .base64),
        ("3q2+7wAAgD9mZmY/zczMPQ==", .base64),
        ("42", .numberString),
        ("-0.125", .numberString),
        ("someone@example.org", .email),
        ("Hello, how are you today?", .none),
        ("gpt-4o-mini", .none),
        ("chatcmpl-9xYzAbCdEfGh", .none),
        ("abcdefghijklmnopqrstuvwx", .none),
        ("", .none),
    ])
    func guesses(text: String, format: StringFormat) {
        let guess = Array(text.utf8).withUnsafeBytes { StringFormat.guess($0) }
        #expect(guess == format)
    }

    @Test("a path reports the format of (almost) all its strings")
    func pathFormat() {
        let s = shape((0..<20).map { #"{"t": "2024-05-\#($0 % 28 + 10)T00:00:00Z", "u": "https:\/\/x.io\/\#($0)"}"# })
        #expect(s["$.t"]?.format == .dateTime)
        #expect(s["$.u"]?.format == .uri)
        let mixed = shape([#"{"t": "2024-05-01"}"#, #"{"t": "hello"}"#])
        #expect(mixed["$.t"]?.format == nil)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BodyFramer {
    /// The boundary of a multipart body: the content type's `boundary=` parameter, or else the
    /// first line of the body when it starts with `--`.
    public static func multipartBoundary(_ body: UnsafeRawBufferPointer, contentType: String?) -> [UInt8]? {
        if let contentType {
            let text = Array(contentType.utf8)
            let probe = text.withUnsafeBytes { find(Array("boundary=".utf8), in: $0, from: 0, caseInsensitive: true) }
            if let at = probe {
                var start = at + 9
                while start < text.count, text[start] == 0x20 { start += 1 }
                var end = start
                while end < text.count, text[end] != UInt8(ascii: ";") { end += 1 }
                while end > start, text[end - 1] == 0x20 { end -= 1 }
                if end - start >= 2, text[start] == UInt8(ascii: "\""), text[end - 1] == UInt8(ascii: "\"") {
                    start += 1
                    end -= 1
                }
                if end > start, end - start <= 200 { return Array(text[start..<end]) }
            }
        }
        guard body.count > 4, body[0] == UInt8(ascii: "-"), body[1] == UInt8(ascii: "-") else { return nil }
        var end = 2
        while end < body.count, end < 202, body[end] != 0x0D, body[end] != 0x0A { end += 1 }
        guard end > 2, end < body.count else { return nil }
        return Array(body[2..<end])
    }

    /// True when the body starts with `--boundary` and its first part has a `Content-Disposition`.
    static func looksLikeMultipart(_ body: UnsafeRawBufferPointer, from first: Int) -> Bool {
        guard first == 0, let boundary = multipartBoundary(body, contentType: nil) else { return false }
        let headerStart = 2 + boundary.count
        let window = UnsafeRawBufferPointer(rebasing: body[headerStart..<min(body.count, headerStart + 512)])
        return find(Array("content-disposition".utf8), in: window, from: 0, caseInsensitive: true) != nil
    }

    /// Reads the fields of a `multipart/form-data` body, calling `visit` for each; returns the
    /// number of fields, or nil when the body has no usable boundary or no part. File parts are
    /// reported without their bytes or file name.
    @discardableResult
    public static func formFields(
        _ body: UnsafeRawBufferPointer, contentType: String? = nil, visit: (FormField) -> Void
    ) -> Int? {
        guard let boundary = multipartBoundary(body, contentType: contentType) else { return nil }
        let delimiter = Array("--".utf8) + boundary
        guard var position = find(delimiter, in: body, from: 0) else { return nil }
        var fields = 0
        while true {
            position += delimiter.count
            // `--` after the delimiter closes the body.
            if position + 1 < body.count, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard let headersEnd = find(Array("\r\n\r\n".utf8), in: body, from: position) else { break }
            let headers = UnsafeRawBufferPointer(rebasing: body[position..<headersEnd])
            let contentStart = headersEnd + 4
            let next = find(Array("\r\n".utf8) + delimiter, in: body, from: contentStart)
            let contentEnd = next ?? body.count
            if let disposition = parseDisposition(headers) {
                let value = disposition.isFile
                    ? UnsafeRawBufferPointer(start: nil, count: 0)
                    : UnsafeRawBufferPointer(rebasing: body[contentStart..<contentEnd])
                visit(FormField(name: disposition.name, isFile: disposition.isFile, value: value))
                fields += 1
            }
            guard let next else { break }
            position = next + 2
        }
        return fields > 0 ? fields : nil
    }

    /// The `name` and whether a `filename` is present, from a part's headers.
    static func parseDisposition(_ headers: UnsafeRawBufferPointer) -> (name: String, isFile: Bool)? {
        guard let line = find(Array("content-disposition:".utf8), in: headers, from: 0, caseInsensitive: true) else { return nil }
        var lineEnd = line
        while lineEnd < headers.count, headers[lineEnd] != 0x0D, headers[lineEnd] != 0x0A { lineEnd += 1 }
        let text = UnsafeRawBufferPointer(rebasing: headers[line..<lineEnd])
        let isFile = find(Array("filename".utf8), in: text, from: 0, caseInsensitive: true) != nil
        guard let nameAt = findParameter(Array("name=".utf8), in: text) else { return nil }
        var start = nameAt
        var end: Int
        if start < text.count, text[start] == UInt8(ascii: "\"") {
            start += 1
            end = start
            while end < text.count, text[end] != UInt8(ascii: "\"") { end += 1 }
        } else {
            end = start
            while end < text.count, text[end] != UInt8(ascii: ";"), text[end] != 0x20 { end += 1 }
        }
        guard end > start, end - start <= 256 else { return nil }
        return (String(decoding: text[start..<end], as: UTF8.self), isFile)
    }

    /// Finds `name=` as a parameter (preceded by `;` or space), not inside `filename=`.
    static func findParameter(_ parameter: [UInt8], in text: UnsafeRawBufferPointer) -> Int? {
        var from = 0
        while let at = find(parameter, in: text, from: from, caseInsensitive: true) {
            if at == 0 || text[at - 1] == UInt8(ascii: ";") || text[at - 1] == 0x20 { return at + parameter.count }
            from = at + 1
        }
        return nil
    }

    /// The offset of the first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int, caseInsensitive: Bool = false) -> Int? {
        guard !needle.isEmpty, from <= haystack.count, haystack.count - from >= needle.count, let base = haystack.baseAddress else { return nil }
        if !caseInsensitive {
            let first = Int32(needle[0])
            var index = from
            let last = haystack.count - needle.count
            while index <= last {
                guard let found = memchr(base + index, first, last - index + 1) else { return nil }
                let at = UnsafeRawPointer(found) - base
                if memcmp(base + at, needle, needle.count) == 0 { return at }
                index = at + 1
            }
            return nil
        }
        let last = haystack.count - needle.count
        var index = from
        outer: while index <= last {
            for (offset, byte) in needle.enumerated() where haystack[index + offset] | 0x20 != byte | 0x20 {
                index += 1
                continue outer
            }
            return index
        }
        return nil
    }
}

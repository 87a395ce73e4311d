/// Writes AWS event stream frames (the inverse of the framer's reading): a prelude with its
/// CRC32, string headers, the payload, and the message CRC32. Used to generate logs and tests.
public enum EventStreamEncoder {
    /// One frame with `headers` (each a string value, type 7) and `payload`.
    public static func frame(headers: [(name: String, value: String)], payload: [UInt8]) -> [UInt8] {
        var headerBytes: [UInt8] = []
        for (name, value) in headers {
            let nameBytes = Array(name.utf8.prefix(255))
            let valueBytes = Array(value.utf8.prefix(Int(UInt16.max)))
            headerBytes.append(UInt8(nameBytes.count))
            headerBytes.append(contentsOf: nameBytes)
            headerBytes.append(7)
            headerBytes.append(UInt8(valueBytes.count >> 8))
            headerBytes.append(UInt8(valueBytes.count & 0xFF))
            headerBytes.append(contentsOf: valueBytes)
        }
        let total = EventStreamFramer.minimumFrameLength + headerBytes.count + payload.count
        var out: [UInt8] = []
        out.reserveCapacity(total)
        append(UInt32(total), to: &out)
        append(UInt32(headerBytes.count), to: &out)
        append(CRC32.checksum(out), to: &out)
        out.append(contentsOf: headerBytes)
        out.append(contentsOf: payload)
        append(CRC32.checksum(out), to: &out)
        return out
    }

    /// The headers of an `event` frame named `eventType` with a JSON payload.
    public static func eventHeaders(_ eventType: String) -> [(name: String, value: String)] {
        [(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")]
    }

    /// The headers of an `exception` frame of `exceptionType` with a JSON payload.
    public static func exceptionHeaders(_ exceptionType: String) -> [(name: String, value: String)] {
        [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")]
    }

    static func append(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(value >> 24))
        out.append(UInt8((value >> 16) & 0xFF))
        out.append(UInt8((value >> 8) & 0xFF))
        out.append(UInt8(value & 0xFF))
    }
}

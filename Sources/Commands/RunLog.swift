import Foundation
import Report

/// What a run says while it works, on stderr: logfmt lines when stderr is not a terminal (cron
/// mail, journald), one rewritten progress line when it is. Never body text: model names,
/// endpoints, catalog ids and figures only.
final class RunLog: @unchecked Sendable {
    private let context: CommandContext
    private let lock = NSLock()
    private var progressShown = false

    init(_ context: CommandContext) {
        self.context = context
    }

    /// One event with its fields, in order.
    func event(_ name: String, level: String = "info", _ fields: KeyValuePairs<String, String> = [:]) {
        guard !context.isTerminal else { return }
        var line = "ts=\(Date().ISO8601Format()) level=\(level) event=\(name)"
        for (key, value) in fields { line += " \(key)=\(Self.logfmt(value))" }
        write(line + "\n")
    }

    /// The progress line on a terminal; nothing otherwise.
    func progress(_ done: Int, of total: Int, _ what: String) {
        guard context.isTerminal else { return }
        let text = "[\(done)/\(total)] \(TerminalText.escaped(what))"
        write("\r\u{1B}[2K" + String(text.prefix(99)))
        lock.withLock { progressShown = true }
    }

    /// Ends the progress line before other output.
    func finishProgress() {
        let shown = lock.withLock { progressShown }
        if shown { write("\r\u{1B}[2K") }
    }

    private func write(_ text: String) {
        lock.withLock { context.err(text) }
    }

    /// A logfmt value: bare when safe, quoted with escapes otherwise.
    static func logfmt(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "=" && $0 != "\\"
        }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

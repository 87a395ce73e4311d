/// One part of a usage line, made from declarations so that it spells each option as parsing
/// does: `--db PATH`, `[--samples K]`, `(--model M | --requests)`, `set`.
public indirect enum UsageTerm: Sendable {
    /// An option as it is written: `--db PATH`.
    case declared(OptionDeclaration)
    /// A literal word: a positional argument's value (`override set`).
    case word(String)
    /// Terms that may be left out: `[--init [--mappings-db PATH]]`.
    case bracketed([UsageTerm])
    /// One of several sequences: `(--model M [--endpoint E] | --requests)`.
    case alternatives([[UsageTerm]])
    /// Every option the command declares that the line does not name, each in brackets.
    case otherOptions

    /// `option`, written as it must be given.
    public static func option(_ option: some DeclaredOption) -> UsageTerm { .declared(option.declaration) }

    /// `option` in brackets: it may be left out.
    public static func optional(_ option: some DeclaredOption) -> UsageTerm { .bracketed([.declared(option.declaration)]) }

    /// `option` as its declaration has it: bare when required, in brackets otherwise.
    public static func asDeclared(_ option: any DeclaredOption) -> UsageTerm {
        option.declaration.isRequired ? .declared(option.declaration) : .bracketed([.declared(option.declaration)])
    }

    /// The term as a usage line shows it.
    public var text: String {
        switch self {
        case .declared(let declaration):
            return declaration.label
        case .word(let word):
            return word
        case .bracketed(let terms):
            if terms.count == 1, case .alternatives(let sequences) = terms[0] { return "[" + Self.text(of: sequences) + "]" }
            return "[" + terms.map(\.text).joined(separator: " ") + "]"
        case .alternatives(let sequences):
            return "(" + Self.text(of: sequences) + ")"
        case .otherOptions:
            return "[options]"
        }
    }

    private static func text(of sequences: [[UsageTerm]]) -> String {
        sequences.map { $0.map(\.text).joined(separator: " ") }.joined(separator: " | ")
    }

    /// Every declaration the term names.
    public var declarations: [OptionDeclaration] {
        switch self {
        case .declared(let declaration): return [declaration]
        case .word, .otherOptions: return []
        case .bracketed(let terms): return terms.flatMap(\.declarations)
        case .alternatives(let sequences): return sequences.flatMap { $0.flatMap(\.declarations) }
        }
    }

    /// `terms` with `otherOptions` replaced by the options of `declared` they do not name.
    static func expanding(_ terms: [UsageTerm], declared: [any DeclaredOption]) -> [UsageTerm] {
        let named = Set(terms.flatMap(\.declarations).map(\.name))
        return terms.flatMap { term -> [UsageTerm] in
            guard case .otherOptions = term else { return [term] }
            return declared.filter { !named.contains($0.declaration.name) }.map { .bracketed([.declared($0.declaration)]) }
        }
    }
}

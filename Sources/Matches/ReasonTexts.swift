import Catalog

/// The texts of one match's reasons that name a shape's paths (`response $.usage.cost`), each
/// built once and numbered by its text: every entry's scorer names paths of the same shapes, and
/// listing them (unique, in order) then compares numbers instead of hashing texts.
///
/// Used by one match on one thread, then dropped.
final class ReasonTexts {
    /// The texts by number.
    private(set) var texts: [String] = []
    /// Per number, true when the text starts with `request ` (requests' paths are listed last).
    private(set) var isRequest: [Bool] = []
    /// Per number, the number of its class: texts equal as `String`s (canonically equivalent)
    /// share one, as they would in a `Set<String>`.
    private var classes: [Int] = []
    private var classNumbers: [String: Int] = [:]
    /// Per class, the last `list` call that met it (no set built per list).
    private var listed: [Int] = []
    private var listing = 0
    /// Per shape and label, the numbers of the texts already built for its places.
    private var labelledIndex: [LabelKey: Labelled] = [:]

    /// A new number for `text` (the same text may get several; lists compare their classes).
    func number(_ text: String) -> Int {
        let number = texts.count
        texts.append(text)
        isRequest.append(text.hasPrefix("request "))
        if let known = classNumbers[text] {
            classes.append(known)
        } else {
            classes.append(number)
            classNumbers[text] = number
        }
        listed.append(0)
        return number
    }

    /// The numbers of `label + " " + path` for each place of `views`.
    func numbers(_ places: [ShapeViews.Place], label: String, in views: ShapeViews) -> [Int] {
        guard !places.isEmpty else { return [] }
        let key = LabelKey(views: ObjectIdentifier(views), label: ExactText(label))
        let labelled: Labelled
        if let known = labelledIndex[key] {
            labelled = known
        } else {
            labelled = Labelled()
            labelledIndex[key] = labelled
        }
        var result: [Int] = []
        result.reserveCapacity(places.count)
        for place in places {
            if let known = labelled.number(of: place) {
                result.append(known)
                continue
            }
            let number = number(label + " " + views.pathText(place))
            labelled.remember(number, for: place)
            result.append(number)
        }
        return result
    }

    /// As `EntryScorer.list(_:limit:)` over the texts: the unique ones (by `String` equality) in
    /// order, at most `limit`, then a count of the rest.
    func list(_ numbers: [Int], limit: Int = 6) -> String {
        listing += 1
        var shown = ""
        var unique = 0
        for number in numbers {
            let textClass = classes[number]
            guard listed[textClass] != listing else { continue }
            listed[textClass] = listing
            if unique < limit {
                if unique > 0 { shown += ", " }
                shown += texts[number]
            }
            unique += 1
        }
        return unique > limit ? shown + " (+\(unique - limit) more)" : shown
    }

    private struct LabelKey: Hashable {
        let views: ObjectIdentifier
        let label: ExactText
    }

    /// The numbers of one label's texts for one shape's places.
    private final class Labelled {
        /// By view number; -1 when not built yet.
        var views: [Int] = []
        var members: [Int: [(key: String, number: Int)]] = [:]

        func number(of place: ShapeViews.Place) -> Int? {
            switch place {
            case .view(let view):
                guard view < views.count, views[view] >= 0 else { return nil }
                return views[view]
            case .member(let parent, let key):
                return members[parent]?.first { ExactText.sameBytes($0.key, key) }?.number
            }
        }

        func remember(_ number: Int, for place: ShapeViews.Place) {
            switch place {
            case .view(let view):
                if view >= views.count { views += repeatElement(-1, count: view + 1 - views.count) }
                views[view] = number
            case .member(let parent, let key):
                members[parent, default: []].append((key, number))
            }
        }
    }
}

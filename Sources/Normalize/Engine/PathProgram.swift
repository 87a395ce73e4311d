import Catalog

/// The JSONPaths of a field map compiled into one trie per body kind, so a single scan of a body
/// finds every value the map names and nothing else.
///
/// A node is a position in a document (`$`, `$.usage`, `$.choices[*]`); its actions say what to
/// do with the value found there: keep it in a slot, or open an item of an array-valued role
/// (one message, one tool call) whose fields are read by the paths hung below it.
///
/// A filter step (`$.parts[?@.thought != true]`) is a node reached by every element like `[*]`;
/// below it hang, beside the path's own steps, the filter's queries with `test` actions. The
/// scan keeps an element's captures provisionally and drops them when, at the element's end, the
/// filter rejects what its queries found (a member may come after the text it qualifies).
struct PathProgram: Sendable {
    /// How a slot keeps what it finds.
    enum Mode: UInt8, Sendable {
        /// Decode strings, keep scalars, count containers.
        case value
        /// Like `value`, and re-serialise containers as compact JSON (tool-call arguments).
        case json
        /// Measure strings without decoding them (base64 vectors), count containers.
        case measure
    }

    /// What happens when a value sits at a node.
    enum Action: Sendable {
        /// Keep the value in a slot.
        case capture(slot: Int32)
        /// The value is one item (object or string) or a list of items (array) of a group.
        case items(group: Int32, rank: Int32)
        /// The value is what query `operand` of the filter at node `scope` finds in the element
        /// under test (`filterOperands` of the filter).
        case test(scope: Int32, operand: Int32)
    }

    /// A node while the program is built; `finalize()` flattens the nodes into `flatNodes`.
    struct Node: Sendable {
        var keys: [(key: [UInt8], node: Int32)] = []
        var indexes: [(index: Int, node: Int32)] = []
        /// `[*]`: every array element and every object member value.
        var wildcard: Int32 = -1
        /// Array elements only: where the fields of an array-valued role's items hang.
        var elements: Int32 = -1
        /// `[?…]`: the elements and member values a filter (index in `filters`) admits.
        var filters: [(filter: Int32, node: Int32)] = []
        var actions: [Action] = []
    }

    /// A node as the scan reads it: ranges into `keyEdges`, `indexEdges` and `actions`, so a
    /// lookup touches plain values only (no reference counting).
    struct FlatNode: Sendable {
        var keyStart: Int32 = 0
        var keyEnd: Int32 = 0
        var indexStart: Int32 = 0
        var indexEnd: Int32 = 0
        var actionStart: Int32 = 0
        var actionEnd: Int32 = 0
        var wildcard: Int32 = -1
        var elements: Int32 = -1
        var filterStart: Int32 = 0
        var filterEnd: Int32 = 0
    }

    /// A filter child: the filter (index in `filters`) and the node of the elements it admits.
    struct FilterEdge: Sendable {
        var filter: Int32
        var node: Int32
    }

    /// A member name leading to a child node: its length, its first eight bytes (zero-padded,
    /// little-endian) and where the rest lies in `keyBytes`.
    struct KeyEdge: Sendable {
        var length: Int32
        var node: Int32
        var prefix: UInt64
        var bytesStart: Int32
    }

    /// A slot of `keyTable`: an edge filed under its parent node, length and first word.
    struct KeySlot: Sendable {
        /// The parent node, or -1 for an empty slot.
        var owner: Int32 = -1
        var length: Int32 = 0
        var prefix: UInt64 = 0
        var bytesStart: Int32 = 0
        var node: Int32 = -1
    }

    struct IndexEdge: Sendable {
        var index: Int
        var node: Int32
    }

    /// Where a slot's values go.
    struct Slot: Sendable {
        /// The role spec the slot reads for.
        var spec: Int32
        /// The item group, or -1 for a top-level value.
        var group: Int32
        /// The field's slot inside an item of the group (unused at top level).
        var local: Int32
        /// The path's preference rank (0 = most preferred).
        var rank: Int32
        var mode: Mode
    }

    /// An array-valued role (or the `tool_calls` of each message): its items and their fields.
    struct Group: Sendable {
        var spec: Int32
        /// The group whose current item owns these items (message → its tool calls), or -1.
        var parent: Int32
        /// Item key (`role`, `text`, …) → local slot per path rank.
        var fields: [String: [Int32]]
        var localCount: Int32
        /// The nested group holding each item's `tool_calls`, or -1.
        var toolCallGroup: Int32 = -1
    }

    /// A group as the scan reads it.
    struct GroupInfo: Sendable {
        var parent: Int32
        var localCount: Int32
        var toolCallGroup: Int32
    }

    /// One role as this program reads it.
    struct RoleSpec: Sendable {
        var role: Role
        /// The role as the normalizer acts on it.
        var code: RoleCode
        /// The binding (one link of the role's chain: the binding itself or one of its fallbacks).
        var binding: RoleBinding
        /// The link's position in the role's chain (0 = the binding itself).
        var level: Int32
        /// For stream programs: the draft the values go to (stream roles before response roles,
        /// then by level; FIELD_MAP.md section 5.4).
        var draft: Int32 = 0
        /// For the plain-text selector: the values (lowercased) that ask for plain text.
        var accepted: Set<String>? = nil
        /// For stream programs: the event the values count for (`nil` or `*` = every event).
        var event: String?
        /// Top-level slots by rank (empty for item roles).
        var slots: [Int32]
        /// The item group, or -1.
        var group: Int32

        func reads(event name: String) -> Bool {
            event == nil || event == "*" || event == name
        }
    }

    /// What reading a role needs, as plain values (the hot path never copies a `RoleSpec`).
    struct SpecInfo: Sendable {
        var code: RoleCode
        /// The link's position in the role's chain.
        var level: Int32
        /// For stream programs: the draft the values go to.
        var draft: Int32
        /// For stream programs: how values of several events combine.
        var assemble: RoleBinding.Assembly
        /// The body kind the binding reads.
        var body: BodyKind
        /// Index in `eventNames` of the one event read, or -1 for every event.
        var event: Int32
        /// Top-level slots are `firstSlot ..< firstSlot + slotCount`, by rank.
        var firstSlot: Int32
        var slotCount: Int32
        /// The item group, or -1.
        var group: Int32
        var confidence: Double?
        var tokens: TokenConvention?
    }

    /// An item field's local slots: `start ..< start + count`, by rank.
    struct Locals: Sendable {
        var start: Int32 = 0
        var count: Int32 = 0
    }

    /// The item fields the normalizer reads, resolved once per group.
    struct KnownFields: Sendable {
        var role = Locals()
        var text = Locals()
        var id = Locals()
        var name = Locals()
        var arguments = Locals()
        var toolCallID = Locals()
        var index = Locals()
    }

    var nodes: [Node] = [Node()]
    var slots: [Slot] = []
    var groups: [Group] = []
    var specs: [RoleSpec] = []
    /// Per spec, what reading it needs (filled by `finalize()`).
    var infos: [SpecInfo] = []
    /// Per group, its known item fields (filled by `finalize()`).
    var known: [KnownFields] = []
    var groupInfos: [GroupInfo] = []
    /// Per slot, the spec it reads for when top-level, else -1 (filled by `finalize()`).
    var slotSpec: [Int32] = []
    /// True when some path has a negative index (`[-1]`).
    var hasNegativeIndexes = false
    /// Per node, its parent in the trie (-1 for the root).
    var parents: [Int32] = []

    /// True when `node` is `ancestor` or lies below it in the trie.
    func isAt(_ node: Int32, orBelow ancestor: Int32) -> Bool {
        var current = node
        while current >= 0 {
            if current == ancestor { return true }
            current = parents[Int(current)]
        }
        return false
    }
    /// Per group, the spec whose top-level items it holds, else -1 (filled by `finalize()`).
    var groupSpec: [Int32] = []
    /// The event names specs are restricted to.
    var eventNames: [String] = []
    var flatNodes: [FlatNode] = []
    var keyEdges: [KeyEdge] = []
    var keyBytes: [UInt8] = []
    /// Every key edge in an open-addressing table keyed by (parent, length, first word).
    var keyTable: [KeySlot] = [KeySlot()]
    var indexEdges: [IndexEdge] = []
    var filterEdges: [FilterEdge] = []
    /// The distinct filters of the paths, and per filter the queries its `test` actions number.
    var filters: [JSONPathFilter] = []
    var filterOperands: [[JSONPathFilter.Query]] = []
    /// Per node, the filter whose admitted elements it stands for, or -1 (filled by `finalize()`).
    var nodeFilter: [Int32] = []
    var actions: [Action] = []
    /// The slot holding `$.<event_key>` of stream events, or -1.
    var eventKeySlot: Int32 = -1

    /// The `keyTable` slot where a search for (owner, length, prefix) starts.
    @inline(__always)
    static func keyHash(owner: Int32, length: Int32, prefix: UInt64, mask: Int) -> Int {
        var hash = prefix &* 0x9E37_79B9_7F4A_7C15
        hash ^= UInt64(UInt32(bitPattern: owner)) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(UInt32(bitPattern: length))
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash) & mask
    }

    var isEmpty: Bool { specs.isEmpty && eventKeySlot < 0 }
}

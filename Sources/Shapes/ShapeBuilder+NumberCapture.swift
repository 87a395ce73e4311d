/// Integers of the documents being scanned, by node, until their commit turns them into the
/// shape's ``NumberSamples`` (by path); a rollback forgets them. Only while the shape still has
/// room for documents: afterwards the scan pays one branch per integer.
extension ShapeBuilder {
    /// The integers of the documents scanned since the last commit.
    struct NumberCapture: Sendable {
        /// False once the shape keeps enough documents.
        var active = false
        var nodes: [Int32] = []
        var values: [Int64] = []
        /// Where the open document's integers start.
        var documentStart = 0
        /// Where each ended (kept) document's integers end, and its size in bytes.
        var documentEnds: [Int] = []
        var documentSizes: [Int] = []
        /// The size in bytes of the document being scanned.
        var documentSize = 0
        /// Node → its path's number in the shape's samples, for the nodes seen so far (one path
        /// built and hashed per node, not per value); forgotten when map detection may renumber.
        var pathNumbers: [Int32: Int32] = [:]
        /// The open document's first integer, held until a second comes (a document is kept
        /// with two or more): most stream events carry one and never touch the arrays.
        var heldNode: Int32 = -1
        var heldValue: Int64 = 0

        init() {}

        /// Forgets everything and (de)activates for the next documents.
        mutating func reset(active: Bool) {
            self.active = active
            if !nodes.isEmpty {
                nodes.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
            }
            if !documentEnds.isEmpty {
                documentEnds.removeAll(keepingCapacity: true)
                documentSizes.removeAll(keepingCapacity: true)
            }
            documentStart = 0
            documentSize = 0
            heldNode = -1
        }

        /// Keeps one integer of the open document, while it has room.
        @inline(__always)
        mutating func add(_ node: Int32, _ value: Double) {
            guard let integer = Int64(exactly: value) else { return }
            guard heldNode >= 0 else {
                heldNode = node
                heldValue = integer
                return
            }
            if nodes.count == documentStart {
                nodes.append(heldNode)
                values.append(heldValue)
            }
            guard nodes.count - documentStart < NumberSamples.maximumValues else { return }
            nodes.append(node)
            values.append(integer)
        }

        /// Ends the open document: kept when it has enough integers, else dropped. Stops
        /// capturing once the pending documents would fill the shape's room.
        mutating func endDocument(room: Int) {
            heldNode = -1
            let count = nodes.count - documentStart
            guard count > 0 else { return }
            if count < NumberSamples.minimumValues {
                nodes.removeLast(count)
                values.removeLast(count)
            } else {
                documentEnds.append(nodes.count)
                documentSizes.append(documentSize)
                documentStart = nodes.count
                if documentEnds.count >= room { active = false }
            }
        }
    }

    /// Merges `other` into the shape; the node numbers may change, so their paths are forgotten.
    mutating func merge(_ other: Shape) {
        shape.merge(other)
        capture.pathNumbers.removeAll()
    }

    /// Ends the open document's capture (see `NumberCapture.endDocument(room:)`).
    mutating func endNumberCapture() {
        guard capture.active || capture.nodes.count > capture.documentStart else { return }
        capture.endDocument(room: NumberSamples.maximumDocuments - shape.numberSamples.documentCount)
    }

    /// Moves the ended documents' integers into the shape by path (before map detection can
    /// renumber nodes).
    mutating func commitNumberCapture() {
        endNumberCapture()
        if !capture.documentEnds.isEmpty {
            var start = 0
            for (end, size) in zip(capture.documentEnds, capture.documentSizes) {
                guard !shape.numberSamples.isFull else { break }
                var document: [(path: Int32, value: Int64)] = []
                document.reserveCapacity(end - start)
                for index in start..<end {
                    let node = capture.nodes[index]
                    let number: Int32
                    if let known = capture.pathNumbers[node] {
                        number = known
                    } else {
                        number = shape.numberSamples.number(of: shape.nodePath(node))
                        capture.pathNumbers[node] = number
                    }
                    document.append((number, capture.values[index]))
                }
                shape.numberSamples.add(numbered: document, size: size)
                start = end
            }
        }
        capture.reset(active: capturesNumbers && !shape.numberSamples.isFull)
    }
}

extension Shape {
    /// The path that leads to node `number`.
    func nodePath(_ number: Int32) -> ShapePath {
        var components: [ShapePath.Component] = []
        var index = number
        while index > Shape.rootNumber {
            let node = nodes[Int(index)]
            let parent = node.parent
            if parent < 0 { break }
            if nodes[Int(parent)].items == index {
                components.append(.items)
            } else if node.isMapValue || nodes[Int(parent)].isMap {
                components.append(.mapValue)
            } else {
                components.append(.key(keyString(index)))
            }
            index = parent
        }
        return ShapePath(components.reversed())
    }
}

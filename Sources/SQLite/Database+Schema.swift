extension Database {
    /// Whether a table (or view) exists.
    public func tableExists(_ name: String) throws(DatabaseError) -> Bool {
        try scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [name]) ?? 0 > 0
    }

    /// The columns of a table, in order, with their declared types.
    public func columns(of table: String) throws -> [(name: String, type: String)] {
        try fetchAll("SELECT name, type FROM pragma_table_info(?)", [table]) {
            ($0.string(at: 0) ?? "", $0.string(at: 1) ?? "")
        }
    }

    /// The columns of each index of a table, by index name.
    public func indexes(of table: String) throws -> [String: [String]] {
        let names = try fetchAll("SELECT name FROM pragma_index_list(?)", [table]) { $0.string(at: 0) ?? "" }
        var result: [String: [String]] = [:]
        for name in names {
            result[name] = try fetchAll("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [name]) {
                $0.string(at: 0) ?? ""
            }
        }
        return result
    }

    /// SQLite's `PRAGMA quick_check`: every page of every table and index is read and its
    /// structure checked (not index contents against rows). Returns the problems found, at most
    /// `limit`, or an empty array when the file is sound. Damage severe enough to stop the check
    /// is returned as a problem too, never thrown, so a caller can refuse to write either way.
    public func quickCheck(limit: Int = 10) throws(DatabaseError) -> [String] {
        do {
            let lines = try fetchAll("PRAGMA quick_check(\(max(1, limit)))") { $0.string(at: 0) ?? "" }
            return lines == ["ok"] ? [] : lines
        } catch let error as DatabaseError where error.isCorrupt {
            return [error.message]
        } catch let error as DatabaseError {
            throw error
        } catch {
            return ["\(error)"]
        }
    }
}


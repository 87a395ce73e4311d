extension FixtureManifest {
    /// The exchange named `name` (`openai.chat_completions/plain`).
    public func exchange(named name: String) throws -> FixtureExchange {
        guard let exchange = exchanges.first(where: { $0.name == name }) else {
            throw FixtureError(message: "no fixture exchange \(name) in \(directory.path)/manifest.json")
        }
        return exchange
    }

    /// An exchange as the gateway would log it for `model`: the fixture's model replaced by
    /// `model` in both bodies and in the path.
    public func rendered(_ exchange: FixtureExchange, model: String) throws
        -> (request: [UInt8]?, response: [UInt8]?, path: String)
    {
        let fixtureModel = exchange.model ?? ""
        func render(_ file: String?) throws -> [UInt8]? {
            try file.map { replacing(try bytes($0), Array(fixtureModel.utf8), with: Array(model.utf8)) }
        }
        return (try render(exchange.request), try render(exchange.response), replacing(exchange.path, fixtureModel, with: model))
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small namespace-resolved XML tree, enough to read RDF/XMP whatever prefixes a writer
/// chose. Document type declarations are refused outright: an XMP packet never needs one,
/// and refusing them closes the door on entity tricks.
final class XMLElement {
    let namespace: String
    let name: String
    /// Attributes keyed by `namespace + name`.
    let attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""

    init(namespace: String, name: String, attributes: [String: String]) {
        self.namespace = namespace
        self.name = name
        self.attributes = attributes
    }

    func `is`(_ namespace: String, _ name: String) -> Bool {
        self.namespace == namespace && self.name == name
    }

    func attribute(_ namespace: String, _ name: String) -> String? {
        attributes[namespace + name]
    }

    /// Every element in the tree, depth first.
    var descendants: [XMLElement] {
        children.flatMap { [$0] + $0.descendants }
    }
}

enum XMLTreeError: Error {
    case notUTF8
    case declaresDocumentType
    case malformed
    case tooDeep
}

enum XMLTree {
    static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        var trimmed = bytes
        while let last = trimmed.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 {
            trimmed.removeLast()
        }
        // XMP in photos is UTF-8. Another encoding (NUL bytes, a UTF-16 byte-order mark) could
        // hide a document type declaration from the check below, so it is refused.
        if trimmed.contains(0) || trimmed.starts(with: [0xFE, 0xFF]) || trimmed.starts(with: [0xFF, 0xFE]) {
            throw XMLTreeError.notUTF8
        }
        if trimmed.firstRange(of: Array("<!DOCTYPE".utf8)) != nil || trimmed.firstRange(of: Array("<!ENTITY".utf8)) != nil {
            throw XMLTreeError.declaresDocumentType
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(trimmed))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        // FoundationXML can report success after an error; its recorded error decides.
        guard parser.parse(), parser.parserError == nil, builder.failure == nil, let root = builder.root else {
            throw builder.failure ?? XMLTreeError.malformed
        }
        return root
    }
}

/// Builds the tree while resolving `prefix:name` through the `xmlns` declarations in scope.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    static let maxDepth = 64
    var root: XMLElement?
    var failure: XMLTreeError?
    private var stack: [XMLElement] = []
    private var scopes: [[String: String]] = [["xml": "http://www.w3.org/XML/1998/namespace"]]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard stack.count < Self.maxDepth else {
            failure = .tooDeep
            parser.abortParsing()
            return
        }
        var scope = scopes.last!
        for (key, value) in attributes {
            if key == "xmlns" { scope[""] = value }
            else if key.hasPrefix("xmlns:") { scope[String(key.dropFirst(6))] = value }
        }
        scopes.append(scope)
        var resolved: [String: String] = [:]
        for (key, value) in attributes where key != "xmlns" && !key.hasPrefix("xmlns:") {
            let (prefix, local) = split(key)
            // Unprefixed attributes belong to no namespace; RDF writers always prefix them.
            let namespace = prefix.map { scope[$0] ?? "" } ?? ""
            resolved[namespace + local] = value
        }
        let (prefix, local) = split(elementName)
        let element = XMLElement(namespace: scope[prefix ?? ""] ?? "", name: local, attributes: resolved)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        scopes.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    private func split(_ name: String) -> (String?, String) {
        guard let colon = name.firstIndex(of: ":") else { return (nil, name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }
}

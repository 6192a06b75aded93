/// A small namespace-resolved XML tree, enough to read RDF/XMP whatever prefixes a writer
/// chose.
///
/// The packet is read by a parser written for this subset of XML (elements, attributes,
/// text, CDATA, comments, processing instructions), in Swift, with every read bounds-checked:
/// no hostile byte can reach a C parser, switch its text encoding or make it expand an entity.
/// Document type declarations are refused outright: an XMP packet never needs one, and
/// refusing them closes the door on entity tricks.
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
        var all: [XMLElement] = []
        var pending = Array(children.reversed())
        while let next = pending.popLast() {
            all.append(next)
            pending += next.children.reversed()
        }
        return all
    }
}

/// Why a packet could not be read, in words that follow its name ("the photo's XMP ...").
enum XMLTreeError: Error, Equatable, CustomStringConvertible {
    /// A text encoding that is not a form of Unicode (UTF-7, Latin-1, EBCDIC...), by its label.
    case unsupportedEncoding(String)
    /// Bytes that are not valid in the encoding the packet is written in.
    case invalidText(String)
    /// The XML declaration names a form of Unicode the bytes are not in.
    case encodingMismatch(declared: String, actual: String)
    /// A character XML does not allow (a NUL or another control character).
    case forbiddenCharacter(UInt32)
    case declaresDocumentType
    case malformed(String)
    case tooDeep
    case tooManyElements
    /// With the photo's other packets.
    case tooManyElementsInAll
    case tooManyReferences

    var description: String {
        switch self {
        case let .unsupportedEncoding(label): "is written in a text encoding Photogate cannot read (\(label))"
        case let .invalidText(encoding): "is not valid \(encoding) text"
        case let .encodingMismatch(declared, actual): "says it is written in \(declared) but is written in \(actual)"
        case let .forbiddenCharacter(value): "contains a character XML does not allow (U+\(String(value, radix: 16, uppercase: true)))"
        case .declaresDocumentType: "declares a document type or entities, which XMP never needs"
        case let .malformed(detail): "is damaged (\(detail))"
        case .tooDeep: "is nested more than \(XMLTree.maxDepth) levels deep"
        case .tooManyElements: "has more than \(XMLTree.maxElements) elements"
        case .tooManyElementsInAll: "was not read: the photo's XMP has more than \(XMLTree.maxElements) elements in all"
        case .tooManyReferences: "has more than \(XMLTree.maxReferences) character references"
        }
    }
}

enum XMLTree {
    static let maxDepth = 64
    /// The most elements read for one photo, all its packets together.
    static let maxElements = 200_000
    /// Real packets use a handful (`&amp;`, escaped line ends, at most a few thousand where a
    /// writer escapes every accented letter); each costs more to read than a plain character.
    static let maxReferences = 100_000

    /// Parses with at most `elementBudget` elements, and takes those read from it: the
    /// elements of all the packets of one photo are capped together.
    static func parse(_ bytes: [UInt8], elementBudget: inout Int) throws(XMLTreeError) -> XMLElement {
        var reader = TreeReader(text: try XMLText.utf8(bytes), elementLimit: elementBudget)
        defer { elementBudget -= reader.elements }
        return try reader.document()
    }
}

/// Turns the bytes of a packet into checked UTF-8 text: UTF-8, UTF-16 and UTF-32 (each with
/// or without a byte-order mark) are read; a declared encoding must agree with the bytes;
/// every character must be one XML allows.
enum XMLText {
    private enum Form: Equatable {
        case utf8, utf16BigEndian, utf16LittleEndian, utf32BigEndian, utf32LittleEndian

        var name: String {
            switch self {
            case .utf8: "UTF-8"
            case .utf16BigEndian, .utf16LittleEndian: "UTF-16"
            case .utf32BigEndian, .utf32LittleEndian: "UTF-32"
            }
        }
    }

    static func utf8(_ bytes: [UInt8]) throws(XMLTreeError) -> [UInt8] {
        let (form, start) = detect(bytes)
        if form == .utf8 { return try checkedUTF8(bytes[start...]) }
        var scalars: [Unicode.Scalar]
        if form == .utf16BigEndian || form == .utf16LittleEndian {
            let units = try codeUnits(bytes[start...], width: 2, bigEndian: form == .utf16BigEndian, form: form).map { UInt16($0) }
            scalars = try decode(units, as: UTF16.self, form: form)
        } else {
            let units = try codeUnits(bytes[start...], width: 4, bigEndian: form == .utf32BigEndian, form: form)
            scalars = try decode(units, as: UTF32.self, form: form)
        }
        // Writers pad packets with NULs or spaces so they can be edited in place.
        while let last = scalars.last, last == "\0" || last == " " || last == "\n" || last == "\r" || last == "\t" {
            scalars.removeLast()
        }
        if let forbidden = scalars.first(where: { !isXMLCharacter($0) }) {
            throw .forbiddenCharacter(forbidden.value)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        let utf8 = Array(String(text).utf8)
        try checkDeclaration(utf8, form: form)
        return utf8
    }

    /// UTF-8 checked without decoding it character by character: the same rules as the other
    /// forms (strictly valid, padding dropped, only characters XML allows), in one pass over
    /// the bytes, so a packet of many megabytes is read in a moment.
    private static func checkedUTF8(_ bytes: ArraySlice<UInt8>) throws(XMLTreeError) -> [UInt8] {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidText(Form.utf8.name) }
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x00, 0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
        let text = Array(bytes[bytes.startIndex..<end])
        try text.withUnsafeBufferPointer { buffer throws(XMLTreeError) in
            for index in buffer.indices {
                let byte = buffer[index]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { throw .forbiddenCharacter(UInt32(byte)) }
                // U+FFFE and U+FFFF, the only characters of valid UTF-8 above the controls XML refuses.
                if byte == 0xEF, index + 2 < buffer.count, buffer[index + 1] == 0xBF, buffer[index + 2] >= 0xBE {
                    throw .forbiddenCharacter(buffer[index + 2] == 0xBE ? 0xFFFE : 0xFFFF)
                }
            }
        }
        try checkDeclaration(text, form: .utf8)
        return text
    }

    /// The encoding from a byte-order mark, or else from how `<` (or the white space before
    /// it) is laid out in the first four bytes.
    private static func detect(_ b: [UInt8]) -> (Form, Int) {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (.utf32BigEndian, 4) }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (.utf32LittleEndian, 4) }
        if b.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if b.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        guard b.count >= 4 else { return (.utf8, 0) }
        switch (b[0] == 0, b[1] == 0, b[2] == 0, b[3] == 0) {
        case (true, true, true, false): return (.utf32BigEndian, 0)
        case (false, true, true, true): return (.utf32LittleEndian, 0)
        case (true, false, _, _): return (.utf16BigEndian, 0)
        case (false, true, _, _): return (.utf16LittleEndian, 0)
        default: return (.utf8, 0)
        }
    }

    private static func codeUnits(_ bytes: ArraySlice<UInt8>, width: Int, bigEndian: Bool, form: Form) throws(XMLTreeError) -> [UInt32] {
        guard bytes.count % width == 0 else { throw .invalidText(form.name) }
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / width)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var unit: UInt32 = 0
            for k in 0..<width {
                let byte = UInt32(bytes[index + (bigEndian ? k : width - 1 - k)])
                unit = unit << 8 | byte
            }
            units.append(unit)
            index += width
        }
        return units
    }

    /// Strict decoding: any ill-formed sequence (a lone surrogate, an overlong form, a value
    /// past U+10FFFF) makes the whole packet unreadable.
    private static func decode<Codec: UnicodeCodec, Units: Sequence>(_ units: Units, as codec: Codec.Type, form: Form) throws(XMLTreeError) -> [Unicode.Scalar]
    where Units.Element == Codec.CodeUnit {
        var decoder = Codec()
        var iterator = units.makeIterator()
        var scalars: [Unicode.Scalar] = []
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): scalars.append(scalar)
            case .emptyInput: return scalars
            case .error: throw .invalidText(form.name)
            }
        }
    }

    /// XML 1.0's `Char`: tab, line feed, carriage return and everything from space up,
    /// except the two non-characters U+FFFE and U+FFFF.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// An `encoding` in the XML declaration must name the form the bytes are in. Anything
    /// else (UTF-7, Latin-1, an unknown label) could make another reader see other text.
    private static func checkDeclaration(_ text: [UInt8], form: Form) throws(XMLTreeError) {
        guard text.starts(with: Array("<?xml".utf8)), text.count > 5, [0x20, 0x09, 0x0A, 0x0D].contains(text[5]) else { return }
        guard let end = text.firstRange(of: Array("?>".utf8))?.lowerBound else { throw .malformed("the XML declaration is not closed") }
        let declaration = String(decoding: text[5..<end], as: UTF8.self)
        guard let label = pseudoAttribute("encoding", in: declaration) else { return }
        let accepted: Set<String> = switch form {
        case .utf8: Set(["utf-8", "utf8"] + (text.allSatisfy { $0 < 0x80 } ? ["us-ascii", "ascii"] : []))
        case .utf16BigEndian: ["utf-16", "utf-16be", "utf16", "utf16be"]
        case .utf16LittleEndian: ["utf-16", "utf-16le", "utf16", "utf16le"]
        case .utf32BigEndian: ["utf-32", "utf-32be", "utf32", "utf32be", "ucs-4"]
        case .utf32LittleEndian: ["utf-32", "utf-32le", "utf32", "utf32le", "ucs-4"]
        }
        guard accepted.contains(label.lowercased()) else {
            let known: Set<String> = ["utf-8", "utf8", "utf-16", "utf-16be", "utf-16le", "utf16", "utf-32", "utf-32be", "utf-32le", "utf32"]
            let shown = String(label.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.prefix(40))
            throw known.contains(label.lowercased()) ? .encodingMismatch(declared: shown, actual: form.name) : .unsupportedEncoding(shown)
        }
    }

    /// The value of `name="value"` (or single quotes) in a declaration.
    private static func pseudoAttribute(_ name: String, in declaration: String) -> String? {
        guard let key = declaration.firstRange(of: name) else { return nil }
        var rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(value)
    }
}

/// Reads checked UTF-8 text into a tree. Every byte read is bounds-checked; nesting and the
/// number of elements are capped; the only entities are XML's five and numeric references.
private struct TreeReader {
    let text: [UInt8]
    let elementLimit: Int
    var position = 0
    var elements = 0
    var references = 0

    init(text: [UInt8], elementLimit: Int) {
        self.text = text
        self.elementLimit = elementLimit
    }

    private struct Open {
        var qualifiedName: String
        var element: XMLElement
        var scope: [String: String]
    }

    mutating func document() throws(XMLTreeError) -> XMLElement {
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw .malformed(position < text.count ? "text before the first element" : "no element") }
        var stack: [Open] = []
        var root: XMLElement?
        let baseScope = ["xml": "http://www.w3.org/XML/1998/namespace"]
        while root == nil {
            guard position < text.count else { throw .malformed("an element is not closed") }
            if peek() != UInt8(ascii: "<") {
                let content = try characterData()
                guard let open = stack.last else { throw .malformed("text outside the root element") }
                open.element.text += content
            } else if starts(with: "</") {
                position += 2
                let name = try self.name()
                skipSpace()
                try expect(">")
                guard let open = stack.popLast(), open.qualifiedName == name else { throw .malformed("an end tag closes no open element") }
                if stack.isEmpty { root = open.element }
            } else if starts(with: "<!--") {
                try skipComment()
            } else if starts(with: "<![CDATA[") {
                position += 9
                guard let open = stack.last else { throw .malformed("CDATA outside the root element") }
                let end = try find("]]>")
                open.element.text += String(decoding: text[position..<end], as: UTF8.self)
                position = end + 3
            } else if starts(with: "<!") {
                throw starts(with: "<!DOCTYPE") || starts(with: "<!ENTITY") ? .declaresDocumentType : .malformed("an unknown <! declaration")
            } else if starts(with: "<?") {
                try skipProcessingInstruction()
            } else {
                let (open, isEmpty) = try startTag(scope: stack.last?.scope ?? baseScope, depth: stack.count)
                stack.last?.element.children.append(open.element)
                if isEmpty {
                    if stack.isEmpty { root = open.element }
                } else {
                    stack.append(open)
                }
            }
        }
        try skipMisc()
        guard position == text.count else { throw .malformed("content after the root element") }
        return root!
    }

    // MARK: Tags

    private mutating func startTag(scope outer: [String: String], depth: Int) throws(XMLTreeError) -> (Open, isEmpty: Bool) {
        guard depth < XMLTree.maxDepth else { throw .tooDeep }
        elements += 1
        guard elements <= elementLimit else { throw elementLimit < XMLTree.maxElements ? .tooManyElementsInAll : .tooManyElements }
        position += 1
        let qualifiedName = try name()
        var raw: [(String, String)] = []
        // Repeats are found by name in a set: a tag may have tens of thousands of attributes.
        var names = Set<String>()
        var isEmpty = false
        while true {
            let spaced = skipSpace()
            if starts(with: "/>") { position += 2; isEmpty = true; break }
            if starts(with: ">") { position += 1; break }
            guard spaced, position < text.count else { throw .malformed("a tag is not closed properly") }
            let attributeName = try name()
            skipSpace()
            try expect("=")
            skipSpace()
            let value = try attributeValue()
            guard names.insert(attributeName).inserted else { throw .malformed("an attribute is repeated") }
            raw.append((attributeName, value))
        }

        var scope = outer
        for (key, value) in raw {
            if key == "xmlns" {
                scope[""] = value
            } else if key.hasPrefix("xmlns:") {
                let prefix = String(key.dropFirst(6))
                guard !value.isEmpty, prefix != "xmlns", prefix != "xml" else { throw .malformed("a namespace prefix is declared wrongly") }
                scope[prefix] = value
            }
        }
        var attributes: [String: String] = [:]
        for (key, value) in raw where key != "xmlns" && !key.hasPrefix("xmlns:") {
            let (prefix, local) = try split(key)
            // Unprefixed attributes belong to no namespace; RDF writers always prefix them.
            let namespace = prefix == nil ? "" : try resolve(prefix!, in: scope)
            guard attributes.updateValue(value, forKey: namespace + local) == nil else { throw .malformed("an attribute is repeated") }
        }
        let (prefix, local) = try split(qualifiedName)
        let namespace = prefix == nil ? scope[""] ?? "" : try resolve(prefix!, in: scope)
        let element = XMLElement(namespace: namespace, name: local, attributes: attributes)
        return (Open(qualifiedName: qualifiedName, element: element, scope: scope), isEmpty)
    }

    private func resolve(_ prefix: String, in scope: [String: String]) throws(XMLTreeError) -> String {
        guard let namespace = scope[prefix] else { throw .malformed("a namespace prefix is not declared") }
        return namespace
    }

    private func split(_ qualifiedName: String) throws(XMLTreeError) -> (String?, String) {
        let parts = qualifiedName.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (nil, qualifiedName)
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty: return (String(parts[0]), String(parts[1]))
        default: throw .malformed("a name has a misplaced colon")
        }
    }

    /// An XML name: read up to a delimiter, then checked character by character.
    private mutating func name() throws(XMLTreeError) -> String {
        let start = position
        while let byte = peek(), !Self.delimiters.contains(byte) { position += 1 }
        guard position > start else { throw .malformed("a name is missing at byte \(start)") }
        let name = String(decoding: text[start..<position], as: UTF8.self)
        var scalars = name.unicodeScalars.makeIterator()
        guard let first = scalars.next(), Self.isNameStart(first) else { throw .malformed("a name starts with a character names cannot start with") }
        while let next = scalars.next() {
            guard Self.isNameStart(next) || Self.isNamePart(next) else { throw .malformed("a name holds a character names cannot hold") }
        }
        return name
    }

    private static let delimiters: Set<UInt8> = Set(" \t\r\n/>=<\"'&?!".utf8)

    private static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            true
        default:
            false
        }
    }

    private static func isNamePart(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: false
        }
    }

    // MARK: Text

    private mutating func attributeValue() throws(XMLTreeError) -> String {
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw .malformed("an attribute value is not quoted")
        }
        position += 1
        var value: [UInt8] = []
        var start = position
        while true {
            guard let byte = peek() else { throw .malformed("an attribute value is not closed") }
            switch byte {
            case quote:
                value += text[start..<position]
                position += 1
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "<"):
                throw .malformed("an attribute value holds <")
            case UInt8(ascii: "&"):
                value += text[start..<position]
                try appendReference(to: &value)
                start = position
            case 0x09, 0x0A, 0x0D:
                // Attribute values are normalised: each white-space character is a space
                // (a CR LF pair is one line end, so one space).
                value += text[start..<position]
                value.append(0x20)
                position += byte == 0x0D && peek(1) == 0x0A ? 2 : 1
                start = position
            default:
                position += 1
            }
        }
    }

    /// Text up to the next `<`, references replaced, line ends made `\n`.
    private mutating func characterData() throws(XMLTreeError) -> String {
        var content: [UInt8] = []
        var start = position
        while let byte = peek(), byte != UInt8(ascii: "<") {
            if byte == UInt8(ascii: "&") {
                content += text[start..<position]
                try appendReference(to: &content)
                start = position
            } else if byte == 0x0D {
                content += text[start..<position]
                content.append(0x0A)
                position += peek(1) == 0x0A ? 2 : 1
                start = position
            } else {
                position += 1
            }
        }
        content += text[start..<position]
        return String(decoding: content, as: UTF8.self)
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;`, `&#N;` or `&#xN;`, appended as UTF-8. Any
    /// other entity would need a document type, which is never allowed, so it is an error.
    /// Their number is capped: each costs more than a plain character.
    private mutating func appendReference(to output: inout [UInt8]) throws(XMLTreeError) {
        references += 1
        guard references <= XMLTree.maxReferences else { throw .tooManyReferences }
        position += 1
        let start = position
        while let byte = peek(), byte != UInt8(ascii: ";") {
            guard position - start < 12 else { throw .malformed("a reference with & is not closed") }
            position += 1
        }
        guard peek() == UInt8(ascii: ";") else { throw .malformed("a reference with & is not closed") }
        let body = text[start..<position]
        position += 1
        guard body.first == UInt8(ascii: "#") else {
            switch String(decoding: body, as: UTF8.self) {
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "amp": output.append(UInt8(ascii: "&"))
            case "apos": output.append(UInt8(ascii: "'"))
            case "quot": output.append(UInt8(ascii: "\""))
            default: throw .malformed("an entity is used that is not defined")
            }
            return
        }
        let hexadecimal = body.dropFirst().first == UInt8(ascii: "x")
        let digits = body.dropFirst(hexadecimal ? 2 : 1)
        var value: UInt32 = 0
        for digit in digits {
            let number: UInt32? = switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hexadecimal: UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hexadecimal: UInt32(digit - UInt8(ascii: "A") + 10)
            default: nil
            }
            guard let number, value <= 0x10FFFF else { throw .malformed("a character reference names no allowed character") }
            value = value * (hexadecimal ? 16 : 10) + number
        }
        guard !digits.isEmpty, let scalar = Unicode.Scalar(value), XMLText.isXMLCharacter(scalar) else {
            throw .malformed("a character reference names no allowed character")
        }
        output.append(contentsOf: UTF8.encode(scalar)!)
    }

    // MARK: Things skipped

    /// White space, comments and processing instructions (the XML declaration, xpacket)
    /// before and after the root element. A document type there is refused.
    private mutating func skipMisc() throws(XMLTreeError) {
        while true {
            skipSpace()
            if starts(with: "<!--") {
                try skipComment()
            } else if starts(with: "<?") {
                try skipProcessingInstruction()
            } else if starts(with: "<!DOCTYPE") || starts(with: "<!ENTITY") {
                throw .declaresDocumentType
            } else {
                return
            }
        }
    }

    private mutating func skipComment() throws(XMLTreeError) {
        position += 4
        position = try find("-->") + 3
    }

    private mutating func skipProcessingInstruction() throws(XMLTreeError) {
        position += 2
        position = try find("?>") + 2
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = position
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        return position > start
    }

    // MARK: Reading

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index >= 0 && index < text.count ? text[index] : nil
    }

    private func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= text.count else { return false }
        return literal.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { text[position + $0] == buffer[$0] }
        }
    }

    private mutating func expect(_ literal: StaticString) throws(XMLTreeError) {
        guard starts(with: literal) else { throw .malformed("expected \(literal) at byte \(position)") }
        position += literal.utf8CodeUnitCount
    }

    /// Where `literal` next starts, from the current position.
    private func find(_ literal: String) throws(XMLTreeError) -> Int {
        guard let range = text[position...].firstRange(of: Array(literal.utf8)) else { throw .malformed("\(literal) is missing") }
        return range.lowerBound
    }
}

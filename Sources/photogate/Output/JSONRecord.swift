/// A JSON output object whose every field is always present: `nil` is written as `null`
/// (synthesized `Encodable` leaves it out), so scripts can rely on the keys. Property names
/// are the JSON keys.
protocol JSONRecord: Encodable {}

extension JSONRecord {
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, let value = child.value as? any Encodable else {
                throw EncodingError.invalidValue(child.value, .init(codingPath: encoder.codingPath,
                                                                    debugDescription: "\(Self.self) has a field that is not Encodable"))
            }
            try container.encode(AnyEncodable(value: value), forKey: FieldKey(stringValue: label))
        }
    }
}

private struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// Encodes any value as itself; an absent optional becomes `null`.
private struct AnyEncodable: Encodable {
    var value: any Encodable

    func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
    }
}

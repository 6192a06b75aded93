extension FixedWidthInteger {
    /// The whole number `value` truncates to, held to this type's range; NaN becomes 0.
    /// Unlike `Int(_:)`, which stops the process on an infinite, NaN or too large value,
    /// this never traps: a number read from a file or typed by someone can be any of those.
    public init<Source: BinaryFloatingPoint>(saturating value: Source) {
        if value.isNaN {
            self = 0
        } else if value <= Source(Self.min) {
            self = Self.min
        } else if value >= Source(Self.max) {
            self = Self.max
        } else {
            self.init(value)
        }
    }
}

import Foundation

/// A position on Earth in decimal degrees, as read from a photo's GPS block.
public struct GeoPoint: Sendable, Codable, Equatable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Degrees, minutes and seconds with a hemisphere reference (`N`, `S`, `E`, `W`), as EXIF
    /// stores them. Southern and western references make the value negative.
    public static func degrees(_ degrees: Double, _ minutes: Double, _ seconds: Double, reference: String) -> Double {
        let value = degrees + minutes / 60 + seconds / 3600
        let negative = ["S", "W"].contains(reference.trimmingCharacters(in: .whitespaces).uppercased())
        return negative ? -value : value
    }

    /// True when both coordinates are finite and on the globe.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && abs(lat) <= 90 && abs(lon) <= 180
    }
}

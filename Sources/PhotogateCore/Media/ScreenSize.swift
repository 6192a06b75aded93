/// The sizes a photo is shown at on a screen: a grid thumbnail, and a view that fills a page.
public enum ScreenSize: String, Sendable, CaseIterable {
    case thumb
    case view

    /// The longest side, in pixels; a smaller photo is never enlarged.
    public var longSide: Int {
        switch self {
        case .thumb: 320
        case .view: 1600
        }
    }
}

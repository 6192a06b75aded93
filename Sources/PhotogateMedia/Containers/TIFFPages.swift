import PhotogateCore

/// A TIFF can hold several pages, and its decoder shows only the first: a scan of two
/// photos, or a file whose first page is a small picture and whose second is the photo,
/// would be decided about and published as a page nobody chose. So a TIFF with several
/// pages is refused, unless every page after the first is a reduced-resolution copy
/// (NewSubfileType bit 0) smaller than the first, which is only its thumbnail.
enum TIFFPages {
    static func rejection(_ bytes: [UInt8]) -> InputRejection? {
        guard let tiff = TIFFStructure(bytes) else { return nil }
        let pages = tiff.pages
        guard let first = pages.first, pages.count > 1 else { return nil }
        let size = { (page: TIFFStructure.Directory) -> (width: Int, height: Int)? in
            guard let width = tiff.numbers(page[TIFFTag.imageWidth]).first, let height = tiff.numbers(page[TIFFTag.imageLength]).first else { return nil }
            return (width, height)
        }
        let thumbnailsOnly = size(first).map { full in
            pages.dropFirst().allSatisfy { page in
                guard (tiff.numbers(page[TIFFTag.newSubfileType]).first ?? 0) & 1 == 1, let reduced = size(page) else { return false }
                return reduced.width <= full.width && reduced.height <= full.height && (reduced.width, reduced.height) != (full.width, full.height)
            }
        } ?? false
        return thumbnailsOnly ? nil : .severalPages(pages.count)
    }
}

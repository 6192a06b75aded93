import PhotogateCore

/// Finds metadata in the first page of a TIFF: XMP (tag 700), IPTC, Photoshop resources
/// (which may hold XMP too) and an ICC profile. EXIF is the file's own directory structure,
/// read by libexif.
enum TIFFMetadataScanner {
    static func scan(_ bytes: [UInt8]) -> ContainerMetadata {
        var metadata = ContainerMetadata()
        guard let tiff = TIFFStructure(bytes), let page = tiff.pages.first else { return metadata }
        if let xmp = page[TIFFTag.xmp] {
            metadata.found.insert(.xmp)
            if let data = tiff.data(xmp) {
                metadata.xmpPackets.append(XMPPacket(source: ContainerMetadata.xmpSource, bytes: Array(data)))
            } else {
                metadata.unreadable.append("\(ContainerMetadata.xmpSource) lies outside the file")
            }
        }
        if page[TIFFTag.iptc] != nil { metadata.found.insert(.iptc) }
        if page[TIFFTag.icc] != nil { metadata.found.insert(.icc) }
        if let photoshop = tiff.data(page[TIFFTag.photoshop]) {
            PhotoshopResources.scan(Array(photoshop), into: &metadata)
        }
        return metadata
    }
}

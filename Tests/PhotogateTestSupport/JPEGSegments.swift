/// Builds the metadata segments photo software writes into a JPEG, and splices them in
/// right after the start-of-image marker of a clean JPEG.
public enum JPEGSegments {
    public static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        precondition(length <= 0xFFFF)
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    public static func exif(_ block: [UInt8]) -> [UInt8] { segment(0xE1, block) }

    public static func xmp(_ packet: String) -> [UInt8] {
        segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(packet.utf8))
    }

    public static func icc(_ profile: [UInt8]) -> [UInt8] {
        segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1] + profile)
    }

    public static func comment(_ text: String) -> [UInt8] { segment(0xFE, Array(text.utf8)) }

    /// A Photoshop APP13 segment holding IPTC-IIM records (caption and by-line).
    public static func iptc(caption: String, byline: String) -> [UInt8] {
        func record(_ dataset: UInt8, _ text: String) -> [UInt8] {
            let bytes = Array(text.utf8)
            return [0x1C, 0x02, dataset, UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
        }
        var iim = record(0x78, caption) + record(0x50, byline)
        if iim.count % 2 == 1 { iim.append(0) }
        let size = UInt32(iim.count)
        let resource = Array("8BIM".utf8) + [0x04, 0x04, 0x00, 0x00]
            + [UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)] + iim
        return segment(0xED, Array("Photoshop 3.0\0".utf8) + resource)
    }

    /// The JPEG with `count` bytes of its compressed image data, from the middle of its
    /// first scan on, overwritten with `byte`: damage that keeps the file's length and its
    /// end marker, as a bad card sector does.
    public static func overwritingScanData(of jpeg: [UInt8], count: Int, with byte: UInt8 = 0) -> [UInt8] {
        var offset = 2
        while jpeg[offset + 1] != 0xDA {
            precondition(jpeg[offset] == 0xFF, "a JPEG segment starts with 0xFF")
            offset += 2 + (Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3]))
        }
        let start = offset + 2 + (Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3]))
        let middle = start + (jpeg.count - 2 - start) / 2
        var damaged = jpeg
        damaged.replaceSubrange(middle..<(middle + count), with: repeatElement(byte, count: count))
        return damaged
    }

    /// Inserts segments after SOI, in order.
    public static func splice(_ segments: [[UInt8]], into jpeg: [UInt8]) -> [UInt8] {
        precondition(jpeg.starts(with: [0xFF, 0xD8]))
        return [0xFF, 0xD8] + segments.flatMap { $0 } + jpeg.dropFirst(2)
    }
}

/// XMP packets as photo software writes them.
public enum XMPPackets {
    /// MWG face regions, one per (name, centre x, centre y, width, height), normalised.
    public static func mwgRegions(_ faces: [(String, Double, Double, Double, Double)], width: Int, height: Int, personInImage: [String] = []) -> String {
        let items = faces.map { face in
            """
                <rdf:li rdf:parseType="Resource">
                 <mwg-rs:Name>\(face.0)</mwg-rs:Name>
                 <mwg-rs:Type>Face</mwg-rs:Type>
                 <mwg-rs:Area stArea:x="\(face.1)" stArea:y="\(face.2)" stArea:w="\(face.3)" stArea:h="\(face.4)" stArea:unit="normalized"/>
                </rdf:li>
            """
        }.joined(separator: "\n")
        let people = personInImage.map { "<rdf:li>\($0)</rdf:li>" }.joined()
        return """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
            xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
            xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
            xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
           <mwg-rs:Regions rdf:parseType="Resource">
            <mwg-rs:AppliedToDimensions stDim:w="\(width)" stDim:h="\(height)" stDim:unit="pixel"/>
            <mwg-rs:RegionList>
             <rdf:Bag>
        \(items)
             </rdf:Bag>
            </mwg-rs:RegionList>
           </mwg-rs:Regions>
           <Iptc4xmpExt:PersonInImage><rdf:Bag>\(people)</rdf:Bag></Iptc4xmpExt:PersonInImage>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }
}

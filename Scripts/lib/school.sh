# The demo school, shared by Scripts/demo and the browser test: its people and passwords, and
# helpers that set up a home and Amy's phone. Source it after setting $photogate; the home is
# $PHOTOGATE_HOME.

# The demo's people and their passwords (real users type theirs at a prompt).
declare -A password=([office]=copper-kettle-lantern-48 [amy]=quiet-maple-river-72 [head]=north-window-ivy-35 [pa]=green-ferry-tower-19 [audrey]=silver-ledger-owl-61)

as() { # as USER photogate-arguments...
    local user=$1
    shift
    PHOTOGATE_USER=$user PHOTOGATE_PASSWORD=${password[$user]} "$photogate" "$@"
}

school_people() { # the home, the office's admin, and the others with their roles
    PHOTOGATE_PASSWORD=${password[office]} "$photogate" init --school "Rose Lane Primary" --admin office
    PHOTOGATE_NEW_PASSWORD=${password[amy]} as office user add amy --role staff
    PHOTOGATE_NEW_PASSWORD=${password[head]} as office user add head --role approver
    PHOTOGATE_NEW_PASSWORD=${password[pa]} as office user add pa --role publisher
    PHOTOGATE_NEW_PASSWORD=${password[audrey]} as office user add audrey --role auditor
}

school_devices() { # the school's camera, and Amy's own phone, approved by the head
    as office device add office-camera --kind trust --make Canon --model "EOS 40D"
    as office device add amy-phone --kind personal --make Apple --model "iPhone 12" --imei 490154203237518 --holder amy
    as head device approve amy-phone
}

school_consent_and_channel() {
    as office consent import Fixtures/consent/consent-list.csv
    as office channel add school-facebook --platform Facebook --account "Rose Lane Primary" --purpose social_media --admin-role CEO --posters amy
}

amy_phone() { # FOLDER: yesterday's photo and the class photo, as the phone's app wrote them
    local phone=$1
    mkdir -p "$phone"
    cp Fixtures/photos/DCIM/100APPLE/IMG_0001.JPG "$phone/IMG_0001.JPG"
    # The class photo (a pinned picture with six faces): camera details and face regions for
    # five of the six children (Donna's face is not tagged).
    local regions region_args=() first=1 region
    regions=$(python3 - <<'PY'
import json
labels = json.load(open("Fixtures/labels/group-t1.json"))
names = ["Amy Pond", "Rory Williams", "Clara Oswald", None, "River Song", "Martha Jones"]
for name, (x, y, w, h) in zip(names, labels["faces"]):
    if name:
        print(f"{{Name={name},Type=Face,Area={{X={(x + w / 2) / 1280:.4f},Y={(y + h / 2) / 886:.4f},W={w / 1280:.4f},H={h / 886:.4f},Unit=normalized}}}}")
PY
)
    while IFS= read -r region; do
        if [ $first = 1 ]; then region_args+=("-XMP-mwg-rs:RegionList=$region"); first=0; else region_args+=("-XMP-mwg-rs:RegionList+=$region"); fi
    done <<<"$regions"
    exiftool -q -Make=Apple -Model="iPhone 12" -DateTimeOriginal="2026:11:20 14:05:00" -GPSLatitude=51.5014 -GPSLatitudeRef=N \
        -GPSLongitude=0.1419 -GPSLongitudeRef=W "${region_args[@]}" -o "$phone/IMG_0102.JPG" .cache/assets/group-t1.jpg
    certificate_photo "$phone/IMG_0103.JPG"
}

certificate_photo() { # FILE: a certificate held up against the classroom wall, naming River Song
    local out=$1 scratch
    scratch=$(mktemp -d)
    vips text "$scratch/text.v" "Certificate of Achievement
presented to
River Song
for kindness" --font "DejaVu Serif Bold 56" --dpi 72 --align centre
    vips invert "$scratch/text.v" "$scratch/ink.v"
    local width height
    width=$(vipsheader -f width "$scratch/text.v")
    height=$(vipsheader -f height "$scratch/text.v")
    vips embed "$scratch/ink.v" "$scratch/card.v" 70 70 $((width + 140)) $((height + 140)) --extend white
    vips bandjoin "$scratch/card.v $scratch/card.v $scratch/card.v" "$scratch/card3.v"
    vips rotate --background "178 160 138" -- "$scratch/card3.v" "$scratch/turned.v" -6
    vips black "$scratch/black.v" 1600 1200 --bands 3
    vips linear "$scratch/black.v" "$scratch/wall.v" "1 1 1" "178 160 138" --uchar
    vips insert "$scratch/wall.v" "$scratch/turned.v" "$scratch/photo.v" 330 260
    vips copy "$scratch/photo.v" "$scratch/photo.jpg[Q=90]"
    exiftool -q -Make=Apple -Model="iPhone 12" -DateTimeOriginal="2026:11:20 09:15:00" -o "$out" "$scratch/photo.jpg"
    rm -rf "$scratch"
}

#!/usr/bin/env python3
"""Text benchmark for Scripts/bench: names readable in photos.

- Recall: 12-megapixel photos made here, each a real group photo with one certificate, name
  badge or labelled piece of work held in front of it, naming one person of a generated
  consent list (nobody may be named, so every name found is reported). The text is set in
  the fonts installed on this machine, turned up to 15 degrees either way, with capital
  letters 18-29 px tall or 30-60 px tall. A name counts as found when `photogate check`
  reports that person among the photo's texts.
- False flags: the face bench's photos (no text of any name) checked against the same list.
- Time and memory: `photogate check --out` on the first photos of the face bench set, once
  with text reading off and once on, each in a fresh home, so nothing is reused.

Photos are made with the `vips` command and cached under .cache/bench/text.
"""
import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_faces  # noqa: E402  (the face bench's photo set and helpers)

ROOT = bench_faces.ROOT
ASSETS = bench_faces.ASSETS
FIRST = ["Amelia", "Oliver", "Isla", "Noah", "Freya", "Arthur", "Poppy", "Harrison", "Imogen", "Theodore", "Matilda",
         "Reuben", "Beatrice", "Sebastian", "Florence", "Zachary", "Penelope", "Ezekiel", "Clementine", "Jasper"]
LAST = ["Hartley", "Okafor", "Whitfield", "Kowalski", "Brennan", "Ashworth", "Nakamura", "Fairbanks", "Pemberton",
        "Delacroix", "Thornbury", "Castellano", "Mbeki", "Lindqvist", "Ravensworth", "Oyelaran", "Beaumont",
        "Sutherland", "Vasquez", "Montgomery"]
KINDS = ["certificate", "badge", "work"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def roster():
    """Forty people with distinct names; none may be named."""
    rng = random.Random(7)
    people = []
    for index in range(40):
        first, last = FIRST[index % len(FIRST)], LAST[(index * 7 + index // len(FIRST)) % len(LAST)]
        people.append((f"B{index:03d}", first, last))
    assert len({(f, l) for _, f, l in people}) == len(people)
    rng.shuffle(people)
    return people


def write_roster(path, people):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "Type", "Year", "Website", "Social Media",
                         "Newsletter", "Press", "Display", "Names", "Expiry Date", "Do Not Photograph"])
        for upn, first, last in people:
            writer.writerow([upn, first, "", last, "pupil", "5", "yes", "yes", "yes", "no", "yes", "no", "", ""])


def fonts():
    """Every regular or bold style of the fonts installed, as Pango names them."""
    listed = run(["fc-list", ":", "family", "style"]).stdout.splitlines()
    found = set()
    for line in listed:
        family, _, style = line.partition(":style=")
        family = family.split(",")[0].strip()
        style = style.split(",")[0].strip()
        if not family or "Math" in family or style not in ("Book", "Regular", "Bold"):
            continue
        found.add(f"{family} Bold" if style == "Bold" else family)
    return sorted(found)


def lines_for(kind, first, last, rng):
    name = f"{first} {last}"
    if kind == "certificate":
        return ["Certificate of Achievement", "presented to", name, rng.choice(["for excellent reading", "for kindness", "Star of the Week"])]
    if kind == "badge":
        return [name] if rng.random() < 0.5 else ["Hello, my name is", name]
    return [rng.choice(["My holiday", "Our river project", "Autumn leaves"]), f"by {name}", "Year 5"]


def make_photo(out, background, kind, text_lines, font, cap_px, angle, rng):
    """A 4000 × 3000 JPEG: the background photo filling the frame, with a card of text on it."""
    size = max(4, round(cap_px / 0.73))  # DejaVu's capitals are about 0.73 of the em
    with tempfile.TemporaryDirectory() as scratch:
        text = os.path.join(scratch, "text.v")
        markup = "\n".join(line.replace("&", "&amp;").replace("<", "&lt;") for line in text_lines)
        run(["vips", "text", text, markup, "--font", f"{font} {size}", "--dpi", "72", "--align", "centre"])
        width, height = (int(run(["vipsheader", "-f", f, text]).stdout) for f in ("width", "height"))
        ink = os.path.join(scratch, "ink.v")
        run(["vips", "invert", text, ink])
        pad = max(20, size)
        card = os.path.join(scratch, "card.v")
        run(["vips", "embed", ink, card, str(pad), str(pad), str(width + 2 * pad), str(height + 2 * pad), "--extend", "white"])
        paper = rng.choice([(1.0, 1.0, 1.0), (1.0, 0.97, 0.88), (0.92, 0.96, 1.0)])
        rgb = os.path.join(scratch, "rgb.v")
        run(["vips", "bandjoin", f"{card} {card} {card}", rgb])
        coloured = os.path.join(scratch, "coloured.v")
        run(["vips", "linear", rgb, coloured, " ".join(str(p) for p in paper), "0 0 0"])
        cast = os.path.join(scratch, "cast.v")
        run(["vips", "cast", coloured, cast, "uchar"])
        turned = os.path.join(scratch, "turned.v")
        run(["vips", "rotate", "--background", "128 110 90", "--", cast, turned, str(angle)])
        frame = os.path.join(scratch, "frame.v")
        run(["vips", "thumbnail", background, frame, "4000", "--height", "3000", "--crop", "centre"])
        tw, th = (int(run(["vipsheader", "-f", f, turned]).stdout) for f in ("width", "height"))
        x, y = rng.randint(0, max(0, 4000 - tw)), rng.randint(0, max(0, 3000 - th))
        placed = os.path.join(scratch, "placed.v")
        run(["vips", "insert", frame, turned, placed, str(x), str(y)])
        run(["vips", "copy", placed, out + "[Q=90]"])


def backgrounds(corpus):
    found = [os.path.join(ASSETS, "group-t1.jpg")]
    if corpus and os.path.isdir(os.path.join(corpus, "faces-labeled")):
        folder = os.path.join(corpus, "faces-labeled")
        found += sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.lower().endswith((".jpg", ".jpeg", ".png")))[:20]
    return found


def make_text_set(work, people, count, band, corpus, seed):
    folder = os.path.join(work, f"names-{band[0]}-{band[1]}-{count}-{seed}")
    if (labels := bench_faces.cached_set(folder)) is not None:
        return folder, labels
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    faces = fonts()
    behind = backgrounds(corpus)
    labels = {}
    for index in range(count):
        upn, first, last = rng.choice(people)
        kind = KINDS[index % len(KINDS)]
        font = faces[index % len(faces)]
        cap = rng.randint(*band)
        angle = rng.uniform(-15, 15)
        name = f"text-{index:03d}.jpg"
        make_photo(os.path.join(folder, name), behind[index % len(behind)], kind, lines_for(kind, first, last, rng), font, cap, angle, rng)
        labels[name] = {"person": upn, "kind": kind, "font": font, "cap": cap, "angle": round(angle, 1)}
        print(f"\r  making photo {index + 1} of {count}…", end="", file=sys.stderr, flush=True)
    print("\r\033[K", end="", file=sys.stderr)
    return bench_faces.save_set(folder, labels)


class Home(bench_faces.Photogate):
    """The face bench's throwaway home, with the bench's consent list and text reading on or off."""

    def __init__(self, binary, work, roster_csv, reading):
        os.makedirs(work, exist_ok=True)
        super().__init__(binary, work)
        admin = dict(self.env, PHOTOGATE_USER="bench")
        run([binary, "consent", "import", roster_csv], env=admin)
        run([binary, "config", "set", "text-reading", "on" if reading else "off"], env=admin)

    def outcomes(self, folder, out=None):
        cmd = [self.binary, "check", "--json", "--channel", "bench", folder]
        if out:
            cmd[2:2] = ["--out", out]
        seconds, peak, result = bench_faces.measured(cmd, self.env)
        if result.returncode not in (0, 1):
            sys.exit(f"photogate check failed: {result.stderr}")
        return seconds, peak, {os.path.basename(o["photo"]): o for o in json.loads(result.stdout)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photogate", required=True)
    parser.add_argument("--count", type=int, default=60, help="photos per letter-size band")
    parser.add_argument("--face-count", type=int, default=200, help="photos of the face bench set checked for false flags")
    parser.add_argument("--time-count", type=int, default=40, help="photos timed with text reading off and on")
    parser.add_argument("--corpus")
    args = parser.parse_args()
    work = os.path.join(ROOT, ".cache", "bench", "text")
    os.makedirs(work, exist_ok=True)
    people = roster()
    roster_csv = os.path.join(work, "roster.csv")
    write_roster(roster_csv, people)
    missed = False

    def verdict(ok):
        nonlocal missed
        missed |= not ok
        return "met" if ok else "MISSED"

    print(f"  fonts: {', '.join(fonts())}")
    home = Home(args.photogate, work, roster_csv, reading=True)
    for band, target in (((18, 29), 0.9), ((30, 60), 0.97)):
        folder, labels = make_text_set(work, people, args.count, band, args.corpus, seed=band[0])
        _, _, outcomes = home.outcomes(folder)
        found = {name for name, label in labels.items()
                 if any(t.get("person") == label["person"] for t in outcomes.get(name, {}).get("texts", []))}
        by_kind = {kind: (sum(1 for n in found if labels[n]["kind"] == kind), sum(1 for l in labels.values() if l["kind"] == kind))
                   for kind in KINDS}
        recall = len(found) / len(labels)
        kinds = ", ".join(f"{k} {a}/{b}" for k, (a, b) in by_kind.items())
        print(f"  recall, capitals {band[0]}-{band[1]} px, ±15°: {len(found)}/{len(labels)} = {recall:.3f} ({kinds})"
              f" (target >= {target}): {verdict(recall >= target)}")
        for name in sorted(set(labels) - found):
            label = labels[name]
            read = [t["text"] for t in outcomes.get(name, {}).get("texts", [])]
            print(f"    missed {name}: {label['kind']}, {label['font']}, {label['cap']} px, {label['angle']}°{'; read ' + ', '.join(read) if read else ''}")

    faces_work = os.path.join(ROOT, ".cache", "bench", "faces")
    os.makedirs(faces_work, exist_ok=True)
    folder, _ = bench_faces.make_throughput_set(faces_work, args.face_count)
    _, _, outcomes = home.outcomes(folder)
    flagged = sorted(name for name, outcome in outcomes.items() if outcome.get("texts"))
    share = len(flagged) / len(outcomes)
    print(f"  false flags on the face bench set ({len(outcomes)} photos, no names in them): {len(flagged)} = {share:.3f}"
          f" (target <= 0.02): {verdict(share <= 0.02)}")
    for name in flagged[:10]:
        print(f"    {name}: {'; '.join(t['reason'] for t in outcomes[name]['texts'])}")

    sample = os.path.join(work, "timed")
    shutil.rmtree(sample, ignore_errors=True)
    os.makedirs(sample)
    for name in sorted(os.listdir(folder))[:args.time_count]:
        shutil.copy(os.path.join(folder, name), sample)
    # Off, on, off, on, each in a fresh home; the faster of each pair counts (the machine's
    # other work only ever slows a run down).
    figures = {False: (float("inf"), 0), True: (float("inf"), 0)}
    for round_ in range(2):
        for reading in (False, True):
            timed = Home(args.photogate, os.path.join(work, f"{'on' if reading else 'off'}-{round_}"), roster_csv, reading=reading)
            out = os.path.join(work, "out")
            shutil.rmtree(out, ignore_errors=True)
            seconds, peak, _ = timed.outcomes(sample, out=out)
            figures[reading] = (min(figures[reading][0], seconds), max(figures[reading][1], peak))
    added = (figures[True][0] - figures[False][0]) / args.time_count
    print(f"  check --out, {args.time_count} photos of 12 MP: {figures[False][0]:.1f} s without text reading (peak {figures[False][1]} MB),"
          f" {figures[True][0]:.1f} s with (peak {figures[True][1]} MB)")
    print(f"  time added per photo {added:.2f} s (target <= 0.5): {verdict(added <= 0.5)};"
          f" peak with text reading {figures[True][1]} MB (target < 400 MB): {verdict(figures[True][1] < 400)}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

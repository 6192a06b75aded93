#!/usr/bin/env python3
"""Web benchmark for Scripts/bench: the approval queue under load (wrk), and a batch of
12-megapixel photos sent through the browser's upload against `photogate batch`.

Every figure is measured in this run, on fresh demo-school homes (Scripts/lib/school.sh).
The photos are made from a pinned asset and cached under .cache/bench/web.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, ".cache", "assets")
WORK = os.path.join(ROOT, ".cache", "bench", "web")
SCHOOL = os.path.join(ROOT, "Scripts", "lib", "school.sh")
WRK_SCRIPT = os.path.join(ROOT, "Scripts", "bench_web.lua")
COOKIE = "photogate_session"
CHECKLIST = "data-protection,checked-twice,consent,appropriate"
# Everyone in the pinned group photo, tagged by the phone's app as in Scripts/lib/school.sh
# (all six, so every photo can go into a post).
NAMES = ["Amy Pond", "Rory Williams", "Clara Oswald", "Donna Noble", "River Song", "Martha Jones"]
# The batch page reloads itself every 2 seconds while the batch runs: polled as often, as a
# browser would (reloading more often slows the batch it measures).
REFRESH = 2


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def progress(text):
    print("\r\033[K" + (f"  {text}" if text else ""), end="", file=sys.stderr, flush=True)


def make_photos(count):
    """`count` 4000 × 3000 phone JPEGs of the group photo (six tagged faces), from amy-phone's
    camera, each with its own comment so each has its own SHA-256."""
    folder = os.path.join(WORK, f"photos-{count}")
    if os.path.isdir(folder):
        return folder
    progress(f"making {count} photos of 12 megapixels…")
    scratch = tempfile.mkdtemp(dir=WORK)
    big, master = os.path.join(scratch, "big.v"), os.path.join(scratch, "master.jpg")
    run(["vips", "resize", os.path.join(ASSETS, "group-t1.jpg"), big, "3.125", "--vscale", "3.386"])
    run(["vips", "copy", big, master + "[Q=92,profile=srgb]"])
    os.remove(big)
    with open(os.path.join(ROOT, "Fixtures", "labels", "group-t1.json")) as f:
        faces = json.load(f)["faces"]
    regions = [f"-XMP-mwg-rs:RegionList{'=' if i == 0 else '+='}{{Name={name},Type=Face,Area={{X={(x + w / 2) / 1280:.4f},"
               f"Y={(y + h / 2) / 886:.4f},W={w / 1280:.4f},H={h / 886:.4f},Unit=normalized}}}}"
               for i, (name, (x, y, w, h)) in enumerate(zip(NAMES, faces))]
    run(["exiftool", "-q", "-overwrite_original", "-Make=Apple", "-Model=iPhone 12",
         "-DateTimeOriginal=2026:06:19 10:22:03"] + regions + [master])
    photos = os.path.join(scratch, "photos")
    os.makedirs(photos)
    for index in range(1, count + 1):
        shutil.copy(master, os.path.join(photos, f"IMG_{index:04d}.jpg"))
    run(["exiftool", "-q", "-overwrite_original", "-Comment<Sports day, ${filename}", photos])
    os.rename(photos, folder)
    shutil.rmtree(scratch)
    progress("")
    return folder


class School:
    """A fresh demo-school home (people, devices, consent list, the school-facebook channel)."""

    def __init__(self, binary, home):
        self.binary, self.home = binary, home
        self.env = dict(os.environ, photogate=binary, PHOTOGATE_HOME=self.home,
                        PHOTOGATE_FACE_MODEL=os.path.join(ASSETS, "centerface.onnx"))
        run(["bash", "-c", f"source {SCHOOL} && school_people && school_devices && school_consent_and_channel"],
            env=self.env, cwd=ROOT)
        listing = run(["bash", "-c", f'source {SCHOOL} && for u in "${{!password[@]}}"; do echo "$u ${{password[$u]}}"; done'])
        self.passwords = dict(line.split() for line in listing.stdout.splitlines())

    def env_as(self, user):
        return dict(self.env, PHOTOGATE_USER=user, PHOTOGATE_PASSWORD=self.passwords[user])


class Server:
    """`photogate serve` on a free port, stopped by stop()."""

    def __init__(self, school):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = open(school.home + ".serve.log", "w+")
        self.process = subprocess.Popen([school.binary, "serve", "--home", school.home, "--port", str(self.port)],
                                        env=school.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if Browser(self.port).request("GET", "/healthz")[2].strip() == "ok":
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.output()
                self.stop()
                sys.exit(f"photogate serve did not start:\n{output}")
            time.sleep(0.2)

    def peak_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            return int(next(line.split()[1] for line in f if line.startswith("VmHWM:"))) // 1024

    def output(self):
        self.log.seek(0)
        return self.log.read()[-3000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Browser:
    """One person's session: keeps the session cookie, sends POSTs as same-origin."""

    def __init__(self, port):
        self.port, self.cookie = port, None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method == "POST":
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            pair = cookie.split(";", 1)[0]
            if pair.startswith(COOKIE + "=") and pair != COOKIE + "=":
                self.cookie = pair
        return response.status, response.headers, page

    def get(self, path):
        status, _, page = self.request("GET", path)
        if status != 200:
            sys.exit(f"GET {path} answered {status}")
        return page

    @staticmethod
    def csrf(page):
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def sign_in(self, user, password):
        form = urllib.parse.urlencode({"username": user, "password": password, "csrf": self.csrf(self.get("/login"))})
        status, headers, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303 or headers.get("Location", "").startswith("/login"):
            sys.exit(f"signing in as {user} failed ({status} to {headers.get('Location')})")
        return self

    def upload(self, fields, paths):
        """POSTs a multipart form, the fields first, each file streamed from disk."""
        boundary = "photogate-bench-" + os.urandom(8).hex()
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        for path in paths:
            parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{os.path.basename(path)}"\r\n'
                      f"Content-Type: image/jpeg\r\n\r\n".encode(), path, b"\r\n"]
        parts.append(f"--{boundary}--\r\n".encode())

        def body():
            for part in parts:
                if isinstance(part, bytes):
                    yield part
                else:
                    with open(part, "rb") as f:
                        while chunk := f.read(1 << 20):
                            yield chunk

        length = sum(len(p) if isinstance(p, bytes) else os.path.getsize(p) for p in parts)
        return self.request("POST", "/batches", body(), {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                         "Content-Length": str(length)})


def cli_batch(school, photos, count):
    """Times `photogate batch` as amy: (seconds, peak MB)."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.monotonic()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, school.binary, "batch", "--json",
                                 "--device", "amy-phone", "--channel", "school-facebook", photos],
                                env=school.env_as("amy"), capture_output=True, text=True)
        seconds = time.monotonic() - started
        peak_mb = int(report.read().strip().splitlines()[-1]) // 1024
    if result.returncode not in (0, 1):
        sys.exit(f"photogate batch failed: {result.stderr[-2000:]}")
    summary = json.loads(result.stdout)
    if len(summary["ingest"]["accepted"]) != count or len(summary["checks"]) != count:
        sys.exit(f"photogate batch did not store and check all {count} photos: {result.stdout[-2000:]}")
    return seconds, peak_mb


def web_batch(school, photos):
    """Times amy's upload of every photo to POST /batches until its page says Done:
    (seconds, seconds of the upload alone, the batch page's load times, the server's peak MB)."""
    server = Server(school)
    try:
        amy = Browser(server.port).sign_in("amy", school.passwords["amy"])
        csrf = Browser.csrf(amy.get("/batches/new"))
        paths = sorted(os.path.join(photos, name) for name in os.listdir(photos))
        started = time.monotonic()
        status, headers, page = amy.upload({"csrf": csrf, "device": "amy-phone", "channel": "school-facebook"}, paths)
        uploaded = time.monotonic() - started
        if status != 303 or not headers.get("Location", "").startswith("/batches/"):
            sys.exit(f"POST /batches answered {status} {headers.get('Location')}: {page[-1500:]}")
        loads = []  # each load of the batch page, in seconds
        while True:
            load_started = time.monotonic()
            page = amy.get(headers["Location"])
            loads.append(time.monotonic() - load_started)
            if "Done:" in page or "Stopped:" in page:
                break
            time.sleep(REFRESH)
        seconds = time.monotonic() - started
        outcome = re.search(r"(Done|Stopped): [^<]*", page).group(0)
        if outcome != f"Done: {len(paths)} photos checked, 0 refused":
            sys.exit(f"the web batch ended with “{outcome}”\n{server.output()}")
        return seconds, uploaded, loads, server.peak_mb()
    finally:
        server.stop()


def add_posts(school, photos, posts):
    """Amy prepares `posts` posts of 4 photos each (distinct photos), each queued for approval."""
    paths = sorted(os.path.join(photos, name) for name in os.listdir(photos))
    for index in range(posts):
        progress(f"preparing post {index + 1} of {posts}…")
        result = subprocess.run([school.binary, "post", "create", "--channel", "school-facebook",
                                 "--caption", f"Sports day, photo set {index + 1}", "--checklist", CHECKLIST]
                                + paths[4 * index:4 * index + 4], env=school.env_as("amy"), capture_output=True, text=True)
        if result.returncode != 0 or "queued for approval" not in result.stdout:
            sys.exit(f"post {index + 1} was not queued: {result.stdout}{result.stderr}")
    progress("")


def queue_load(school, posts, seconds):
    """wrk against GET /queue signed in as head: the figures of Scripts/bench_web.lua."""
    server = Server(school)
    try:
        head = Browser(server.port).sign_in("head", school.passwords["head"])
        started = time.monotonic()
        shown = head.get("/queue").count('id="post-')
        first_ms = 1000 * (time.monotonic() - started)  # rendered: nothing kept yet
        if shown != posts:
            sys.exit(f"the queue shows {shown} posts, not {posts}")
        result = run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s", "-s", WRK_SCRIPT, "-H", f"Cookie: {head.cookie}",
                      f"http://127.0.0.1:{server.port}/queue"])
        figures = dict(line.split() for line in result.stdout.splitlines() if re.fullmatch(r"[a-z_0-9]+ [0-9.]+", line))
        return dict({k: float(v) for k, v in figures.items()}, first_ms=first_ms)
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photogate", required=True)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    if args.posts * 4 > args.photos:
        sys.exit("--posts needs 4 photos each")
    os.makedirs(WORK, exist_ok=True)
    photos = make_photos(args.photos)
    missed = False

    def verdict(ok):
        nonlocal missed
        missed |= not ok
        return "met" if ok else "MISSED"

    scratch = tempfile.mkdtemp(prefix="run-", dir=WORK)  # the homes and the servers' logs
    try:
        # The command line's batch runs on a fresh home, which then gets the queue's posts.
        progress(f"photogate batch: {args.photos} photos…")
        cli = School(args.photogate, os.path.join(scratch, "cli"))
        cli_seconds, cli_peak = cli_batch(cli, photos, args.photos)
        add_posts(cli, photos, args.posts)
        load = queue_load(cli, args.posts, args.seconds)
        rps = load["requests"] / load["seconds"]
        print(f"== web: the approval queue, {args.posts} posts of 4 photos, signed in as head; wrk, 2 threads, 16 connections, {args.seconds} s")
        print(f"  GET /queue: {rps:.1f} requests/s ({load['requests']:.0f} requests), latency p50 {load['p50']:.1f} ms,"
              f" p95 {load['p95']:.1f} ms, p99 {load['p99']:.1f} ms, max {load['max']:.1f} ms")
        print(f"  the first load, which renders the page (later loads reuse it until anything changes): {load['first_ms']:.0f} ms")
        print(f"  p95 {load['p95']:.1f} ms (target < 50 ms): {verdict(load['p95'] < 50)}")
        print(f"  responses other than 200: {load['not_200']:.0f}, socket errors: {load['socket_errors']:.0f} (target 0):"
              f" {verdict(load['not_200'] == 0 and load['socket_errors'] == 0)}")

        progress(f"the web batch: {args.photos} photos…")
        web = School(args.photogate, os.path.join(scratch, "web"))
        web_seconds, upload_seconds, loads, server_peak = web_batch(web, photos)
        progress("")
        ratio = web_seconds / cli_seconds
        print(f"== web: a batch of {args.photos} photos of 12 MP from amy-phone for school-facebook, each on a fresh home")
        print(f"  {'photogate batch (command line)':<44} {cli_seconds:7.1f} s  (peak {cli_peak} MB)")
        print(f"  {'POST /batches until its page says Done:':<44} {web_seconds:7.1f} s  (upload {upload_seconds:.1f} s,"
              f" server peak {server_peak} MB; the batch page loaded {len(loads)} times, {1000 * sum(loads) / len(loads):.0f} ms"
              f" on average, {1000 * max(loads):.0f} ms at most)")
        print(f"  ratio {ratio:.2f}x the command line (target <= 1.10x): {verdict(ratio <= 1.10)}")
    finally:
        shutil.rmtree(scratch)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

"""Hostile uploads against a real server: peak memory and time to the refusal or preview, and the
sign-in page's latency meanwhile (issue 12).

Loads the demo into a temporary SQLite database, serves it with `coalitionlens serve` on a free
loopback port (default `--workers 1`: waitress, what `coalitionlens serve` runs by default; more
workers is gunicorn), signs in as the coordinator of the largest demo coalition and uploads, one at
a time, through the import form:

* a 14 MB CSV of 3.5 million tiny rows (under the 20 MB cap);
* a 1.5 KB XLSX whose only cell sits in row 1,048,576, once with the <dimension> Excel writes and
  once without one;
* zip bombs: an XLSX whose sheet unpacks to 1 GiB, and one of 190 MiB, just under the 200 MiB cap
  (read to the end: its sheet holds nothing);
* a 200 MB file (a body past the size cap, sent as a browser would, a piece at a time);
* over-long cells: a CSV cell of 140,000 characters and an XLSX cell of 10 million;
* formula cells holding text: 2,000 rows whose names are formulas with text results (a preview);
* a CSV line of 7 million fields, and an ODS row repeated a million times.

For each it prints the server's peak resident memory above its idle level (VmHWM after resetting
it through /proc/<pid>/clear_refs, minus VmRSS just before; for gunicorn the worker that peaked),
the time from the first byte sent to the refusal, or to the preview page for a file that is read,
and what the server answered; and, from a second client requesting /accounts/login/ in a loop
while the upload runs, that page's p95 and worst latency. Targets: at most 300 MB above idle and
10 s for every file, and a sign-in p95 of at most 500 ms. Exits 1 when a target is missed.

Run:  .venv/bin/python bench/uploads.py [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from _serving import free_port, sign_in, wait

SLUG = "lenhara"
TARGET_MB = 300.0
TARGET_SECONDS = 10.0
TARGET_LOGIN_P95_MS = 500.0
BIN = Path(sys.executable).parent / "coalitionlens"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PIECE = 1 << 16


# --- the hostile files ---------------------------------------------------------------------------


def _xlsx(sheet_xml: Callable[[zipfile.ZipFile], None]) -> bytes:
    """A minimal workbook of one sheet ("organisations"), its XML written by ``sheet_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="organisations" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        sheet_xml(z)
    return out.getvalue()


def _sheet(body: str, dimension: str = "") -> Callable[[zipfile.ZipFile], None]:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{head}<sheetData>{body}</sheetData></worksheet>'
    return lambda z: z.writestr("xl/worksheets/sheet1.xml", xml)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sparse_xlsx(dimension: bool) -> bytes:
    cell = '<row r="1048576">' + _inline("A1048576", "Riverside Legal Aid") + "</row>"
    return _xlsx(_sheet(cell, "A1048576" if dimension else ""))


def zip_bomb(mib: int = 1024) -> bytes:
    """A sheet of ``mib`` MiB of spaces between its rows (deflate packs it about 1,000 to 1)."""

    def write(z: zipfile.ZipFile) -> None:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            spaces = b" " * (1 << 20)
            for _ in range(mib):
                f.write(spaces)
            f.write(b"</sheetData></worksheet>")

    return _xlsx(write)


def long_xlsx_cell() -> bytes:
    header = '<row r="1">' + _inline("A1", "name") + _inline("B1", "notes") + "</row>"
    row = '<row r="2">' + _inline("A2", "Lotus") + _inline("B2", "x" * 10_000_000) + "</row>"
    return _xlsx(_sheet(header + row, "A1:B2"))


def formula_text_xlsx(rows: int = 2000) -> bytes:
    header = '<row r="1">' + _inline("A1", "name") + _inline("B1", "sector") + "</row>"
    body = "".join(
        f'<row r="{i}"><c r="A{i}"><f>"Lotus "&amp;ROW()</f><v>Lotus {i}</v></c>'
        + _inline(f"B{i}", "CIVIL_SOCIETY")
        + "</row>"
        for i in range(2, rows + 2)
    )
    return _xlsx(_sheet(header + body, f"A1:B{rows + 1}"))


def ods_repeated_row() -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    rows = (
        "<table:table-row>" + cell.format("name") + cell.format("sector") + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1000000">'
        + cell.format("Riverside")
        + cell.format("CIVIL_SOCIETY")
        + "</table:table-row>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {ns}><office:body><office:spreadsheet>'
            f'<table:table table:name="Organisations">{rows}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return out.getvalue()


@dataclass
class Case:
    name: str
    filename: str
    size: int
    chunks: Callable[[], Iterator[bytes]]


def _bytes(name: str, filename: str, data: bytes) -> Case:
    return Case(name, filename, len(data), lambda: iter([data]))


def _repeat(name: str, filename: str, head: bytes, piece: bytes, size: int) -> Case:
    """``head`` then ``piece`` repeated to ``size`` bytes, produced while it is sent."""

    def chunks() -> Iterator[bytes]:
        yield head
        block = piece * max(1, PIECE // len(piece))
        sent = len(head)
        while sent < size:
            part = block[: size - sent]
            sent += len(part)
            yield part

    return Case(name, filename, size, chunks)


def cases() -> list[Case]:
    return [
        _repeat("CSV, 3.5 M tiny rows (14 MB)", "rows.csv", b"name,sector\n", b"x,y\n", 14_000_012),
        _bytes("XLSX, one cell in row 1,048,576", "sparse.xlsx", sparse_xlsx(True)),
        _bytes("  the same, no <dimension>", "sparse-nodim.xlsx", sparse_xlsx(False)),
        _bytes("XLSX zip bomb (1 GiB unpacked)", "bomb.xlsx", zip_bomb()),
        _bytes("  one of 190 MiB (under the cap)", "bomb190.xlsx", zip_bomb(190)),
        _repeat(
            "a 200 MB file", "huge.csv", b"name,sector\n", b"Riverside,CIVIL_SOCIETY\n", 200 << 20
        ),
        _bytes(
            "CSV cell of 140,000 characters",
            "long.csv",
            b'name,sector,notes\nLotus,CIVIL_SOCIETY,"' + b"x" * 140_000 + b'"\n',
        ),
        _bytes("XLSX cell of 10 M characters", "long.xlsx", long_xlsx_cell()),
        _bytes("XLSX, 2,000 formula cells of text", "formulas.xlsx", formula_text_xlsx()),
        _repeat("CSV line of 7 M fields (20 MB)", "wide.csv", b"", b"ab,", 20_000_000),
        _bytes("ODS row repeated 1 M times", "repeat.ods", ods_repeated_row()),
    ]


# --- the server ----------------------------------------------------------------------------------


def _status(pid: int, field: str) -> int:
    """A VmRSS / VmHWM figure of a process, in kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} for process {pid}")


def _workers(pid: int, workers: int) -> list[int]:
    """The processes that serve requests: the server itself, or gunicorn's workers."""
    if workers == 1:
        return [pid]
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def _reset_peaks(pids: list[int]) -> dict[int, int]:
    idle = {}
    for pid in pids:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current VmRSS
        idle[pid] = _status(pid, "VmRSS")
    return idle


# --- one upload ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    body: str
    sent: int


def _upload(port: int, path: str, cookies: str, token: str, case: Case) -> Answer:
    """POST ``case`` as multipart/form-data, a piece at a time as a browser would, stopping as
    soon as the server answers (waitress refuses a body past its limit before reading it)."""
    boundary = "----coalitionlensbench"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{case.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + case.size + len(tail)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()
    sock = socket.create_connection(("127.0.0.1", port))
    sent = 0
    answered = False
    try:
        sock.sendall(request)
        for chunk in (head, *case.chunks(), tail):
            for start in range(0, len(chunk), PIECE):
                if select.select([sock], [], [], 0)[0]:
                    answered = True
                    break
                sock.sendall(chunk[start : start + PIECE])
                sent += min(PIECE, len(chunk) - start)
            if answered:
                break
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused mid-body: the answer is waiting
    received = b""
    try:
        while chunk := sock.recv(PIECE):
            received += chunk
    except ConnectionResetError:
        pass  # the server closed after its answer: what arrived is all there is
    sock.close()
    head_part, _sep, body = received.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
    location = next(
        (ln.split(":", 1)[1].strip() for ln in lines if ln.lower().startswith("location:")), ""
    )
    return Answer(status, location, body.decode("utf-8", "replace"), sent)


def _said(answer: Answer) -> str:
    if answer.status == 302:
        return "read: preview"
    found = re.search(r'<div class="invalid-feedback d-block">(.*?)</div>', answer.body, re.S)
    text = found.group(1) if found else answer.body.strip().splitlines()[0] if answer.body else ""
    text = re.sub(r"\s+", " ", text.replace("&#x27;", "'").replace("&quot;", '"')).strip()
    return f"{answer.status} {text[:150]}"


def _get(url: str) -> None:
    urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 - loopback


def _login_loop(base: str, stop: threading.Event, timings: list[float]) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=60).read()  # noqa: S310
        except OSError:
            timings.append(60_000.0)
            continue
        timings.append(1000 * (time.perf_counter() - t))
        time.sleep(0.02)


def _p95(xs: list[float]) -> float:
    return (
        statistics.quantiles(xs, n=20, method="inclusive")[-1]
        if len(xs) > 1
        else (xs[0] if xs else 0.0)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    workers = parser.parse_args().workers
    print("building the hostile files…", flush=True)
    files = cases()
    failed = False
    with tempfile.TemporaryDirectory() as data_dir:
        # Demo mode: the demo coordinators sign in without a second factor (docs/security.md).
        env = {**os.environ, "COALITIONLENS_DATA_DIR": data_dir, "COALITIONLENS_DEMO": "1"}
        env.pop("DATABASE_URL", None)
        t0 = time.perf_counter()
        demo = [str(BIN), "demo", "--no-serve"]
        subprocess.run(demo, env=env, check=True, capture_output=True)  # noqa: S603 - our command
        print(f"demo loaded in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        command = [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*command, "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        path = f"/c/{SLUG}/import/"
        try:
            wait(base + "/accounts/login/")
            opener, jar = sign_in(base, SLUG)
            cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
            html = opener.open(base + path).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            assert token, "no CSRF token on the import page"
            csrf = token.group(1)
            # Warm-up: the sign-in page and a small file of each format, a few times so that
            # every gunicorn worker has served them (the idle server has every reader loaded).
            warmers = [
                threading.Thread(
                    target=lambda: [_get(base + "/accounts/login/") for _ in range(10)]
                )
                for _ in range(2 * workers)
            ]
            for th in warmers:
                th.start()
            for th in warmers:
                th.join()
            for warm in (
                2
                * workers
                * (
                    _bytes("", "w.csv", b"name,sector\nLotus,CIVIL_SOCIETY\n"),
                    _bytes("", "w.xlsx", formula_text_xlsx(5)),
                    _bytes("", "w.ods", ods_repeated_row().replace(b"1000000", b"2")),
                )
            ):
                answer = _upload(port, path, cookies, csrf, warm)
                if answer.location:
                    opener.open(base + answer.location).read()
            pids = _workers(server.pid, workers)
            print(
                f"\nserver: coalitionlens serve --workers {workers}  "
                f"(idle RSS {sum(_status(p, 'VmRSS') for p in pids) / 1024:.0f} MB)"
            )
            print(
                f"{'file':36s} {'size':>9s} {'peak MB':>8s} {'time s':>7s} "
                f"{'sign-in p95/max ms':>19s}  answer"
            )
            for case in files:
                idle = _reset_peaks(pids)
                stop, timings = threading.Event(), []  # type: ignore[var-annotated]
                pinger = threading.Thread(target=_login_loop, args=(base, stop, timings))
                pinger.start()
                time.sleep(0.1)
                start = time.perf_counter()
                answer = _upload(port, path, cookies, csrf, case)
                if answer.status == 302:
                    opener.open(base + answer.location).read()
                elapsed = time.perf_counter() - start
                time.sleep(0.1)
                stop.set()
                pinger.join()
                peak = max(0, *(_status(p, "VmHWM") - idle[p] for p in pids)) / 1024
                p95 = _p95(timings)
                ok = peak <= TARGET_MB and elapsed <= TARGET_SECONDS and p95 <= TARGET_LOGIN_P95_MS
                failed |= not ok or answer.status not in (302, 400, 413)
                size = (
                    f"{case.size / 2**20:.1f} MB"
                    if case.size >= 2**20
                    else f"{case.size / 1024:.1f} KB"
                )
                sent = "" if answer.sent >= case.size else f" [sent {answer.sent / 2**20:.1f} MB]"
                print(
                    f"{case.name:36s} {size:>9s} {peak:8.1f} {elapsed:7.2f} "
                    f"{p95:9.0f}/{max(timings, default=0):<9.0f}  {_said(answer)}{sent}"
                    + ("" if ok else "  ← MISSES A TARGET"),
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(
        f"\ntargets: peak ≤ {TARGET_MB:.0f} MB above idle, ≤ {TARGET_SECONDS:.0f} s to the refusal "
        f"or preview, sign-in p95 ≤ {TARGET_LOGIN_P95_MS:.0f} ms during the upload"
    )
    print("OK" if not failed else "OVER A TARGET")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""For tests that need the app as people run it: ``coalitionlens serve`` in its own process, a plain
HTTP client that keeps cookies, and a TCP proxy that can cut the network between the app and
PostgreSQL (a partition: connections stay open, nothing gets through)."""

from __future__ import annotations

import contextlib
import errno
import http.cookiejar
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def person_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """A shell without the test suite's configuration, with the data folder and ``extra`` set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        and not k.startswith(("COALITIONLENS_", "PYTEST"))
    }
    env["COALITIONLENS_DATA_DIR"] = str(data_dir)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


class Client:
    """A browser-like client: cookies, the CSRF token of the last page, and every status returned
    (not raised)."""

    def __init__(self, base: str, language: str = "en") -> None:
        self.base = base
        self.language = language
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def _send(self, request: urllib.request.Request, timeout: float) -> Answer:
        request.add_header("Accept-Language", self.language)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, headers, raw = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, dict(error.headers), error.read()
        body = raw.decode(errors="replace")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if found:
            self.csrf = found[1]
        return Answer(status, headers, body, time.monotonic() - started)

    def get(self, path: str, timeout: float = 60) -> Answer:
        return self._send(urllib.request.Request(self.base + path), timeout)  # noqa: S310

    def post(self, path: str, data: dict[str, str], timeout: float = 60) -> Answer:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        return self._send(request, timeout)


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def serving(env: dict[str, str], workdir: Path) -> Iterator[Server]:
    """``coalitionlens serve`` on a free loopback port until the block ends (then Ctrl+C)."""
    port = free_port()
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "coalitionlens"), "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve stopped: {server.stderr()}")
            try:
                urllib.request.urlopen(server.base + "/accounts/login/", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"serve did not answer: {server.stderr()}") from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


class Partition:
    """A TCP proxy on loopback in front of ``target``; :meth:`cut` stops it forwarding anything in
    either direction (connections stay open and new ones are accepted, as across a silent network),
    :meth:`heal` lets it forward again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.threads: list[threading.Thread] = []
        self._spawn(self._accept)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self.threads.append(thread)

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._spawn(self._pump, client, upstream)

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        with a, b:
            while not self.stopped.is_set():
                if not self.forwarding.is_set():
                    time.sleep(0.05)  # cut: read nothing, send nothing
                    continue
                readable, _, _ = select.select([a, b], [], [], 0.1)
                for source in readable:
                    try:
                        data = source.recv(65536)
                    except OSError:
                        return
                    if not data:
                        return
                    (b if source is a else a).sendall(data)

    def cut(self) -> None:
        self.forwarding.clear()

    def heal(self) -> None:
        self.forwarding.set()

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=2)


# --- a small disk: a 20 MB tmpfs (needs root) ---------------------------------------------------


def fill(folder: Path) -> Path:
    """Write a file until the disk holding ``folder`` has not a byte left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (2**20, 4096, 512, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    assert shutil.disk_usage(folder).free == 0
    return filler


@contextlib.contextmanager
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 20 MB tmpfs mounted under ``tmp_path`` for the block (the test is skipped unless root)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)

"""What the benches that drive a real server share: a free loopback port, waiting for the server to
answer, and signing in as a demo coordinator (servers run in demo mode: no second factor)."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import time
import urllib.parse
import urllib.request

DEMO_PASSWORD = "lens-demo-2026"  # noqa: S105 - the published demo password


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(url: str, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def sign_in(base: str, slug: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    """Sign in as ``coordinator@<slug>.demo``; the opener carries the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "login": f"coordinator@{slug}.demo",
            "password": DEMO_PASSWORD,
        }
    ).encode()
    req = urllib.request.Request(  # noqa: S310 - loopback http only
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(req).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"could not sign in as coordinator@{slug}.demo at {base}")
    return opener, jar

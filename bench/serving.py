"""What ``bench/http.py`` drives: gunicorn servers, wrk runs, signing in, the machine."""
from __future__ import annotations

import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import create_engine, text

BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
#: the same load for every page: 2 threads, 16 connections, latency percentiles
WRK = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn of two sync workers on a free port of 127.0.0.1."""

    def __init__(self, wsgi: str, env: dict, cwd: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{self.port}", "--log-level",
             "warning", wsgi], env={**os.environ, **env}, cwd=cwd)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{wsgi} did not answer 200 on / within 20 seconds")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def rss_mb(self) -> float:
        """The largest worker's resident memory, in MB."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        children = path.read_text().split()
        sizes = [int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{c}/status").read_text())[1])
                 for c in children]
        return max(sizes) / 1024

    def drain(self) -> None:
        """Wait for the requests wrk left queued: sync workers finish them after wrk has gone."""
        for _ in range(2):
            try:
                urllib.request.urlopen(self.base + "/no-such-page", timeout=120).read()
            except urllib.error.HTTPError:
                pass

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, *extra: str) -> dict:
    """Run wrk on ``url``; return req/s, p50 and p99 in ms, errors, and the raw output."""
    out = subprocess.run([*WRK, *extra, url], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
            "p50": ms("50%"), "p99": ms("99%"),
            "errors": (int(non2xx[1]) if non2xx else 0)
            + (sum(map(int, sock.groups())) if sock else 0),
            "out": out}


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the login form; return the Cookie header of the signed-in session."""
    with urllib.request.urlopen(base + "/login") as response:
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.read().decode())
    data = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": token[1] if token else ""}).encode()
    request = urllib.request.Request(base + "/login", data=data, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request)
    except urllib.error.HTTPError as error:
        cookies = error.headers.get_all("Set-Cookie") or []
        return "; ".join(c.split(";")[0] for c in cookies)
    raise RuntimeError("signing in did not redirect")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep a redirect as the response, to read its cookies."""

    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def api_token(base: str, email: str, password: str) -> str:
    """A bearer token from the API."""
    data = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(base + "/api/v1/tokens", method="POST", data=data,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["token"]


def versions(url: str) -> str:
    """Python, database, gunicorn, Flask and wrk versions."""
    engine = create_engine(url)
    with engine.connect() as connection:
        server = connection.scalar(text("SELECT sqlite_version()" if url.startswith("sqlite")
                                        else "SHOW server_version"))
    engine.dispose()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return (f"Python {platform.python_version()}, {url.split(':')[0].split('+')[0]} {server}, "
            f"gunicorn {version('gunicorn')}, Flask {version('flask')}, "
            f"SQLAlchemy {version('sqlalchemy')}, wrk {wrk_version}")


def machine() -> str:
    """CPU model, cores, memory and load at the start."""
    cpu = re.search(r"model name\s+: (.*)", Path("/proc/cpuinfo").read_text())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1]) // 1024**2
    load = os.getloadavg()[0]
    return (f"{cpu[1].strip() if cpu else platform.machine()}, {os.cpu_count()} cores, "
            f"{memory} GB, load average {load:.1f} at the start")


def publish(text: str, url: str, kind: str = "") -> None:
    """Print a report and keep it as ``bench/results/<time>-[<kind>-]<database>.md``."""
    print(text)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = "-".join(part for part in (stamp, kind, url.split(":")[0].split("+")[0]) if part)
    (results / f"{name}.md").write_text(text)
    print(f"Written to bench/results/{name}.md")

"""The app and the bare page behind real gunicorn servers: timings over HTTP, and a worker's memory."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
REQUESTS_FOR_MEMORY = 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(target: str, env: dict):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [GUNICORN, "--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                get(port, "/login" if "coordinator" in target else "/courses?n=1")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {target} did not start: {process.stderr.read().decode()[-2000:]}")
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(10)


def request(port: int, method: str, path: str, headers=None, body=None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes]:
    return request(port, "GET", path, headers)


def login(port: int) -> str:
    """Log in through the real form (with its CSRF token); returns the session cookie."""
    _status, headers, body = get(port, "/login")
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
    form = urlencode({"csrf_token": token, "username": "admin", "password": "coordinator-demo"})
    status, headers, _body = request(port, "POST", "/login", {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, form)
    if status != 302:
        raise RuntimeError("could not log in through gunicorn")
    cookie = headers.get("Set-Cookie", cookie).split(";", 1)[0]
    # The page after log-in shows the welcome message and sends the cookie without it, as a browser keeps it;
    # sending the log-in's cookie every time would show the message on every page.
    _status, headers, _body = get(port, "/", {"Cookie": cookie})
    return headers.get("Set-Cookie", cookie).split(";", 1)[0]


def timed(port: int, path: str, headers: dict) -> float:
    started = time.perf_counter()
    status, _h, _b = get(port, path, headers)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    return (time.perf_counter() - started) * 1000


def worker_rss_mb(master_pid: int) -> float:
    """The resident memory of the gunicorn master's (only) worker, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def through_gunicorn(pages, url: str, secret: str, token: str, runs: int) -> dict:
    env = {"DATABASE_URL": url, "BENCH_DATABASE_URL": url, "SECRET_KEY": secret, "COORDINATOR_ENV": "development",
           "PYTHONPATH": str(ROOT)}
    memory = {}
    with gunicorn("coordinator:create_app()", env) as (app_port, app_pid), \
            gunicorn("bench.bare:from_env()", env) as (bare_port, _bare_pid):
        cookie = login(app_port)
        for page in pages:
            headers = ({"Authorization": f"Bearer {token}"} if page.api else {} if page.anonymous
                       else {"Cookie": cookie})
            bare_path = page.yardstick()
            timed(app_port, page.url, headers)
            timed(bare_port, bare_path, {})
            for _ in range(runs):
                page.http_app.append(timed(app_port, page.url, headers))
                page.http_bare.append(timed(bare_port, bare_path, {}))
        # Memory: every page in turn, 1,000 requests; read after the warm-up, half-way and at the end.
        memory["start"] = worker_rss_mb(app_pid)
        for n in range(1, REQUESTS_FOR_MEMORY + 1):
            page = pages[n % len(pages)]
            headers = {"Authorization": f"Bearer {token}"} if page.api else {"Cookie": cookie}
            timed(app_port, page.url, headers)
            if n == REQUESTS_FOR_MEMORY // 2:
                memory["half"] = worker_rss_mb(app_pid)
        memory["end"] = worker_rss_mb(app_pid)
    return memory

"""Real back-office processes for tests that need more than the test client: gunicorn on a
loopback port against the test database, and a tiny cookie-keeping HTTP client."""

import contextlib
import http.client
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, secret_key: str = "test-secret", workers: int = 1,
             log: Path | None = None, serve: bool = False):  # fmt: skip
    """One gunicorn master with `workers` sync workers (or, `serve`, as `loket serve` runs
    it: threaded workers); yields (base URL, master process). Its log (warnings and errors:
    worker timeouts, tracebacks) goes to the file `log`, else to a temporary file, so a
    chatty server never blocks on a full pipe."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": secret_key}
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "backoffice:create_app()"]  # fmt: skip
    if serve:
        command = [sys.executable, "-m", "backoffice.cli", "serve", "-w", str(workers),
                   "-b", f"127.0.0.1:{port}"]  # fmt: skip
    with (
        open(log, "w+b") if log else tempfile.TemporaryFile() as errors,
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors) as process,
    ):
        try:
            wait_for_port(port, process, errors)
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a worker still busy with a slow request
                process.kill()
                process.wait()


def wait_for_port(port: int, process, errors, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors.seek(0)
            raise RuntimeError(errors.read().decode()[-2000:])
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answered on port {port}")


def worker_pid(master) -> int:
    path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = path.read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise TimeoutError("gunicorn started no worker")


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps cookies across servers of one site, as a browser would; never follows redirects."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def post_form(self, url: str, data: dict) -> tuple[int, str]:
        from tests.factories import csrf_token

        _, page = self.request(url)
        return self.request(url, {**data, "csrf_token": csrf_token(page)})


def post_raw(base: str, path: str, size: int, chunked: bool = False, cookie: str = "") -> int:
    """POST `size` bytes of form data in 64 KiB pieces; the status the server answered."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    piece = b"x" * 65536
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        connection.putheader("Cookie", cookie)
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(size))
    connection.endheaders()
    with contextlib.suppress(OSError):  # the server may answer and close before the end
        for _ in range(size // len(piece)):
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            connection.send(b"0\r\n\r\n")
    try:
        return connection.getresponse().status
    finally:
        connection.close()

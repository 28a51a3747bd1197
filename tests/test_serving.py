"""`loket serve` survives slow clients (issue 18): fifty connections that trickle their
headers one line a second leave every normal request answered in time. (Measured against
`gunicorn -w 3` sync workers on the same machine: the normal requests waited 10 s and timed
out.)"""

import contextlib
import socket
import statistics
import threading
import time
import urllib.request

from tests.live import gunicorn

SLOW, NORMAL = 50, 20


@contextlib.contextmanager
def slow_clients(base: str, n: int):
    """`n` connections that send a request line and then one header line a second."""
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    for _ in range(n):
        connection = socket.create_connection((host, int(port)))
        connection.sendall(b"GET /login HTTP/1.1\r\nHost: loket\r\n")
        sockets.append(connection)
    stop = threading.Event()

    def trickle():
        while not stop.wait(1):
            for connection in sockets:
                with contextlib.suppress(OSError):
                    connection.sendall(b"X-Lambat: ya\r\n")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        for connection in sockets:
            connection.close()


def test_fifty_slow_connections_do_not_starve_a_normal_request(backend, db):
    _, url, _ = backend
    with gunicorn(url, workers=2, serve=True) as (base, _):
        assert urllib.request.urlopen(f"{base}/login", timeout=10).status == 200
        with slow_clients(base, SLOW):
            time.sleep(1.5)  # every slow connection is open and has started its request
            times = []
            for _ in range(NORMAL):
                began = time.perf_counter()
                assert urllib.request.urlopen(f"{base}/login", timeout=10).status == 200
                times.append(time.perf_counter() - began)
    print(f"\n{NORMAL} requests beside {SLOW} slow connections: median "
          f"{statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")
    assert max(times) < 2.0


def test_a_pooled_url_waits_for_a_free_connection_rather_than_failing(backend, db):
    """64 threads over a pool of 8: a thread past the eighth waits (up to 10 s) for a
    connection (peewee's pool raised MaxConnectionsExceeded at once, a 500)."""
    from backoffice.db import POOL_WAIT_SECONDS, database, open_database

    bound = database.obj
    try:
        pooled = open_database("postgresql+pool://u@127.0.0.1/loket?max_connections=8")
        assert pooled._wait_timeout == POOL_WAIT_SECONDS == 10
        told = open_database("postgresql+pool://u@127.0.0.1/loket?max_connections=8&timeout=3")
        assert told._wait_timeout == 3
    finally:
        database.initialize(bound)

"""`loket serve`: the back-office as production serves it, under gunicorn with threaded
workers (gthread).

A sync worker is a whole process held by one connection until it ends: three slow clients
holding sockets open made gunicorn's timeout kill every `-w 3` sync worker (issue 17), and
fifty starve any number a machine can run. A gthread worker waits for a connection's request
in its main loop and hands it to one of `threads` threads only once the request's first bytes
have come; each thread then holds a database connection only while it serves a request. So
many slow or idle connections cost threads, not processes, and a normal request still finds
a free one (`tests/test_serving.py`: 50 slow connections). Past that, nginx in front (README,
*Deployment*) buffers whole requests before they reach gunicorn, for any number of them.
"""

from gunicorn.app.base import BaseApplication

# Two processes (a crash costs half the capacity, not all) of 64 threads. A slow connection
# holds a thread while it sends its request, and the kernel may hand most connections to one
# process: each alone must hold fifty slow ones with threads to spare (at 32 threads, one of
# three runs starved a normal request). A thread is cheap while it waits: no database
# connection is open until its request is read.
DEFAULTS = {
    "worker_class": "gthread",
    "workers": 2,
    "threads": 64,
    "timeout": 60,  # a worker silent this long is restarted (the work itself is on the queue)
    "graceful_timeout": 30,
    "keepalive": 5,
    "accesslog": "-",
    "errorlog": "-",
}


class BackOffice(BaseApplication):
    """gunicorn running `backoffice.create_app()` with `options` over DEFAULTS."""

    def __init__(self, options: dict) -> None:
        self.options = DEFAULTS | {k: v for k, v in options.items() if v is not None}
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        from backoffice import create_app

        return create_app()


def serve(bind: str, workers: int | None = None, threads: int | None = None) -> None:
    """Serve on `bind` ("127.0.0.1:8000") until stopped (SIGTERM: requests finish first)."""
    BackOffice({"bind": bind, "workers": workers, "threads": threads}).run()

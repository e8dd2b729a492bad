"""gunicorn settings for caseflow: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every value can be changed through a ``GUNICORN_*`` environment variable (the unit's
EnvironmentFile), so this file stays as shipped. docs/deploy.md explains the numbers.

Workers: ``2 × cores + 1``, at most ``GUNICORN_MAX_WORKERS`` (12): enough to keep the cores
busy while some requests wait on PostgreSQL, and each worker holds its own database pool,
so more workers cost PostgreSQL connections (see docs/deploy.md for the arithmetic).

Worker type: ``sync`` (one request per process at a time). caseflow's requests are short
and mostly Python (rendering, forms) under the GIL, so threads add little throughput; the
reverse proxy buffers slow clients, which is what sync workers need; and one request per
process means one database connection per worker and no shared state between requests in
a process. ``GUNICORN_THREADS`` above 1 switches to ``gthread`` (that many requests per
process; raise the pool size to match) where long waits on the database dominate.

preload_app: off by default. With preload the application (and its SQLAlchemy engine) is
built once in the master and the workers are forked from it; a pooled connection opened
before the fork would then be shared by several processes, which corrupts the protocol
stream. create_app opens none today, but nothing guarantees that stays so; without preload
each worker builds its own application and engine after the fork, and a HUP reload picks
up new code. ``GUNICORN_PRELOAD=1`` saves memory (copy-on-write) and starting time; the
``post_fork`` hook below then discards every inherited pooled connection in the child
(``engine.dispose(close=False)``, which leaves the parent's sockets alone).
"""

from __future__ import annotations

import os
from typing import Any


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _cores() -> int | None:
    """The cores this process may run on (a CPU quota or affinity mask counts, not the host)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def worker_count(cores: int | None, cap: int) -> int:
    return max(2, min(2 * (cores or 1) + 1, cap))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int(
    "GUNICORN_WORKERS",
    worker_count(_cores(), _int("GUNICORN_MAX_WORKERS", 12)),
)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request taking longer than this is a bug or an overload: the worker is killed and
# replaced (the annual overview hit the default 30 s; long work belongs in tasks).
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a restart or HUP, requests in flight get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive to the reverse proxy on the same machine or network.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace a worker after this many requests (spread by the jitter, so not all at once):
# whatever a worker leaks, it does not keep.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

preload_app = os.environ.get("GUNICORN_PRELOAD", "0") == "1"
# The heartbeat file on tmpfs (on a disk it can block a worker, gunicorn's FAQ): the unit's
# RuntimeDirectory under /run, which systemd names in RUNTIME_DIRECTORY.
worker_tmp_dir = os.environ.get("GUNICORN_TMP_DIR") or os.environ.get("RUNTIME_DIRECTORY")
# No runtime control socket (gunicorn ≥ 25): systemd manages the process.
control_socket_disable = True

# Access log to stderr (journald), each line with the request id the application returns
# in X-Request-ID (the same id as in its JSON request log and in the tasks it starts).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
proc_name = "caseflow-web"


def post_fork(server: Any, worker: Any) -> None:
    """With preload, drop the pooled connections the child inherited from the master."""
    if not preload_app:
        return
    import wsgi
    from caseflow.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)


def child_exit(server: Any, worker: Any) -> None:
    """prometheus_client's multiprocess mode (docs/deploy.md, Metrics): a dead worker's live
    gauges are dropped; its counters and histograms stay counted."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]

"""gunicorn settings, read from the environment. jieba and OpenCC load in each worker before its first
request (post_worker_init), never per request."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = 'time=%(t)s method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_us=%(D)s remote=%(h)s'


def post_worker_init(worker):
    from search.warmup import warm_up

    warm_up()

"""gunicorn settings for the KlimOp portal: `gunicorn -c deploy/gunicorn.conf.py klimop.wsgi`.

Every value can be overridden from the environment (the systemd unit reads /etc/klimop/klimop.env).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A PDF of a long case takes a few seconds; anything past this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Logs go to stdout/stderr (journald). No access log by default: its URLs and query strings can hold search
# terms such as a pupil's name; turn it on with GUNICORN_ACCESSLOG=- only for a short investigation.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind the school's proxy: trust X-Forwarded-* from it only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

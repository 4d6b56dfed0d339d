"""Gunicorn settings of the embedded platform: one process, threads, loopback only."""

# the bind address is given on the command line by the Makefile (127.0.0.1:$PORT)
workers = 1  # one process: the in-process bus and index live in it
worker_class = "gthread"
threads = 8
timeout = 120
graceful_timeout = 20
accesslog = "-"
access_log_format = '{"remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":"%(b)s","ms":%(M)s}'

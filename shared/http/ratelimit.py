"""A small in-process sliding-window rate limiter for the kiosk-facing endpoints.

Every request counts against two windows: one per (route, token) and one per (route,
client address), so neither a leaked kiosk token used from many places nor one device
cycling through tokens gets past the limit. Counts live in this process's memory: with
several gunicorn workers each enforces the limit on its own share (a shared store would
be the next step if that ever matters more than the extra round trip).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from flask import current_app, request

from shared.auth.tokens import Principal
from shared.errors import TooManyRequests

_EXT = "jisr.ratelimit"


class SlidingWindowLimiter:
    """At most ``limit`` hits per key within any ``window_s`` seconds (0: no limit)."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def hit(self, *keys: str) -> int | None:
        """Count one hit on every key; None when allowed, else seconds until one is.

        A refused hit is not counted, so a client that waits ``Retry-After`` gets in.
        """
        if self.limit <= 0:
            return None  # 0 switches the limit off
        now = self._clock()
        with self._lock:
            self._calls += 1
            if self._calls % 1000 == 0:
                self._forget(now)
            windows = [self._window(k, now) for k in keys]
            waits = [w[0] + self.window_s - now for w in windows if len(w) >= self.limit]
            if waits:
                return max(1, math.ceil(max(waits)))
            for w in windows:
                w.append(now)
        return None

    def _window(self, key: str, now: float) -> deque[float]:
        window = self._hits.setdefault(key, deque())
        while window and window[0] <= now - self.window_s:
            window.popleft()
        return window

    def _forget(self, now: float) -> None:
        # Keys of clients that went away must not pile up in memory.
        for key in [k for k, w in self._hits.items() if not w or w[-1] <= now - self.window_s]:
            del self._hits[key]


def init_rate_limit(app: object, limiter: SlidingWindowLimiter) -> None:
    """Attach a limiter to a Flask app; views call :func:`limit`."""
    app.extensions[_EXT] = limiter  # type: ignore[attr-defined]


LIMITED_ROLES = ("kiosk", "returnee")


def limit(route: str, principal: Principal) -> None:
    """429 (with ``Retry-After``) when this token or this client address is over the limit.

    Only kiosk devices and kiosk sessions are limited: they are the public-facing clients;
    staff and service tokens are accountable by name and must not be throttled by them.
    """
    limiter: SlidingWindowLimiter | None = current_app.extensions.get(_EXT)
    if limiter is None or principal.role not in LIMITED_ROLES:
        return
    keys = [f"{route}|token:{principal.token_id}"]
    if request.remote_addr:
        keys.append(f"{route}|addr:{request.remote_addr}")
    wait = limiter.hit(*keys)
    if wait is not None:
        raise TooManyRequests("too many requests; slow down", retry_after=wait)

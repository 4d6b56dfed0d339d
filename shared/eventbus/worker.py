"""Runs a consumer: apply each record, commit after applying, retry, then dead-letter."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError

from shared.errors import Unavailable
from shared.eventbus.port import BusUnavailable, Consumer, EventBus, Record
from shared.messages import Envelope
from shared.topics import dead_letter

log = logging.getLogger(__name__)


class PermanentError(Exception):
    """A message that can never be applied (malformed, unknown type): dead-letter it at once."""


class _Paused(Exception):
    """A dependency is down: stop the batch, rewind, and try again later (never dead-letter)."""


Handler = Callable[[Envelope], None]


class ConsumerWorker:
    """One consumer group member applying records with ``handle`` on a background thread."""

    def __init__(
        self,
        bus: EventBus,
        group: str,
        topics: list[str],
        handle: Handler,
        max_attempts: int = 5,
        backoff_s: float = 0.1,
    ) -> None:
        self._bus = bus
        self.group = group
        self._topics = topics
        self._handle = handle
        self._max_attempts = max_attempts
        self._backoff = backoff_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._consumer: Consumer | None = None
        self.applied = 0
        self.dead_lettered = 0
        self.healthy = True
        self.idle = threading.Event()
        self.last_lag = -1  # records not yet committed, as last measured (-1: unknown)
        self._lag_at = 0.0

    def start(self) -> None:
        """Start the polling thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"consumer-{self.group}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current record; uncommitted records come again next start."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def lag(self) -> int:
        """Records of the subscribed topics that the group has not committed (-1 if unknown)."""
        try:
            consumer = self._consumer
            return consumer.lag() if consumer is not None else -1
        except Exception:
            return -1

    def _measure_lag(self) -> None:
        # Asking the broker costs a round trip: at most every few seconds, and only from
        # this thread, so /readyz reads a recent figure without ever waiting on the bus.
        now = time.monotonic()
        if self._consumer is None or now - self._lag_at < 5.0:
            return
        self._lag_at = now
        try:
            self.last_lag = self._consumer.lag()
        except Exception:
            self.last_lag = -1

    def run_until_idle(self, consumer: Consumer | None = None, max_rounds: int = 1000) -> int:
        """Apply everything available now, synchronously (tests, CLI replays)."""
        consumer = consumer or self._bus.consumer(self.group, self._topics)
        total = 0
        for _ in range(max_rounds):
            records = consumer.poll(0.0)
            if not records:
                break
            for record in records:
                self._apply(consumer, record)
                total += 1
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self._consumer is None:
                    self._consumer = self._bus.consumer(self.group, self._topics)
                records = self._consumer.poll(0.5)
                self.healthy = True
                if not records:
                    self.idle.set()
                    self._measure_lag()
                    continue
                self.idle.clear()
                for record in records:
                    if self._stop.is_set():
                        self._consumer.rewind()
                        break
                    self._apply(self._consumer, record)
            except _Paused:
                # The store, bus or index is down: nothing was committed for this record,
                # so it comes again once the dependency is back.
                self.healthy = False
                try:
                    if self._consumer is not None:
                        self._consumer.rewind()
                except Exception:  # the bus itself is away: a new member resumes from commits
                    self._reset()
                self._stop.wait(1.0)
            except Exception:
                self.healthy = False
                log.warning("consumer %s failed; reconnecting", self.group, exc_info=True)
                self._reset()
                self._stop.wait(1.0)
        self._reset()

    def _reset(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            try:
                consumer.close()
            except Exception:
                log.debug("closing consumer failed", exc_info=True)

    def _apply(self, consumer: Consumer, record: Record) -> None:
        delay = self._backoff
        for attempt in range(1, self._max_attempts + 1):
            try:
                self._handle(record.envelope)
                consumer.commit(record)
                self.applied += 1
                return
            except PermanentError as exc:
                self._dead_letter(consumer, record, str(exc))
                return
            except Unavailable as exc:
                raise _Paused(str(exc)) from exc
            except (BusUnavailable, OperationalError) as exc:
                raise _Paused(str(exc)) from exc
            except Exception as exc:
                if attempt == self._max_attempts:
                    self._dead_letter(consumer, record, repr(exc))
                    return
                log.warning(
                    "apply failed, retrying",
                    extra={"event_id": record.envelope.id, "attempt": attempt},
                )
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _dead_letter(self, consumer: Consumer, record: Record, reason: str) -> None:
        log.error(
            "dead-lettering message",
            extra={"event_id": record.envelope.id, "group": self.group, "reason": reason[:200]},
        )
        self._bus.publish(dead_letter(self.group), record.envelope)
        consumer.commit(record)
        self.dead_lettered += 1

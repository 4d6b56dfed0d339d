"""Turns bus messages into read-model updates: one ConsumerWorker for the ``matching`` group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.matching.service_layer import readmodels
from shared import topics
from shared.eventbus.worker import ConsumerWorker, PermanentError
from shared.messages import Envelope

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

GROUP = "matching"
TOPICS = [
    topics.EMPLOYER,
    topics.VACANCY,
    topics.INCENTIVE,
    topics.PLACEMENT,
    topics.PROFILE,
    topics.TAXONOMY,
]


def consumer_worker(c: MatchingContainer) -> ConsumerWorker:
    """The worker that keeps matching's read models and index up to date."""

    def handle(envelope: Envelope) -> None:
        try:
            readmodels.handle(c, envelope)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # the snapshot does not have the shape of docs/events.md: retrying cannot help
            raise PermanentError(f"{envelope.type}: {exc}") from exc

    group = GROUP + c.settings.consumer_group_suffix
    return ConsumerWorker(
        c.runtime.bus, group, TOPICS, handle, max_attempts=c.settings.consumer_max_attempts
    )

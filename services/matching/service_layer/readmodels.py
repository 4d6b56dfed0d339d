"""Applying the events matching consumes to its read models, once each, last write wins.

:func:`handle` runs one message in one transaction: the inbox claim, the version check
and the write commit together, so a redelivered or older message changes nothing.
The in-memory read models and the index change inside that transaction, just before the
commit, so an outage of the index rolls the message back instead of losing it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, insert, select, update

from services.matching.adapters import tables as t
from services.matching.domain import parse
from shared.db.outbox import claim_message
from shared.messages import Envelope, new_id, utcnow
from shared.taxonomy.taxonomy import Taxonomy

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

log = logging.getLogger(__name__)
CONSUMER = "matching"
ERASED_VERSION = 2**62  # a tombstone no later snapshot can outrank
Effect = Callable[["MatchingContainer"], None]


def handle(c: MatchingContainer, envelope: Envelope) -> None:
    """Apply one message; ``ValueError`` for a malformed one (the consumer dead-letters it)."""
    with c.runtime.uow() as uow:
        if not claim_message(uow.conn, c.runtime.inbox, CONSUMER, envelope.id):
            return
        effects = apply(uow.conn, envelope, c.taxonomy)
        # The index is written before the commit: an index that is down raises, the
        # transaction rolls back (inbox claim included) and the message comes again.
        # A commit that fails after the index write is redelivered too, and the index's
        # version check makes the second write a no-op.
        for effect in effects:
            effect(c)
        uow.commit()


def apply(conn: Connection, env: Envelope, taxonomy: Taxonomy) -> list[Effect]:
    """Write one event to the read models; return what to do after the commit."""
    applier = _APPLIERS.get(env.type)
    if applier is None:
        log.info(
            "ignoring an event type matching does not use",
            extra={"event_id": env.id, "type": env.type},
        )
        return []
    if env.type != "taxonomy.label_added" and str(env.data.get("id")) != env.subject:
        raise ValueError("data.id differs from the subject")
    return applier(conn, env, taxonomy)


def _newer(conn: Connection, table: Table, env: Envelope, **columns: Any) -> bool:
    """Store ``env.data`` unless the stored version is the same or newer."""
    row = conn.execute(select(table.c.version).where(table.c.id == env.subject)).first()
    if row is not None and row[0] >= env.version:
        return False
    values = {"version": env.version, "data": env.data, "updated_at": utcnow(), **columns}
    if row is None:
        conn.execute(insert(table).values(id=env.subject, **values))
    else:
        conn.execute(update(table).where(table.c.id == env.subject).values(**values))
    return True


def _vacancy(conn: Connection, env: Envelope, taxonomy: Taxonomy) -> list[Effect]:
    vacancy = parse.vacancy_from_event(env.data, env.version, taxonomy)
    if not _newer(conn, t.vacancies, env, employer_id=vacancy.employer_id):
        return []

    def effect(c: MatchingContainer) -> None:
        c.reads.put_vacancy(vacancy)
        c.index.upsert_vacancy(vacancy)

    return [effect]


def _employer(conn: Connection, env: Envelope, _: Taxonomy) -> list[Effect]:
    employer = parse.employer_from_event(env.data, env.version)
    if not _newer(conn, t.employers, env):
        return []
    return [lambda c: c.reads.put_employer(employer)]


def _scheme(conn: Connection, env: Envelope, _: Taxonomy) -> list[Effect]:
    scheme = parse.scheme_from_event(env.data, env.version)
    if not _newer(conn, t.incentive_schemes, env):
        return []
    return [lambda c: c.reads.put_scheme(scheme)]


def id_hash(returnee_id: str) -> str:
    """How an erased person is remembered: enough to ignore their late events."""
    return hashlib.sha256(returnee_id.encode()).hexdigest()


def _erased(conn: Connection, returnee_id: str) -> bool:
    found = conn.execute(
        select(t.erased_profiles.c.id_hash).where(
            t.erased_profiles.c.id_hash == id_hash(returnee_id)
        )
    ).first()
    return found is not None


def _placement(conn: Connection, env: Envelope, _: Taxonomy) -> list[Effect]:
    placement = parse.placement_from_event(env.data, env.version)
    if _erased(conn, placement.returnee_id):
        alias = f"erased-{new_id()}"
        env = Envelope(
            env.type,
            env.source,
            env.subject,
            env.version,
            {**env.data, "returnee_id": alias},
            env.id,
            env.time,
        )
        placement = parse.placement_from_event(env.data, env.version)
    columns = {"employer_id": placement.employer_id, "returnee_id": placement.returnee_id}
    if not _newer(conn, t.placements, env, **columns):
        return []
    return [lambda c: c.reads.put_placement(placement)]


def _profile(conn: Connection, env: Envelope, taxonomy: Taxonomy) -> list[Effect]:
    if env.type == "profile.erased":
        return _erase(conn, env.subject)
    profile = parse.profile_from_event(env.data, env.version, taxonomy)
    if _erased(conn, profile.id) or not _newer(conn, t.profiles, env, centre_id=profile.centre_id):
        return []

    def effect(c: MatchingContainer) -> None:
        c.reads.put_profile(profile)
        if profile.consented("matching"):
            c.index.upsert_profile(profile)
        else:
            c.index.delete_profile(profile.id, profile.version)

    return [effect]


def _erase(conn: Connection, returnee_id: str) -> list[Effect]:
    """Erasure always wins: drop the profile, anonymise outcomes and placements."""
    alias = f"erased-{new_id()}"
    conn.execute(t.profiles.delete().where(t.profiles.c.id == returnee_id))
    if not _erased(conn, returnee_id):
        conn.execute(
            insert(t.erased_profiles).values(id_hash=id_hash(returnee_id), erased_at=utcnow())
        )
    conn.execute(
        update(t.outcomes).where(t.outcomes.c.returnee_id == returnee_id).values(returnee_id=alias)
    )
    rows = conn.execute(
        select(t.placements.c.id, t.placements.c.data).where(
            t.placements.c.returnee_id == returnee_id
        )
    ).all()
    for pid, data in rows:
        conn.execute(
            update(t.placements)
            .where(t.placements.c.id == pid)
            .values(returnee_id=alias, data={**data, "returnee_id": alias})
        )

    def effect(c: MatchingContainer) -> None:
        c.reads.drop_profile(returnee_id, alias)
        c.index.delete_profile(returnee_id, ERASED_VERSION)

    return [effect]


def _label(conn: Connection, env: Envelope, taxonomy: Taxonomy) -> list[Effect]:
    data = env.data
    uri, lang, label = (str(data.get(k) or "") for k in ("uri", "lang", "label"))
    if not (uri and lang and label):
        raise ValueError("taxonomy.label_added needs uri, lang and label")
    exists = conn.execute(
        select(t.taxonomy_labels.c.uri).where(
            t.taxonomy_labels.c.uri == uri,
            t.taxonomy_labels.c.lang == lang,
            t.taxonomy_labels.c.label == label,
        )
    ).first()
    if exists is None:
        conn.execute(insert(t.taxonomy_labels).values(uri=uri, lang=lang, label=label))

    def effect(c: MatchingContainer) -> None:
        try:
            c.taxonomy.add_label(uri, lang, label)
        except (KeyError, ValueError):
            log.warning("label of an unknown concept ignored", extra={"event_id": env.id})

    return [effect]


_APPLIERS: dict[str, Callable[[Connection, Envelope, Taxonomy], list[Effect]]] = {
    **dict.fromkeys(
        ("vacancy.published", "vacancy.updated", "vacancy.closed", "vacancy.filled"), _vacancy
    ),
    **dict.fromkeys(("employer.registered", "employer.updated"), _employer),
    **dict.fromkeys(("incentive_scheme.created", "incentive_scheme.updated"), _scheme),
    **dict.fromkeys(("placement.recorded", "placement.followed_up"), _placement),
    **dict.fromkeys(
        ("profile.registered", "profile.updated", "profile.consent_changed", "profile.erased"),
        _profile,
    ),
    "taxonomy.label_added": _label,
}

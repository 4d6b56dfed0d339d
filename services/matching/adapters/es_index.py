"""The Elasticsearch SearchIndex: the embedded adapter's semantics on a real engine.

Two aliases, ``<prefix>-vacancies`` and ``<prefix>-profiles``, each on one physical
index ``<prefix>-<kind>-<timestamp>-<suffix>`` made from an index template. Writes use
external versioning (the entity's version), so a late or repeated event cannot regress
a document; a delete writes a tombstone at its version. ``rebuild`` fills new indices
with the bulk API and swaps both aliases in one atomic ``_aliases`` call that also
removes the old indices. Mappings and the scoring are explained in
:mod:`services.matching.adapters.es_mapping` and :mod:`services.matching.adapters.es_query`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

import elastic_transport
import elasticsearch
from elasticsearch import Elasticsearch, helpers

from services.matching.adapters import es_query
from services.matching.adapters.es_mapping import (
    KINDS,
    PROFILES,
    REFRESH_INTERVAL,
    VACANCIES,
    bulk_actions,
    latest,
    profile_doc,
    template,
    tombstone,
    vacancy_doc,
)
from services.matching.domain.model import Profile, Vacancy
from services.matching.ports import DEFAULT_K, Hit, IndexCounts, SearchPage, VacancyFilters
from shared.errors import Unavailable
from shared.messages import utcnow

Refresh = Literal["true", "false", "wait_for"]
SWAP_ATTEMPTS = 5
MAX_WINDOW = 10_000
"""Elasticsearch's ``index.max_result_window``: ``k`` and pages stop there."""


class ElasticsearchIndex:
    """A SearchIndex on Elasticsearch 8 (see :class:`services.matching.ports.SearchIndex`).

    ``refresh`` is passed to every single write: ``"true"`` (default) makes the write
    visible when the call returns, as the embedded index does; ``"false"`` leaves it to
    the index's refresh interval (200 ms) for the highest write throughput.
    ``reach_ttl_s`` bounds how long the distinct travel distances of people, read for
    :meth:`candidates_for`, are reused; this process's own writes are seen at once.
    """

    def __init__(
        self,
        url: str,
        prefix: str = "jisr",
        clock: Callable[[], datetime] | None = None,
        *,
        refresh: Refresh = "true",
        request_timeout_s: float = 10.0,
        shards: int = 1,
        replicas: int = 0,
        reach_ttl_s: float = 1.0,
    ) -> None:
        if not prefix or prefix != prefix.lower() or any(c in prefix for c in ' "*\\<|,>/?#:'):
            raise ValueError(f"index prefix must be lowercase, no special characters: {prefix!r}")
        self.prefix = prefix
        self.aliases = {kind: f"{prefix}-{kind}" for kind in KINDS}
        self._clock = clock or utcnow
        self._refresh = refresh
        self._shards, self._replicas = shards, replicas
        self._client = Elasticsearch(
            url, request_timeout=request_timeout_s, max_retries=1, retry_on_timeout=False
        )
        self._lock = threading.RLock()
        self._ready = False
        self._reaches = es_query.Reaches(reach_ttl_s)

    # -- plumbing ----------------------------------------------------------------------------

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """Elasticsearch unreachable or failing -> :class:`Unavailable` (503 upstream)."""
        try:
            yield
        except elasticsearch.ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise Unavailable(f"search index {what} failed: {exc.meta.status}") from exc
            raise
        except (elastic_transport.TransportError, helpers.BulkIndexError) as exc:
            raise Unavailable(f"search index unavailable ({what}): {type(exc).__name__}") from exc

    def _ensure(self) -> None:
        """Templates, and an index behind each alias (created once; safe between processes)."""
        if self._ready:
            return
        with self._lock, self._guard("setup"):
            if self._ready:
                return
            for kind in KINDS:
                self._client.indices.put_index_template(
                    name=self.aliases[kind],
                    **template(self.prefix, kind, self._shards, self._replicas),
                )
                if not self._client.indices.exists_alias(name=self.aliases[kind]):
                    # a fixed name: two processes starting together create one index
                    try:
                        self._client.indices.create(
                            index=f"{self.aliases[kind]}-initial",
                            aliases={self.aliases[kind]: {}},
                        )
                    except elasticsearch.BadRequestError as exc:
                        if exc.error != "resource_already_exists_exception":
                            raise
            self._ready = True

    def _write(self, kind: str, doc_id: str, version: int, doc: dict[str, Any]) -> bool:
        for attempt in (1, 2):
            self._ensure()
            with self._lock, self._guard("write"):
                try:
                    self._client.index(
                        index=self.aliases[kind],
                        id=doc_id,
                        document=doc,
                        version=version,
                        version_type="external",
                        require_alias=True,
                        refresh=self._refresh,
                    )
                    return True
                except elasticsearch.ConflictError:
                    return False  # the index holds this version or a newer one
                except elasticsearch.NotFoundError:
                    if attempt == 2:
                        raise
                    self._ready = False  # the alias went away (deleted by hand): recreate
        raise AssertionError("unreachable")

    # -- writes ------------------------------------------------------------------------------

    def upsert_vacancy(self, vacancy: Vacancy) -> bool:
        """See :meth:`SearchIndex.upsert_vacancy`."""
        return self._write(VACANCIES, vacancy.id, vacancy.version, vacancy_doc(vacancy))

    def upsert_profile(self, profile: Profile) -> bool:
        """See :meth:`SearchIndex.upsert_profile`."""
        written = self._write(PROFILES, profile.id, profile.version, profile_doc(profile))
        if written:
            self._reaches.add(profile.reach_km)
        return written

    def delete_vacancy(self, vacancy_id: str, version: int) -> bool:
        """See :meth:`SearchIndex.delete_vacancy`."""
        return self._write(VACANCIES, vacancy_id, version, tombstone(vacancy_id, version))

    def delete_profile(self, returnee_id: str, version: int) -> bool:
        """See :meth:`SearchIndex.delete_profile`."""
        return self._write(PROFILES, returnee_id, version, tombstone(returnee_id, version))

    def rebuild(self, vacancies: Iterable[Vacancy], profiles: Iterable[Profile]) -> None:
        """See :meth:`SearchIndex.rebuild`: new indices, one atomic alias swap, old ones gone."""
        self._ensure()
        stamp = self._clock().strftime("%Y%m%d%H%M%S%f")
        fresh = {k: f"{self.aliases[k]}-{stamp}-{uuid.uuid4().hex[:6]}" for k in KINDS}
        with self._lock, self._guard("rebuild"):
            try:
                self._fill(fresh[VACANCIES], latest(vacancies), vacancy_doc)
                self._fill(fresh[PROFILES], latest(profiles), profile_doc)
                self._swap(fresh)
            except BaseException:
                self._client.options(ignore_status=404).indices.delete(
                    index=",".join(fresh.values())
                )
                raise
            self._reaches.clear()

    def _fill(
        self, index: str, docs: dict[str, Any], encode: Callable[[Any], dict[str, Any]]
    ) -> None:
        # no refreshes and an asynchronous translog while filling; the index is not
        # visible until the alias swap, and a failed fill is deleted
        self._client.indices.create(
            index=index, settings={"refresh_interval": "-1", "translog.durability": "async"}
        )
        actions = bulk_actions(index, docs, encode)
        helpers.bulk(self._client, actions, chunk_size=1000, request_timeout=120)
        self._client.indices.put_settings(
            index=index,
            settings={"refresh_interval": REFRESH_INTERVAL, "translog.durability": "request"},
        )
        self._client.indices.refresh(index=index)

    def _swap(self, fresh: dict[str, str]) -> None:
        """Point both aliases at ``fresh`` and delete what they pointed at, atomically;
        retried when a concurrent rebuild moved them first."""
        for attempt in range(SWAP_ATTEMPTS):
            actions: list[dict[str, Any]] = []
            for kind, alias in self.aliases.items():
                found = self._client.options(ignore_status=404).indices.get_alias(name=alias)
                if found.meta.status == 200:
                    actions += [{"remove_index": {"index": old}} for old in found.body]
                actions.append({"add": {"index": fresh[kind], "alias": alias}})
            try:
                self._client.indices.update_aliases(actions=actions)
                return
            except elasticsearch.NotFoundError:
                if attempt == SWAP_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    # -- reads -------------------------------------------------------------------------------

    def _hits(self, kind: str, query: dict[str, Any] | None, k: int) -> list[Hit]:
        if query is None or k <= 0:
            return []
        self._ensure()
        with self._guard("search"):
            res = self._client.search(
                index=self.aliases[kind],
                query=query,
                sort=es_query.BY_SCORE,
                size=min(k, MAX_WINDOW),
                source=False,
                track_total_hits=False,
                track_scores=True,
                filter_path="hits.hits._id,hits.hits._score",
            )
        return [Hit(h["_id"], float(h["_score"])) for h in res.get("hits", {}).get("hits", [])]

    def vacancies_for(
        self, person: Profile, now: datetime, k: int = DEFAULT_K, fair_id: str | None = None
    ) -> list[Hit]:
        """See :meth:`SearchIndex.vacancies_for`."""
        return self._hits(VACANCIES, es_query.vacancies_for(person, now, fair_id), k)

    def candidates_for(
        self, vacancy: Vacancy, k: int = DEFAULT_K, centre_id: str | None = None
    ) -> list[Hit]:
        """See :meth:`SearchIndex.candidates_for`."""
        located = vacancy.lat is not None and vacancy.lon is not None
        reaches = self._reach_values() if located else set()
        return self._hits(PROFILES, es_query.candidates_for(vacancy, centre_id, reaches), k)

    def _reach_values(self) -> set[float]:
        if self._reaches.stale():
            self._ensure()
            with self._guard("search"):
                res = self._client.search(index=self.aliases[PROFILES], **es_query.REACH_VALUES)
            self._reaches.update(res["aggregations"]["reach"])
        return self._reaches.values()

    def search_vacancies(
        self, q: str, filters: VacancyFilters, now: datetime, page: int = 1, page_size: int = 20
    ) -> SearchPage:
        """See :meth:`SearchIndex.search_vacancies`."""
        self._ensure()
        query, sort = es_query.browse(q, filters, now)
        start = min(max(page - 1, 0) * page_size, MAX_WINDOW)  # deeper pages come back empty
        with self._guard("search"):
            res = self._client.search(
                index=self.aliases[VACANCIES],
                query=query,
                sort=sort,
                size=max(min(page_size, MAX_WINDOW - start), 0),
                from_=start,
                source=False,
                track_total_hits=True,
                filter_path="hits.total.value,hits.hits._id",
            )
        hits = res.get("hits", {})
        ids = [h["_id"] for h in hits.get("hits", [])]
        return SearchPage(ids, int(hits.get("total", {}).get("value", 0)), page, page_size)

    def counts(self) -> IndexCounts:
        """See :meth:`SearchIndex.counts`; ``extra`` counts the tombstones."""
        self._ensure()
        searches = es_query.live_and_dead([self.aliases[kind] for kind in KINDS])
        with self._guard("count"):
            res = self._client.msearch(searches=searches, filter_path="responses.hits.total")
        try:
            n = [int(r["hits"]["total"]["value"]) for r in res["responses"]]
        except (KeyError, TypeError) as exc:  # a failed search answers without hits
            raise Unavailable("search index count failed") from exc
        return IndexCounts(n[0], n[2], {"vacancy_tombstones": n[1], "profile_tombstones": n[3]})

    def ping(self) -> bool:
        """True when the cluster answers its health (``GET /`` is not in this distribution)."""
        try:
            health = self._client.options(request_timeout=2.0, max_retries=0).cluster.health()
        except (elasticsearch.ApiError, elastic_transport.TransportError):
            return False
        return health.get("status") in ("green", "yellow")

    def refresh(self) -> None:
        """Make every write visible now (for tests and tools; writes default to this)."""
        self._ensure()
        with self._guard("refresh"):
            self._client.indices.refresh(index=",".join(self.aliases.values()))

    def drop(self) -> None:
        """Delete the aliases' indices and the templates of this prefix (tests, tools)."""
        with self._lock, self._guard("drop"):
            for alias in self.aliases.values():
                self._client.options(ignore_status=404).indices.delete(
                    index=f"{alias}-*", expand_wildcards="all"
                )
                self._client.options(ignore_status=404).indices.delete_index_template(name=alias)
            self._ready = False

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()

"""In-memory copies of the read models: what one request needs, without a query.

They are loaded from the store at start and changed only after a consumer's
transaction commits, together with the index (see :mod:`.readmodels`).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, select

from services.matching.adapters import tables as t
from services.matching.domain.model import (
    Employer,
    IncentiveRef,
    IncentiveScheme,
    Placement,
    Profile,
    Vacancy,
    eligible,
)
from services.matching.domain.parse import (
    employer_from_event,
    placement_from_event,
    profile_from_event,
    scheme_from_event,
    vacancy_from_event,
)
from shared.taxonomy.taxonomy import Taxonomy


class ReadCache:
    """Vacancies, profiles, employers, schemes and placements by id; thread-safe writes."""

    def __init__(self) -> None:
        self.vacancies: dict[str, Vacancy] = {}
        self.profiles: dict[str, Profile] = {}
        self.employers: dict[str, Employer] = {}
        self.schemes: dict[str, IncentiveScheme] = {}
        self.placements: dict[str, Placement] = {}
        self._hires: Counter[str] = Counter()
        self._lock = threading.Lock()

    def load(self, conn: Connection, taxonomy: Taxonomy) -> None:
        """Fill from the store (at start)."""
        for row in conn.execute(select(t.vacancies.c.data, t.vacancies.c.version)):
            self.put_vacancy(vacancy_from_event(row.data, row.version, taxonomy))
        for row in conn.execute(select(t.profiles.c.data, t.profiles.c.version)):
            self.put_profile(profile_from_event(row.data, row.version, taxonomy))
        for row in conn.execute(select(t.employers.c.data, t.employers.c.version)):
            self.put_employer(employer_from_event(row.data, row.version))
        for row in conn.execute(select(t.incentive_schemes.c.data, t.incentive_schemes.c.version)):
            self.put_scheme(scheme_from_event(row.data, row.version))
        for row in conn.execute(select(t.placements.c.data, t.placements.c.version)):
            self.put_placement(placement_from_event(row.data, row.version))

    # -- writes (after commit) ---------------------------------------------------------------

    def put_vacancy(self, vacancy: Vacancy) -> None:
        """Keep the newest snapshot of a vacancy."""
        with self._lock:
            self.vacancies[vacancy.id] = vacancy

    def put_profile(self, profile: Profile) -> None:
        """Keep the newest snapshot of a profile."""
        with self._lock:
            self.profiles[profile.id] = profile

    def drop_profile(self, returnee_id: str, alias: str) -> None:
        """Forget an erased person; their placements now carry ``alias``."""
        with self._lock:
            self.profiles.pop(returnee_id, None)
            for pid, p in list(self.placements.items()):
                if p.returnee_id == returnee_id:
                    self.placements[pid] = replace(p, returnee_id=alias)

    def put_employer(self, employer: Employer) -> None:
        """Keep the newest snapshot of an employer."""
        with self._lock:
            self.employers[employer.id] = employer

    def put_scheme(self, scheme: IncentiveScheme) -> None:
        """Keep the newest snapshot of an incentive scheme."""
        with self._lock:
            self.schemes[scheme.id] = scheme

    def put_placement(self, placement: Placement) -> None:
        """Keep the newest snapshot of a placement; count the employer's hires."""
        with self._lock:
            old = self.placements.get(placement.id)
            if old is not None:
                self._hires[old.employer_id] -= 1
            self.placements[placement.id] = placement
            self._hires[placement.employer_id] += 1

    # -- questions -------------------------------------------------------------------------

    def hires(self, employer_id: str) -> int:
        """Placements the employer has recorded through the programme."""
        return self._hires.get(employer_id, 0)

    def employer_ids_in_sector(self, sector: str) -> frozenset[str]:
        """Employers whose sector is ``sector`` (case-insensitive)."""
        wanted = sector.casefold()
        return frozenset(
            e.id for e in list(self.employers.values()) if (e.sector or "").casefold() == wanted
        )

    def offers(self, person: Profile, vacancy: Vacancy, today: date) -> list[IncentiveRef]:
        """Active incentives of the vacancy that the person's status qualifies for.

        The scheme's own read model (status, dates, terms) wins over the copy in the
        vacancy event; a scheme not seen yet counts as it was when the vacancy was published.
        """
        out: list[IncentiveRef] = []
        for ref in vacancy.incentives:
            scheme = self.schemes.get(ref.id)
            if scheme is not None:
                if not scheme.active_on(today):
                    continue
                ref = IncentiveRef(
                    scheme.id, scheme.type, scheme.eligibility, scheme.summary, scheme.terms
                )
            if eligible(person.status, ref.eligibility):
                out.append(ref)
        return out

    def training_for(self, skill: str, vacancy: Vacancy, today: date) -> list[str]:
        """Names of active training schemes (apprenticeship, internship, on-the-job
        training) that list the skill, or the vacancy's occupation."""
        names = {
            s.name
            for s in list(self.schemes.values())
            if s.is_training
            and s.active_on(today)
            and (
                skill in s.skills
                or (vacancy.occupation is not None and vacancy.occupation in s.occupations)
            )
        }
        return sorted(names)

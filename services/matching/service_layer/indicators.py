"""Programme indicators from the read models: placements, retention, incentive budgets."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from services.matching.adapters.tables import outcomes

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

UNKNOWN = "unknown"
FOLLOW_UP_MONTHS = (3, 6, 12)


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items()))


def indicators(c: MatchingContainer) -> dict[str, Any]:
    """Placements by month, sector, region and gender; retention at 3/6/12 months;
    incentive budget committed against total per scheme; outcomes by stage."""
    reads = c.reads
    by_month: Counter[str] = Counter()
    by_sector: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    by_gender: Counter[str] = Counter()
    follow: dict[int, Counter[str]] = {m: Counter() for m in FOLLOW_UP_MONTHS}
    placements = list(reads.placements.values())
    for p in placements:
        employer = reads.employers.get(p.employer_id)
        vacancy = reads.vacancies.get(p.vacancy_id)
        person = reads.profiles.get(p.returnee_id)
        by_month[p.start_date.strftime("%Y-%m") if p.start_date else UNKNOWN] += 1
        by_sector[(employer.sector if employer else None) or UNKNOWN] += 1
        region = (vacancy.region if vacancy else None) or (employer.region if employer else None)
        by_region[region or UNKNOWN] += 1
        by_gender[(person.gender if person else None) or UNKNOWN] += 1
        for f in p.follow_ups:
            if f.get("month") in follow:
                follow[f["month"]][str(f.get("status"))] += 1
    retention = {}
    for month, counts in follow.items():
        known = counts["employed"] + counts["left_job"]
        retention[str(month)] = {
            "followed_up": sum(counts.values()),
            "employed": counts["employed"],
            "left_job": counts["left_job"],
            "unreachable": counts["unreachable"],
            "rate": round(counts["employed"] / known, 4) if known else None,
        }
    schemes = [
        {
            "id": s.id,
            "name": s.name,
            "type": s.type,
            "status": s.status,
            "budget_total": s.budget_total,
            "budget_committed": s.budget_committed,
            "currency": s.currency,
            "committed_share": round(s.budget_committed / s.budget_total, 4)
            if s.budget_total
            else None,
        }
        for s in sorted(reads.schemes.values(), key=lambda s: (s.name, s.id))
    ]
    with c.runtime.engine.connect() as conn:
        query = select(outcomes.c.stage, func.count()).group_by(outcomes.c.stage)
        stages: dict[str, int] = {str(k): int(v) for k, v in conn.execute(query).all()}
    return {
        "placements": {
            "total": len(placements),
            "by_month": _sorted(by_month),
            "by_sector": _sorted(by_sector),
            "by_region": _sorted(by_region),
            "by_gender": _sorted(by_gender),
        },
        "retention": retention,
        "incentives": schemes,
        "outcomes_by_stage": {k: int(v) for k, v in sorted(stages.items())},
    }

"""Access policy of the matching service: endpoint x role -> any | own | denied.

Data only (see :mod:`shared.policy`). People are hidden (404) from those who may not
see them; another employer's vacancy is refused (403); kiosk and returnee tokens search
their own fair only.
"""

from __future__ import annotations

from shared.policy import (
    ADMIN,
    COUNSELLOR,
    EMPLOYER,
    FILTERED,
    KIOSK,
    PM,
    RETURNEE,
    SERVICE,
    Policy,
    Rule,
    rule,
)

M = "/matching/v1"


def _person(note: str = "") -> Rule:
    """A person's matching data: managers any; their counsellor and themselves; else 404."""
    return rule(any=(ADMIN, PM), own=(COUNSELLOR, RETURNEE), other=404, note=note)


POLICY: Policy = {
    ("GET", f"{M}/returnees/<returnee_id>/matches"): _person(
        "only with matching consent; a returnee token sees its fair's vacancies only"
    ),
    ("GET", f"{M}/returnees/<returnee_id>/gaps"): _person(),
    ("GET", f"{M}/returnees/<returnee_id>/outcomes"): _person(),
    ("GET", f"{M}/vacancies/<vacancy_id>/candidates"): rule(
        any=(ADMIN, PM),
        own=(EMPLOYER, COUNSELLOR),
        other={EMPLOYER: 403, COUNSELLOR: FILTERED},
        note="an employer: its own vacancies; a counsellor: any vacancy, their centre's people",
    ),
    ("POST", f"{M}/search/vacancies"): rule(
        any=(ADMIN, PM, COUNSELLOR, EMPLOYER, SERVICE), own=(KIOSK, RETURNEE), other=FILTERED
    ),
    ("POST", f"{M}/outcomes"): rule(
        any=(ADMIN, PM),
        own=(COUNSELLOR, EMPLOYER, RETURNEE),
        other={COUNSELLOR: 404, EMPLOYER: 403, RETURNEE: 404},
        note="employers: interviewed, hired, rejected on their own vacancies; "
        "a person: shown, saved, applied",
    ),
    ("GET", f"{M}/models"): rule(any=(ADMIN, PM)),
    ("POST", f"{M}/models/train"): rule(any=(ADMIN, PM)),
    ("POST", f"{M}/models/<version>/activate"): rule(any=(ADMIN,)),
    ("GET", f"{M}/indicators"): rule(any=(ADMIN, PM)),
}

"""Access policy of the employers service: endpoint x role -> any | own | denied.

Data only (see :mod:`shared.policy`); the views and handlers enforce it and
``tests/security/test_policy_table.py`` walks every cell against the running platform.
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
    rule,
)

E = "/employers/v1"
MANAGE = (ADMIN, PM)
STAFF = (ADMIN, PM, COUNSELLOR)
READERS = (*STAFF, SERVICE)
ON_SITE = (EMPLOYER, KIOSK, RETURNEE)  # see their own employer's or their fair's vacancies
CENTRES = "the employers service does not know centres: a counsellor is not bound here"

POLICY: Policy = {
    ("POST", f"{E}/employers"): rule(any=MANAGE),
    ("GET", f"{E}/employers"): rule(any=STAFF),
    ("GET", f"{E}/employers/<employer_id>"): rule(any=STAFF, own=(EMPLOYER,), other=403),
    ("PATCH", f"{E}/employers/<employer_id>"): rule(any=MANAGE, own=(EMPLOYER,), other=403),
    ("POST", f"{E}/employers/<employer_id>/vacancies"): rule(
        any=MANAGE, own=(EMPLOYER,), other=403
    ),
    ("GET", f"{E}/vacancies"): rule(any=READERS, own=ON_SITE, other=FILTERED),
    ("GET", f"{E}/vacancies/<vacancy_id>"): rule(
        any=READERS, own=ON_SITE, other=404, note="another's vacancy does not exist"
    ),
    ("PATCH", f"{E}/vacancies/<vacancy_id>"): rule(any=MANAGE, own=(EMPLOYER,), other=403),
    ("POST", f"{E}/vacancies/<vacancy_id>/close"): rule(any=MANAGE, own=(EMPLOYER,), other=403),
    ("POST", f"{E}/incentive-schemes"): rule(any=MANAGE),
    ("GET", f"{E}/incentive-schemes"): rule(any=READERS, own=(EMPLOYER,), other=FILTERED),
    ("GET", f"{E}/incentive-schemes/<scheme_id>"): rule(
        any=READERS,
        own=(EMPLOYER,),
        other=404,
        note="an employer reads general schemes and its own, not another employer's",
    ),
    ("PATCH", f"{E}/incentive-schemes/<scheme_id>"): rule(any=MANAGE),
    ("POST", f"{E}/partnerships"): rule(any=MANAGE),
    ("GET", f"{E}/partnerships"): rule(any=MANAGE, own=(EMPLOYER,), other=FILTERED),
    ("PATCH", f"{E}/partnerships/<partnership_id>"): rule(any=MANAGE),
    ("POST", f"{E}/fairs"): rule(any=MANAGE),
    ("GET", f"{E}/fairs"): rule(any=(*STAFF, EMPLOYER, KIOSK)),
    ("GET", f"{E}/fairs/<fair_id>"): rule(
        any=(*STAFF, EMPLOYER, KIOSK, RETURNEE), note="a fair's name, city and dates are public"
    ),
    ("POST", f"{E}/placements"): rule(any=STAFF, own=(EMPLOYER,), other=403, note=CENTRES),
    ("GET", f"{E}/placements"): rule(any=STAFF, own=(EMPLOYER,), other=FILTERED, note=CENTRES),
    ("GET", f"{E}/placements/<placement_id>"): rule(
        any=STAFF, own=(EMPLOYER,), other=404, note=CENTRES
    ),
    ("POST", f"{E}/placements/<placement_id>/follow-ups"): rule(
        any=STAFF, own=(EMPLOYER,), other=403, note=CENTRES
    ),
}

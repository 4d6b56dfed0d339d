"""Access policy of the skills service: endpoint x role -> any | own | denied.

Data only (see :mod:`shared.policy`). A counsellor's "own" returnees are those of their
centre; a ``returnee`` token's is the person itself. Another's returnee answers 404 on
reads and writes alike, so that no caller learns who exists.
"""

from __future__ import annotations

from shared.auth.tokens import ROLES
from shared.policy import (
    ADMIN,
    COUNSELLOR,
    FILTERED,
    KIOSK,
    PM,
    RETURNEE,
    SERVICE,
    Policy,
    Rule,
    rule,
)

S = "/skills/v1"
R = f"{S}/returnees/<returnee_id>"


def _record() -> Rule:
    """A returnee's record: managers any, a counsellor their centre's, others denied."""
    return rule(any=(ADMIN, PM), own=(COUNSELLOR,), other=404)


POLICY: Policy = {
    ("POST", f"{S}/returnees"): rule(
        any=(ADMIN, PM), own=(COUNSELLOR,), other=403, note="a counsellor registers at their centre"
    ),
    ("GET", f"{S}/returnees"): rule(any=(ADMIN, PM), own=(COUNSELLOR,), other=FILTERED),
    ("GET", R): rule(
        any=(ADMIN, PM),
        own=(COUNSELLOR, RETURNEE),
        other=404,
        note="a returnee token reads a summary of itself, never personal details",
    ),
    ("PATCH", R): _record(),
    ("DELETE", R): _record(),
    ("GET", f"{R}/consents"): _record(),
    ("PUT", f"{R}/consents/<purpose>"): _record(),
    ("DELETE", f"{R}/consents/<purpose>"): _record(),
    ("POST", f"{R}/skills"): _record(),
    ("GET", f"{R}/skills"): _record(),
    ("PATCH", f"{R}/skills/<record_id>"): _record(),
    ("DELETE", f"{R}/skills/<record_id>"): _record(),
    ("PUT", f"{R}/languages"): _record(),
    ("PUT", f"{R}/education"): _record(),
    ("POST", f"{R}/experience"): _record(),
    ("GET", f"{R}/experience"): _record(),
    ("DELETE", f"{R}/experience/<entry_id>"): _record(),
    ("PUT", f"{R}/aspirations"): _record(),
    ("GET", f"{R}/export"): _record(),
    ("POST", f"{R}/kiosk-codes"): _record(),
    ("POST", f"{R}/referrals"): rule(
        any=(ADMIN,),
        own=(COUNSELLOR,),
        other=404,
        note="a counsellor refers people of their centre, with referral_to_training consent",
    ),
    ("GET", f"{S}/referrals/<code>"): rule(
        any=(ADMIN, PM, SERVICE), note="a service or programme token acting for the provider"
    ),
    ("GET", f"{S}/taxonomy/occupations"): rule(any=ROLES),
    ("GET", f"{S}/taxonomy/skills"): rule(any=ROLES),
    ("GET", f"{S}/taxonomy/occupation"): rule(any=ROLES),
    ("GET", f"{S}/taxonomy/skill"): rule(any=ROLES),
    ("POST", f"{S}/taxonomy/labels"): rule(any=(ADMIN, PM, COUNSELLOR)),
    ("POST", f"{S}/kiosk/redeem"): rule(
        own=(ADMIN, KIOSK),
        other=422,
        note="a code bound to a fair works at that fair's kiosks only; elsewhere it is "
        "just a wrong code (an admin has no fair: unbound codes only)",
    ),
    ("GET", f"{S}/audit"): rule(any=(ADMIN,)),
    ("POST", f"{S}/admin/rotate-pii-key"): rule(any=(ADMIN,)),
}

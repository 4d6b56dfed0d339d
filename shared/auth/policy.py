"""Access policy of ``/auth`` (served by every service; see :mod:`shared.policy`)."""

from __future__ import annotations

from shared.policy import ADMIN, PM, Policy, rule

A = "/auth/v1"

POLICY: Policy = {
    ("POST", f"{A}/tokens"): rule(
        any=(ADMIN,),
        own=(PM,),
        other=403,
        note="a programme manager issues tokens of the roles below admin only",
    ),
    ("DELETE", f"{A}/tokens/<token_id>"): rule(any=(ADMIN, PM)),
}

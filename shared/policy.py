"""The declared access policy: every endpoint, every role, own and other objects.

Each service declares its table in ``services/<service>/policy.py`` (and ``/auth`` in
:mod:`shared.auth.policy`) as plain data: ``(METHOD, flask rule) -> Rule``. The views
enforce it (``require`` for the role, the handlers for the object); the table says what
they must do, and ``tests/security/test_policy_table.py`` walks all of it against the
running platform and fails on any route the table does not name.

Vocabulary:

- ``any``: the role may call the endpoint on every object.
- ``own``: only on objects inside the token's scope (its employer, centre, fair or
  person). On another's object it gets ``other``: 403, 404 where the service hides that
  the object exists, 422 where a wrong object is indistinguishable from a bad input (a
  kiosk code of another fair), or ``FILTERED`` for lists and searches that answer 200
  with the caller's own objects only.
- roles named in neither get ``denied`` (403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from shared.auth.tokens import ROLES

ADMIN, PM, COUNSELLOR, EMPLOYER, KIOSK, SERVICE, RETURNEE = (
    "admin",
    "programme_manager",
    "counsellor",
    "employer",
    "kiosk",
    "service",
    "returnee",
)
ANY, OWN = "any", "own"
FILTERED = "filtered"
Other = int | str


@dataclass(frozen=True)
class Rule:
    """Who may call one endpoint and what the others get."""

    access: Mapping[str, str]
    other: Mapping[str, Other] = field(default_factory=dict)
    denied: int = 403
    note: str = ""

    def of(self, role: str) -> str | None:
        """``"any"``, ``"own"`` or None (denied) for ``role``."""
        return self.access.get(role)

    def other_for(self, role: str) -> Other:
        """What ``role`` (an ``own`` role) gets on another's object."""
        return self.other[role]


def rule(
    any: Iterable[str] = (),
    own: Iterable[str] = (),
    other: Other | Mapping[str, Other] = 403,
    denied: int = 403,
    note: str = "",
) -> Rule:
    """Build a :class:`Rule`; ``other`` is one answer for every ``own`` role or one per role."""
    access = {**dict.fromkeys(any, ANY), **dict.fromkeys(own, OWN)}
    unknown = set(access) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    if isinstance(other, Mapping):
        others = dict(other)
    else:
        others = {r: other for r, a in access.items() if a == OWN}
    missing = {r for r, a in access.items() if a == OWN} - set(others)
    if missing:
        raise ValueError(f"no answer for other objects of {sorted(missing)}")
    return Rule(MappingProxyType(access), MappingProxyType(others), denied, note)


Policy = Mapping[tuple[str, str], Rule]


def merged(*tables: Policy) -> dict[tuple[str, str], Rule]:
    """One table from several; an endpoint declared twice is an error."""
    out: dict[tuple[str, str], Rule] = {}
    for table in tables:
        for key, value in table.items():
            if key in out:
                raise ValueError(f"{key} is declared twice")
            out[key] = value
    return out

"""The skills service's tables (SQLAlchemy Core).

Personal details live only in ``personal_details``, as one sealed (encrypted) blob per
person; every other table holds pseudonymous data keyed by the returnee id.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shared.db.types import UtcDateTime

metadata = MetaData()
_RID = "returnees.id"

returnees = Table(
    "returnees",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("centre_id", String(64), index=True),
    Column("status", String(20)),
    Column("gender", String(10)),
    Column("location", JSON),
    Column("languages", JSON),
    Column("education_level", Integer),
    Column("education_field", String(200)),
    Column("aspirations", JSON),
    Column("consents", JSON),  # current state per purpose; history in consent_changes
    Column("version", Integer, nullable=False, default=1),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # A tombstone: the id stays so that it answers 404 and is never reused.
    Column("erased_at", UtcDateTime()),
)

personal_details = Table(
    "personal_details",
    metadata,
    Column("returnee_id", String(32), ForeignKey(_RID), primary_key=True),
    Column("sealed", LargeBinary, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

consent_changes = Table(
    "consent_changes",
    metadata,
    # seq orders changes made in one transaction (initial consents share one instant).
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("returnee_id", String(32), ForeignKey(_RID), nullable=False, index=True),
    Column("purpose", String(40), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(64)),
    Column("recorded_by_role", String(40)),
    Column("method", String(10)),
    Column("note", Text),
)

skill_records = Table(
    "skill_records",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("returnee_id", String(32), ForeignKey(_RID), nullable=False, index=True),
    Column("uri", String(300), nullable=False),
    Column("proficiency", Integer, nullable=False),
    Column("evidence", String(40), nullable=False),
    Column("acquired_in", String(2)),
    Column("years", Float),
    Column("recorded_by", String(64)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("returnee_id", "uri", name="uq_skill_per_returnee"),
)

experience = Table(
    "experience",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("returnee_id", String(32), ForeignKey(_RID), nullable=False, index=True),
    Column("occupation", String(300), nullable=False),
    Column("years", Float, nullable=False),
    Column("country", String(2)),
    Column("created_at", UtcDateTime(), nullable=False),
)

kiosk_codes = Table(
    "kiosk_codes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("returnee_id", String(32), ForeignKey(_RID), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("fair_id", String(64)),
    Column("created_by", String(64)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime()),
    Column("used_by", String(64)),
    Column("revoked_at", UtcDateTime()),
)

# Failed redemptions, per key ("token:<id>" or "addr:<ip>"); in the store rather than in
# memory so that every worker process of one deployment shares the same budget.
kiosk_failures = Table(
    "kiosk_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(120), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False, index=True),
)

# Referral packets to training providers: only a keyed hash of the reference code is kept,
# and the packet itself is built from the record when it is read, so that a withdrawn
# consent or an erasure takes effect at once and no copy of personal details sits here.
referrals = Table(
    "referrals",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("returnee_id", String(32), ForeignKey(_RID), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("provider", String(200), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("training", String(300)),
    Column("created_by", String(64)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("subject", String(32), nullable=False, index=True),
    # read | write | export | erase | referral_issue | referral_read
    Column("action", String(20), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("purpose", String(200)),
    Column("actor_token_id", String(64)),
    Column("actor_role", String(40), nullable=False),
    Column("at", UtcDateTime(), nullable=False, index=True),
)

taxonomy_labels = Table(
    "taxonomy_labels",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("uri", String(300), nullable=False, index=True),
    Column("lang", String(3), nullable=False),
    Column("label", String(300), nullable=False),
    Column("added_by", String(64)),
    Column("added_at", UtcDateTime(), nullable=False),
    UniqueConstraint("uri", "lang", "label", name="uq_taxonomy_label"),
)

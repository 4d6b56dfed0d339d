"""Small query helpers: rows as dicts, pages, optimistic version bumps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, Table, func, select, update

from shared.errors import NotFound
from shared.messages import utcnow


def as_dict(row: Any) -> dict[str, Any]:
    """A row mapping as a plain dict, with SQLite's naive datetimes made UTC-aware."""
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, datetime) and value.tzinfo is None:
            out[key] = value.replace(tzinfo=UTC)
    return out


def get_or_404(conn: Connection, table: Table, id_: str, what: str) -> dict[str, Any]:
    """Load one row by id; 404 naming ``what`` when absent."""
    row = conn.execute(select(table).where(table.c.id == id_)).first()
    if row is None:
        raise NotFound(f"no such {what}")
    return as_dict(row)


def page_of(conn: Connection, query: Select[Any], page: int, page_size: int) -> dict[str, Any]:
    """One page of ``query`` (ordered by the caller) with the total count."""
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = conn.execute(query.limit(page_size).offset((page - 1) * page_size)).all()
    return {
        "items": [as_dict(r) for r in rows],
        "page": page,
        "page_size": page_size,
        "total": int(total),
    }


def save_changes(
    conn: Connection, table: Table, row: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Apply ``changes`` to ``row`` and to its stored row, bumping the entity version.

    The version is what events carry and what consumers compare (last write wins).
    """
    row.update(changes, version=row["version"] + 1, updated_at=utcnow())
    conn.execute(
        update(table)
        .where(table.c.id == row["id"])
        .values(**changes, version=row["version"], updated_at=row["updated_at"])
    )

"""The printed table of figures, and the JSON files under var/bench/."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

Row = tuple[str, str, str]


def _ms(p: dict[str, Any]) -> str:
    if not p or not p.get("n"):
        return "no samples"
    return f"p50 {p['p50']} ms, p95 {p['p95']} ms (n={p['n']}, max {p['max']})"


def _quality(q: dict[str, Any]) -> list[Row]:
    rel = q["relevant_per_person"]
    rows = [
        (
            "setup",
            f"{q['vacancies']} vacancies, {q['people']} people, {q['occupations']} occupations, "
            f"seed {q['seed']}; relevant per person: {rel['3']} x3, {rel['2']} x2, {rel['1']} x1",
        )
    ]
    for name, m in q["methods"].items():
        alone = q["methods_skills_only"][name]
        mrr = next(k for k in m if k.startswith("mrr"))
        rows.append(
            (
                name.replace("_", " "),
                f"NDCG@10 {m['ndcg@10']:.4f}  {mrr.upper()} {m[mrr]:.4f}  "
                f"({m['ms_per_query']} ms/query) | no experience: NDCG@10 "
                f"{alone['ndcg@10']:.4f}  MRR {alone[mrr]:.4f}",
            )
        )
    return [("quality", a, b) for a, b in rows]


def _titles(t: dict[str, Any]) -> list[Row]:
    return [
        (
            "titles",
            f"JobBERT {t['split']}, n={t['n']}",
            f"acc@1 {t['accuracy@1']:.4f}  acc@5 {t['accuracy@5']:.4f}  "
            f"MRR@10 {t['mrr@10']:.4f}  {t['titles_per_s']} titles/s",
        )
    ]


def _postings(p: dict[str, Any]) -> list[Row]:
    rows = []
    for kind in ("titles", "skills"):
        k = p[kind]
        rows.append(
            (
                "postings",
                f"Egypt 2025 {kind} (score >= {p['threshold']})",
                f"{k['mapped_share']:.1%} of {k['distinct']} distinct, "
                f"{k['mapped_share_of_occurrences']:.1%} of occurrences; "
                f"resolved unambiguously {k['resolved_share']:.1%}",
            )
        )
    return rows


def _latency(lat: dict[str, Any]) -> list[Row]:
    rows = []
    for size, m in lat.items():
        if not isinstance(m, dict):
            continue  # section_s
        rss = m["rss_mb"]
        rows.append(("latency", f"embedded {size}: top-20 over HTTP", _ms(m["latency_ms"])))
        rows.append(
            (
                "latency",
                f"embedded {size}: build",
                f"read models {m['read_models_s']} s, index {m['index_build_s']} s "
                f"(server ready in {m['startup_s']} s)",
            )
        )
        rows.append(
            (
                "latency",
                f"embedded {size}: memory",
                f"RSS booted {rss['platform_booted']} MB -> read models {rss['read_models']} "
                f"-> indexed {rss['indexed']} -> served {rss['after_requests']} MB; "
                f"index arrays {m['index_arrays_mb']} MB",
            )
        )
    return rows


def _distributed(d: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    if "freshness" in d:
        f = d["freshness"]
        rows.append(("distributed", "freshness post -> searchable", _ms(f["freshness_ms"])))
        rows.append(("distributed", "POST vacancy (employers)", _ms(f["post_ms"])))
    if "ingest" in d:
        i = d["ingest"]
        rows.append(
            (
                "distributed",
                f"ingest {i['vacancies']} vacancies, {i['client_threads']} threads",
                f"API {i['api_per_s']}/s; all searchable after {i['all_searchable_s']} s "
                f"= {i['end_to_end_per_s']}/s ({i['searchable']}/{i['accepted']})",
            )
        )
    if "es_100k" in d:
        e = d["es_100k"]
        rows.append(
            (
                "distributed",
                f"ES top-20 over HTTP, {e['vacancies_indexed']} vacancies",
                _ms(e["latency_ms"]),
            )
        )
        rows.append(
            (
                "distributed",
                "ES 100k load (bulk, not the API)",
                f"read-model insert {e['insert_read_models_s']} s, matching start with "
                f"ES rebuild {e['matching_start_with_es_rebuild_s']} s",
            )
        )
    if "memory" in d:
        m = d["memory"]
        pg = m["postgres"]
        rows.append(
            (
                "distributed",
                "memory RSS (MB)",
                f"Elasticsearch {m['elasticsearch']['rss_mb']}, Kafka {m['kafka']['rss_mb']}, "
                f"PostgreSQL {pg['rss_mb']} ({pg.get('with_backends_mb')} with backends)",
            )
        )
        workers = ", ".join(f"{n} {r['worker']}" for n, r in m["gunicorn"].items())
        rows.append(("distributed", "memory gunicorn workers (MB)", workers))
    return rows


RENDER = {
    "quality": _quality,
    "titles": _titles,
    "postings": _postings,
    "latency": _latency,
    "distributed": _distributed,
}


def rows(name: str, figures: dict[str, Any]) -> list[Row]:
    """The table rows of one section (an error is one row)."""
    if "error" in figures:
        lines = str(figures["error"]).strip().splitlines() or [""]
        brief = lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1]}"
        return [(name, "ERROR (full text in the JSON)", brief[:300])]
    try:
        out = RENDER[name](figures)
    except (KeyError, TypeError, ValueError) as exc:  # a figure missing: the JSON has the rest
        out = [(name, "(table row failed)", f"{type(exc).__name__}: {exc}")]
    out.append((name, "section time", f"{figures.get('section_s', '?')} s"))
    return out


def table(all_rows: list[Row]) -> str:
    """Aligned columns: section | figure | value."""
    if not all_rows:
        return ""
    w0 = max(len(r[0]) for r in all_rows)
    w1 = max(len(r[1]) for r in all_rows)
    return "\n".join(f"{a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in all_rows)


def write(results: dict[str, Any], out_dir: Path) -> Path:
    """``out_dir/<timestamp>.json`` and ``out_dir/latest.json``; returns the first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = out_dir / f"{stamp}.json"
    body = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path.write_text(body, encoding="utf-8")
    (out_dir / "latest.json").write_text(body, encoding="utf-8")
    return path

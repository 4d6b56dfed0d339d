"""Import of the official ESCO v1.1.1 CSV download, with an optional pickle cache.

Layout expected under ``directory`` (as published by the European Commission)::

    en/occupations_en.csv  en/skills_en.csv  en/ISCOGroups_en.csv
    relations/occupationSkillRelations.csv
    fr/occupations_fr.csv  fr/skills_fr_from_v1.0.csv  fr/ISCOGroups_fr.csv   (optional)

ESCO, © European Union, CC BY 4.0.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .model import IscoGroup, Occupation, Skill, SkillRelation, TaxonomyImportError
from .taxonomy import Taxonomy

log = logging.getLogger(__name__)

CACHE_VERSION = "esco-import-3"

REQUIRED: dict[str, tuple[str, ...]] = {
    "en/occupations_en.csv": (
        "conceptUri",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "description",
        "code",
    ),
    "en/skills_en.csv": (
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "description",
    ),
    "en/ISCOGroups_en.csv": ("code", "preferredLabel"),
    "relations/occupationSkillRelations.csv": ("occupationUri", "relationType", "skillUri"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "fr/occupations_fr.csv": ("conceptUri", "preferredLabel", "altLabels"),
    "fr/skills_fr_from_v1.0.csv": ("conceptUri", "preferredLabel", "altLabels"),
    "fr/ISCOGroups_fr.csv": ("code", "preferredLabel"),
}


def has_esco_files(directory: Path) -> bool:
    """True when every required ESCO CSV file exists under ``directory``."""
    return all((directory / name).is_file() for name in REQUIRED)


def _rows(directory: Path, name: str, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    path = directory / name
    if not path.is_file():
        raise TaxonomyImportError(f"ESCO file missing: {path}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise TaxonomyImportError(f"{path}: missing column(s) {', '.join(missing)}")
            check_status = "status" in header
            for row in reader:
                if check_status and (row.get("status") or "").strip() != "released":
                    continue
                yield row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TaxonomyImportError(f"{path}: cannot read ({exc})") from exc


def _alts(raw: str | None, preferred: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in (raw or "").split("\n"):
        line = " ".join(line.split())
        if line and line != preferred:
            seen.setdefault(line, None)
    return tuple(seen)


def _labels(directory: Path, name: str, key: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{key: (preferred, alts)}`` from an optional translation file (empty if absent)."""
    if not (directory / name).is_file():
        log.warning("ESCO translation file absent, skipped: %s", directory / name)
        return {}
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in _rows(directory, name, OPTIONAL[name]):
        pref = " ".join((row.get("preferredLabel") or "").split())
        if pref:
            out[row[key].strip()] = (pref, _alts(row.get("altLabels"), pref))
    return out


def _label_maps(
    pref: str, raw_alts: str | None, french: tuple[str, tuple[str, ...]] | None
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """``labels`` and ``alt_labels`` of a concept from its English row and French entry."""
    labels = {"en": pref}
    alts = {"en": _alts(raw_alts, pref)}
    if french is not None:
        labels["fr"] = french[0]
        if french[1]:
            alts["fr"] = french[1]
    return labels, {lang: values for lang, values in alts.items() if values}


def _concept_rows(directory: Path, name: str) -> Iterator[tuple[dict[str, str], str, str]]:
    for row in _rows(directory, name, REQUIRED[name]):
        uri = (row.get("conceptUri") or "").strip()
        pref = " ".join((row.get("preferredLabel") or "").split())
        if uri and pref:
            yield row, uri, pref


def read_esco(directory: Path) -> Taxonomy:
    """Parse the ESCO CSV files under ``directory`` into a :class:`Taxonomy` (no cache)."""
    directory = Path(directory)
    fr_occ = _labels(directory, "fr/occupations_fr.csv", "conceptUri")
    fr_skill = _labels(directory, "fr/skills_fr_from_v1.0.csv", "conceptUri")
    fr_isco = _labels(directory, "fr/ISCOGroups_fr.csv", "code")
    occupations = []
    for row, uri, pref in _concept_rows(directory, "en/occupations_en.csv"):
        labels, alts = _label_maps(pref, row["altLabels"], fr_occ.get(uri))
        occupations.append(
            Occupation(
                uri=uri,
                isco_group=row["iscoGroup"].strip(),
                code=row["code"].strip(),
                labels=labels,
                alt_labels=alts,
                description=(row["description"] or "").strip(),
            )
        )
    skills = []
    for row, uri, pref in _concept_rows(directory, "en/skills_en.csv"):
        labels, alts = _label_maps(pref, row["altLabels"], fr_skill.get(uri))
        skills.append(
            Skill(
                uri=uri,
                skill_type=row["skillType"].strip(),
                reuse_level=row["reuseLevel"].strip(),
                labels=labels,
                alt_labels=alts,
                description=(row["description"] or "").strip(),
            )
        )
    groups = []
    for row in _rows(directory, "en/ISCOGroups_en.csv", REQUIRED["en/ISCOGroups_en.csv"]):
        code = row["code"].strip()
        labels = {"en": " ".join(row["preferredLabel"].split())}
        if code in fr_isco:
            labels["fr"] = fr_isco[code][0]
        groups.append(IscoGroup(code=code, labels=labels))
    relations: dict[tuple[str, str], SkillRelation] = {}
    name = "relations/occupationSkillRelations.csv"
    for row in _rows(directory, name, REQUIRED[name]):
        kind = row["relationType"].strip()
        if kind not in ("essential", "optional"):
            raise TaxonomyImportError(f"{directory / name}: unknown relationType {kind!r}")
        occ, skill = row["occupationUri"].strip(), row["skillUri"].strip()
        relations.setdefault((occ, skill), SkillRelation(skill, kind == "essential"))
    return Taxonomy(occupations, skills, groups, ((o, r) for (o, _), r in relations.items()))


def _cache_key(directory: Path) -> str:
    """Hash of the ESCO files (names, sizes, mtimes) and of this package's source code,
    so that both a new download and a new version of the index invalidate the cache."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for name in sorted({**REQUIRED, **OPTIONAL}):
        path = directory / name
        if path.is_file():
            st = path.stat()
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def load_esco(
    directory: Path,
    cache_dir: Path | None = None,
    *,
    warm_languages: Sequence[str] = ("en", "fr"),
) -> Taxonomy:
    """Load ESCO from its CSV files; with ``cache_dir``, reuse a pickle keyed by the files.

    The cache key hashes the names, sizes and modification times of the CSV files, so a
    new download invalidates it. When the cache is written, the search indexes of
    ``warm_languages`` are built first and stored with it, so a warm start searches at
    once. Only point ``cache_dir`` at a directory the operator owns (it holds pickles).
    Raises :class:`TaxonomyImportError` naming a missing file or column.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise TaxonomyImportError(f"ESCO directory missing: {directory}")
    for name in REQUIRED:
        if not (directory / name).is_file():
            raise TaxonomyImportError(f"ESCO file missing: {directory / name}")
    if cache_dir is None:
        return read_esco(directory)
    cache = Path(cache_dir) / f"esco-{_cache_key(directory)}.pickle"
    if cache.is_file():
        try:
            with cache.open("rb") as fh:
                taxonomy = pickle.load(fh)
            if isinstance(taxonomy, Taxonomy):
                return taxonomy
        except Exception as exc:  # a stale or broken cache is rebuilt, never fatal
            log.warning("ignoring unreadable taxonomy cache %s: %s", cache, exc)
    taxonomy = read_esco(directory)
    taxonomy.warm(warm_languages)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".esco-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(taxonomy, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
        for stale in cache.parent.glob("esco-*.pickle"):
            if stale != cache:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot write taxonomy cache %s: %s", cache, exc)
    return taxonomy

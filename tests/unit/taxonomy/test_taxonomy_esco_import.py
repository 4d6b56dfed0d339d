"""Import of the official ESCO CSV files: tiny fixtures, then the real v1.1.1 files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from shared.taxonomy import Taxonomy, TaxonomyImportError, load_esco, taxonomy_for
from shared.taxonomy.esco_import import read_esco

ESCO_DIR = Path(__file__).parents[3].parent / "shared/data/esco/v1.1.1"
OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
PLUMBER = OCC + "ed3cf43d-c2c1-4c46-82fc-1375e27e0290"

OCC_HEADER = [
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "description",
    "code",
]
SKILL_HEADER = [
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "status",
    "description",
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture()
def tiny_esco(tmp_path: Path) -> Path:
    root = tmp_path / "esco"
    _write(
        root / "en/occupations_en.csv",
        OCC_HEADER,
        [
            [
                "Occupation",
                OCC + "p",
                "7126",
                "plumber",
                "gas fitter\ndomestic plumber\nplumber",
                "",
                "released",
                "Plumbers maintain water systems.",
                "7126.8",
            ],
            ["Occupation", OCC + "old", "7126", "pipe layer", "", "", "obsolete", "", "7126.9"],
        ],
    )
    _write(
        root / "en/skills_en.csv",
        SKILL_HEADER,
        [
            [
                "KnowledgeSkillCompetence",
                SKILL + "s",
                "skill/competence",
                "cross-sector",
                "install plumbing systems",
                "fit pipes",
                "released",
                "Install pipes.",
            ],
        ],
    )
    _write(
        root / "en/ISCOGroups_en.csv",
        ["code", "preferredLabel", "status"],
        [
            ["7", "Craft and related trades workers", "released"],
            ["7126", "Plumbers and pipe fitters", "released"],
        ],
    )
    _write(
        root / "relations/occupationSkillRelations.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [[OCC + "p", "essential", "skill/competence", SKILL + "s"]],
    )
    _write(
        root / "fr/occupations_fr.csv",
        OCC_HEADER,
        [
            [
                "Occupation",
                OCC + "p",
                "7126",
                "plombier/plombière",
                "plombier\nplombière",
                "",
                "released",
                "",
                "7126.8",
            ],
        ],
    )
    return root


def test_tiny_import(tiny_esco: Path) -> None:
    tx = read_esco(tiny_esco)
    assert tx.stats()["occupations"] == 1  # the obsolete row is skipped
    plumber = tx.occupation(OCC + "p")
    assert plumber is not None
    assert plumber.alt_labels["en"] == ("gas fitter", "domestic plumber")  # newline-split
    assert plumber.labels["fr"] == "plombier/plombière"
    assert plumber.code == "7126.8" and plumber.isco_group == "7126"
    assert tx.skills_of(OCC + "p")[0].essential
    assert tx.search_occupations("gas fit")[0].uri == OCC + "p"
    assert tx.search_occupations("plombière", "fr")[0].uri == OCC + "p"


def test_missing_file_is_named(tiny_esco: Path) -> None:
    (tiny_esco / "en/skills_en.csv").unlink()
    with pytest.raises(TaxonomyImportError, match="skills_en.csv"):
        load_esco(tiny_esco)
    with pytest.raises(TaxonomyImportError, match="missing"):
        load_esco(tiny_esco / "nowhere")


def test_partial_esco_directory_is_an_error_not_a_fallback(tiny_esco: Path) -> None:
    (tiny_esco / "relations/occupationSkillRelations.csv").unlink()
    with pytest.raises(TaxonomyImportError, match="occupationSkillRelations.csv"):
        taxonomy_for(tiny_esco, None)


def test_missing_column_is_named(tiny_esco: Path) -> None:
    _write(tiny_esco / "en/ISCOGroups_en.csv", ["code", "label"], [["7", "Craft"]])
    with pytest.raises(TaxonomyImportError, match="preferredLabel"):
        load_esco(tiny_esco)


def test_french_files_are_optional(tiny_esco: Path) -> None:
    shutil.rmtree(tiny_esco / "fr")
    tx = load_esco(tiny_esco)
    assert tx.label(OCC + "p", "fr") == "plumber"


def test_cache_is_reused_and_invalidated(tiny_esco: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = load_esco(tiny_esco, cache)
    files = list(cache.glob("esco-*.pickle"))
    assert len(files) == 1
    warm = load_esco(tiny_esco, cache)
    assert warm.stats() == cold.stats()
    assert warm.search_occupations("plumber")[0].uri == OCC + "p"
    files[0].write_bytes(b"not a pickle")  # a broken cache is rebuilt, never fatal
    assert load_esco(tiny_esco, cache).stats() == cold.stats()
    with (tiny_esco / "en/skills_en.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"KnowledgeSkillCompetence,{SKILL}t,knowledge,,welding,,released,\n")
    assert load_esco(tiny_esco, cache).stats()["skills"] == 2  # changed file: new key
    assert len(list(cache.glob("esco-*.pickle"))) == 1  # the stale cache was removed


def needs_esco(test):  # type: ignore[no-untyped-def]
    """The real ESCO files sit beside the checkout (../shared/data); their absence is a failure."""
    return test


@pytest.fixture(scope="module")
def esco() -> Taxonomy:
    assert (ESCO_DIR / "en/occupations_en.csv").is_file(), f"ESCO files missing in {ESCO_DIR}"
    return load_esco(ESCO_DIR)


@needs_esco
def test_real_counts(esco: Taxonomy) -> None:
    stats = esco.stats()
    assert stats["occupations"] == 3007
    assert stats["skills"] == 13896
    assert stats["isco_groups"] == 619
    assert stats["relations"] == 123855
    assert stats["essential_relations"] == 64946
    assert stats["optional_relations"] == 58909


@needs_esco
def test_real_lookups(esco: Taxonomy) -> None:
    plumber = esco.occupation(PLUMBER)
    assert plumber is not None and plumber.isco_group == "7126"
    assert plumber.labels["fr"] == "plombier/plombière"
    assert esco.isco_group("7126") is not None
    assert esco.label("http://data.europa.eu/esco/isco/C2512", "fr") == "Concepteurs de logiciels"
    assert len(esco.skills_of(PLUMBER)) > 10


@needs_esco
def test_real_search_and_resolution(esco: Taxonomy) -> None:
    assert esco.search_occupations("plumber")[0].uri == PLUMBER
    assert esco.search_occupations("plumb")[0].uri == PLUMBER
    assert esco.search_occupations("plombier", "fr")[0].uri == PLUMBER
    assert esco.resolve_occupation("Plombière", "fr").uri == PLUMBER
    python = esco.search_skills("python")[0]
    assert python.label == "Python (computer programming)"
    ambiguous = esco.resolve_occupation("assistant")
    assert len(ambiguous.candidates) > 1 or ambiguous.uri is not None
    assert esco.search_occupations("سباك", "ar") == []  # ESCO has no Arabic labels ...
    esco.add_label(PLUMBER, "ar", "سبّاك")  # ... until users add them
    assert esco.search_occupations("سباك", "ar")[0].uri == PLUMBER


@needs_esco
def test_taxonomy_for_prefers_esco(tmp_path: Path) -> None:
    assert taxonomy_for(ESCO_DIR, None).stats()["occupations"] == 3007

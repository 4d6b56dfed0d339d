"""Normalisation of labels and queries: Arabic, French accents, gender forms."""

from __future__ import annotations

import pytest

from shared.taxonomy import label_variants, normalise
from shared.taxonomy.query import query_forms
from shared.taxonomy.tfidf import stem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُهَنْدِس", "مهندس"),  # tashkeel removed
        ("مـهـنـدس", "مهندس"),  # tatweel removed
        ("أحمد", "احمد"),
        ("إدارة", "اداره"),  # alef with hamza below, teh marbuta -> heh
        ("آلة", "اله"),  # alef madda
        ("مستشفى", "مستشفي"),  # alef maksura -> yeh
        ("سبّاك", "سباك"),  # shadda
        ("٣ سنوات", "3 سنوات"),  # Arabic-Indic digits
    ],
)
def test_arabic_normalisation(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_arabic_spelling_variants_meet() -> None:
    assert normalise("إِدارة المَكْتَبة") == normalise("ادارة المكتبه")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plombière", "plombiere"),
        ("ÉLECTRICIEN", "electricien"),
        ("maçon", "macon"),
        ("œuvre d’art", "oeuvre d art"),
        ("aide-soignant(e)", "aide soignant e"),
        ("  Soudeur,   TIG!  ", "soudeur tig"),
    ],
)
def test_french_accents_case_and_punctuation(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_programming_language_names_survive_punctuation() -> None:
    assert normalise("C++") == "cpp"
    assert normalise("C#") == "csharp"
    assert normalise(".NET") == "dotnet"
    assert normalise("C") == "c"


@pytest.mark.parametrize(
    ("label", "variants"),
    [
        ("plombier/plombière", ["plombier", "plombiere"]),
        (
            "directeur technique/directrice technique",
            ["directeur technique", "directrice technique"],
        ),
        ("actor/actress", ["actor", "actress"]),
        ("piano maker/tuner", ["piano maker", "piano tuner"]),
        ("foreman/forewoman shunter", ["foreman shunter", "forewoman shunter"]),
        ("TCP/IP", ["tcp ip"]),
        ("SAP R/3", ["sap r 3"]),
        ("plumber", ["plumber"]),
        ("", []),
    ],
)
def test_gender_forms_are_split_but_acronyms_are_not(label: str, variants: list[str]) -> None:
    assert label_variants(label) == variants


def test_light_stemming() -> None:
    assert stem("workers") == "worker"
    assert stem("duties") == "duty"
    assert stem("process") == "process"
    assert stem("bus") == "bus"
    assert stem("اللحام") == "لحام"
    assert stem("للمركبات") == "مركبات"
    assert stem("ال") == "ال"


def test_query_forms_clean_vacancy_titles() -> None:
    assert query_forms("Senior Plumber (Cairo)", "en", "occupation") == [("plumber", 1.0)]
    assert query_forms("HR Executive", "en", "occupation") == [("human resources executive", 1.0)]
    assert query_forms("Communication Skills", "en", "skill") == [("communication", 1.0)]
    # a single word being typed is kept (prefix search); an abbreviation adds its expansion
    assert query_forms("senior", "en", "occupation") == [("senior", 1.0)]
    assert query_forms("ERP", "en", "skill") == [
        ("erp", 1.0),
        ("enterprise resource planning", 1.0),
    ]
    assert query_forms("  ", "en", "skill") == []

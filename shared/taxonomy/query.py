"""Query forms for free-text vacancy titles: noise words, abbreviations, brackets.

Vacancy titles carry words that say nothing about the occupation ("Senior",
"Internship", "Urgent", a town in brackets) and abbreviations ("HR Exec", "Sr. Acct").
``query_forms`` turns one typed text into the weighted forms that are scored; the
concept score is the best weighted score over all forms.
"""

from __future__ import annotations

import re

from .normalise import normalise


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SKILL_NOISE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "skill skills knowledge ability abilities good strong excellent basic advanced"
        " proficiency proficient familiarity familiar solid"
    ),
    "fr": _words("competence competences connaissance connaissances maitrise bonne"),
}
SKILL_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "ms": "microsoft",
        "it": "ict",
        "hr": "human resources",
        "qa": "quality assurance",
        "qc": "quality control",
        "pm": "project management",
        "ui": "user interface",
        "ux": "user experience",
        "crm": "customer relationship management",
        "erp": "enterprise resource planning",
        "seo": "search engine optimisation",
    },
}
NOISE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "senior junior snr jnr sr jr trainee intern interns internship internships apprentice"
        " apprenticeship graduate graduates fresh vacancy vacancies urgent urgently hiring"
        " required wanted needed immediate immediately position positions job jobs opening"
        " full part time fulltime parttime contract temporary temp permanent remote hybrid"
        " onsite based home ii iii iv level entry experienced"
    ),
    "fr": _words(
        "senior junior stagiaire stage alternance alternant alternante apprenti apprentie"
        " urgent poste cdi cdd interim temps plein partiel debutant debutante confirme"
        " confirmee experimente experimentee"
    ),
}
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "hr": "human resources",
        "it": "ict",
        "exec": "executive",
        "execs": "executive",
        "mgr": "manager",
        "mngr": "manager",
        "asst": "assistant",
        "engr": "engineer",
        "eng": "engineer",
        "tech": "technician",
        "techs": "technician",
        "rep": "representative",
        "reps": "representative",
        "acct": "accountant",
        "accts": "accounts",
        "admin": "administrative",
        "ops": "operations",
        "qa": "quality assurance",
        "qc": "quality control",
        "dev": "developer",
        "devs": "developers",
        "sw": "software",
        "ui": "user interface",
        "ux": "user experience",
        "fnb": "food and beverage",
        "cs": "customer service",
        "csr": "customer service representative",
        "pa": "personal assistant",
        "gm": "general manager",
        "md": "managing director",
        "ceo": "chief executive officer",
        "cfo": "chief financial officer",
        "coo": "chief operating officer",
        "cto": "chief technology officer",
        "hse": "health safety environment",
        "hvac": "heating ventilation air conditioning",
        "dba": "database administrator",
        "ar": "accounts receivable",
        "ap": "accounts payable",
    },
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")


def _clean(normalised: str, noise: frozenset[str], abbreviations: dict[str, str]) -> str:
    kept = [
        abbreviations.get(word, word)
        for word in normalised.split()
        if word not in noise and not word.isdigit()
    ]
    return " ".join(kept) or normalised


def query_forms(text: str, lang: str, kind: str | None = None) -> list[tuple[str, float]]:
    """Weighted normalised forms of ``text`` to score; a concept scores its best form.

    For ``kind`` "occupation" (vacancy titles) or "skill", bracketed parts ("(Bangi)")
    and noise words ("Senior", "Skills") are dropped and abbreviations expanded ("HR",
    "MS"), unless that would leave nothing. A single word (maybe still being typed) is
    kept as it is, its expansion if it is an abbreviation ("ERP") being a second form.
    Scoring each part between separators ("Clerk, Group Accounts") on its own was tried
    and lowered accuracy on the JobBERT development split, so it is not done.
    """
    whole = normalise(text)
    if not whole or kind is None:
        return [(whole, 1.0)] if whole else []
    if kind == "skill":
        noise = SKILL_NOISE_WORDS.get(lang, frozenset())
        abbreviations = SKILL_ABBREVIATIONS.get(lang, {})
    else:
        noise = NOISE_WORDS.get(lang, frozenset())
        abbreviations = ABBREVIATIONS.get(lang, {})
    single = len(whole.split()) == 1
    if single:
        expanded = abbreviations.get(whole)
        return [(whole, 1.0), (expanded, 1.0)] if expanded else [(whole, 1.0)]
    base = normalise(_BRACKETS.sub(" ", text)) or whole
    return [(_clean(base, noise, abbreviations), 1.0)]

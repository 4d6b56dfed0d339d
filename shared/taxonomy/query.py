"""Query forms for free-text vacancy titles: noise words, abbreviations and segments.

Vacancy titles carry words that say nothing about the occupation ("Senior",
"Internship", "Urgent", a town in brackets) and abbreviations ("HR Exec", "Sr. Acct").
``query_forms`` turns one typed text into the weighted forms that are scored; the
concept score is the best weighted score over all forms.
"""

from __future__ import annotations

import re

from .normalise import normalise

NOISE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "senior junior snr jnr sr jr trainee intern interns internship internships apprentice"
        " apprenticeship graduate graduates fresh vacancy vacancies urgent urgently hiring"
        " required wanted needed immediate immediately position positions job jobs opening"
        " full part time fulltime parttime contract temporary temp permanent remote hybrid"
        " onsite based home ii iii iv level entry experienced".split()
    ),
    "fr": frozenset(
        "senior junior stagiaire stage alternance alternant alternante apprenti apprentie"
        " urgent poste cdi cdd interim temps plein partiel debutant debutante confirme"
        " confirmee experimente experimentee".split()
    ),
}
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "hr": "human resources", "it": "ict", "exec": "executive", "execs": "executive",
        "mgr": "manager", "mngr": "manager", "asst": "assistant", "asst.": "assistant",
        "engr": "engineer", "eng": "engineer", "tech": "technician", "techs": "technician",
        "rep": "representative", "reps": "representative", "acct": "accountant",
        "accts": "accounts", "admin": "administrative", "ops": "operations",
        "qa": "quality assurance", "qc": "quality control", "dev": "developer",
        "devs": "developers", "sw": "software", "ui": "user interface",
        "ux": "user experience", "f&b": "food and beverage", "fnb": "food and beverage",
        "cs": "customer service", "csr": "customer service representative",
        "pa": "personal assistant", "gm": "general manager", "md": "managing director",
        "ceo": "chief executive officer", "cfo": "chief financial officer",
        "coo": "chief operating officer", "cto": "chief technology officer",
        "hse": "health safety environment", "hvac": "heating ventilation air conditioning",
        "r&d": "research and development", "dba": "database administrator",
        "ar": "accounts receivable", "ap": "accounts payable",
    },
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_SEPARATORS = re.compile(r"\s[-\u2013\u2014|]\s|[|,;:/@#]|\s&\s|\sand\s|\scum\s", re.IGNORECASE)
SEGMENT_WEIGHT = 0.9
"""A segment of the query ("Clerk" in "Clerk, Group Accounts") scores this much of itself."""


def _clean(normalised: str, lang: str, keep_last: bool) -> str:
    noise = NOISE_WORDS.get(lang, frozenset())
    abbreviations = ABBREVIATIONS.get(lang, {})
    words = normalised.split()
    out = []
    for pos, word in enumerate(words):
        last = pos == len(words) - 1
        if word in noise and not (last and keep_last):
            continue
        if word.isdigit() and not last:
            continue
        out.append(abbreviations.get(word, word) if not last or not keep_last else word)
    return " ".join(out) or normalised


def query_forms(text: str, lang: str, free_text: bool = True) -> list[tuple[str, float]]:
    """Weighted normalised forms of ``text`` to score; the first is the whole query.

    With ``free_text``, noise words are dropped, abbreviations expanded, bracketed parts
    removed, and each part between separators is scored on its own as well. A single
    word being typed is left alone, so the autocomplete still matches its prefix.
    """
    whole = normalise(text)
    if not whole or not free_text:
        return [(whole, 1.0)] if whole else []
    single = len(whole.split()) == 1
    unbracketed = _BRACKETS.sub(" ", text)
    base = normalise(unbracketed) or whole
    forms: dict[str, float] = {}
    cleaned = _clean(base, lang, keep_last=single)
    forms[cleaned] = 1.0
    segments = [normalise(s) for s in _SEPARATORS.split(unbracketed)]
    segments = [s for s in segments if s]
    if len(segments) > 1:
        for seg in segments:
            form = _clean(seg, lang, keep_last=False)
            if form and form not in forms:
                forms[form] = SEGMENT_WEIGHT
    return list(forms.items())

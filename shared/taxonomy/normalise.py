"""Text normalisation for labels and queries in English, French and Arabic.

``normalise`` casefolds, strips accents (French), normalises Arabic (no tashkeel or
tatweel, one alef, ى -> ي, ة -> ه) and turns punctuation into spaces.
``label_variants`` also splits ESCO gender forms such as ``plombier/plombière``.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MAP = str.maketrans(
    {
        "\u0640": "",  # tatweel
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0622": "\u0627",  # alef madda -> alef
        "\u0623": "\u0627",  # alef hamza above -> alef
        "\u0625": "\u0627",  # alef hamza below -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # farsi yeh -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0660": "0",
        "\u0661": "1",
        "\u0662": "2",
        "\u0663": "3",
        "\u0664": "4",
        "\u0665": "5",
        "\u0666": "6",
        "\u0667": "7",
        "\u0668": "8",
        "\u0669": "9",
        "\u06f0": "0",
        "\u06f1": "1",
        "\u06f2": "2",
        "\u06f3": "3",
        "\u06f4": "4",
        "\u06f5": "5",
        "\u06f6": "6",
        "\u06f7": "7",
        "\u06f8": "8",
        "\u06f9": "9",
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
        "\u00f8": "o",
        "\u0131": "i",
        "\u0142": "l",
    }
)
_CPP = re.compile(r"(?<=\w)\+\+")
_SHARP = re.compile(r"(?<=\b[a-z])#", re.IGNORECASE)
_DOTNET = re.compile(r"(?<![\w.])\.net\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Return the search form of ``text``: casefolded, without accents or punctuation.

    >>> normalise("Plombière/Électricien")
    'plombiere electricien'
    >>> normalise("إِدارة المَكْتَبة") == normalise("ادارة المكتبه")
    True
    """
    if "+" in text or "#" in text or "." in text:
        text = _DOTNET.sub(" dotnet", _SHARP.sub("sharp", _CPP.sub("pp", text)))
    if text.isascii():
        return " ".join(_NON_WORD.sub(" ", text.casefold()).split())
    text = unicodedata.normalize("NFKD", text.translate(_ARABIC_MAP))
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_ARABIC_MAP)
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """Normalised words of ``text``."""
    return normalise(text).split()


def _splittable(left: str, right: str) -> bool:
    """True when ``left/right`` looks like two word forms, not ``TCP/IP`` or ``SAP R/3``."""
    lw, rw = left.split(), right.split()
    if not lw or not rw:
        return False
    a, b = lw[-1], rw[0]
    return len(a) >= 3 and len(b) >= 3 and a.isalpha() and b.isalpha()


def _split_slashes(label: str) -> list[str]:
    parts = [p.strip() for p in label.split("/")]
    if len(parts) < 2 or not all(_splittable(a, b) for a, b in zip(parts, parts[1:], strict=False)):
        return [label]
    first = parts[0].split()
    out = [parts[0]]
    for part in parts[1:]:
        words = part.split()
        if len(words) < len(first):
            # "piano maker/tuner" -> "piano tuner"
            words = first[: len(first) - len(words)] + words
        elif len(words) > len(first) and len(first) == 1 and len(out) == 1:
            # "foreman/forewoman shunter" -> "foreman shunter"
            out[0] = " ".join(first + words[1:])
        out.append(" ".join(words))
    return out


def label_variants(label: str) -> list[str]:
    """Normalised search variants of one label, gender forms split, duplicates removed.

    >>> label_variants("plombier/plombière")
    ['plombier', 'plombiere']
    >>> label_variants("TCP/IP")
    ['tcp ip']
    """
    seen: dict[str, None] = {}
    for raw in _split_slashes(label):
        norm = normalise(raw)
        if norm:
            seen.setdefault(norm, None)
    return list(seen)

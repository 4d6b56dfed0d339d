"""The words of explanations in English, French and Arabic.

Arabic phrases are noun phrases ("المهارات الأساسية المتوفرة: 4 من 5") so they need no
gender or number agreement. Translations should be reviewed by the counsellors who read
them aloud; keys are stable, so a reviewed table can replace this one.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "fr", "ar")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "essential": "has {have} of {total} essential skills",
        "optional": "has {have} of {total} optional skills",
        "experience_same": "has {years} years of experience as {occupation}",
        "experience_same_one": "has 1 year of experience as {occupation}",
        "experience_related": "has experience in a related occupation: {occupation}",
        "experience_met": "has the {years} years of experience the vacancy asks for",
        "language": "speaks {language} at the required level",
        "education": "meets the education level",
        "distance": "{km} km away",
        "distance_near": "less than 1 km away",
        "relocate_far": "willing to relocate ({km} km away)",
        "relocate": "willing to relocate",
        "aspiration_vacancy": "matches an occupation you aspire to",
        "aspiration_candidate": "aspires to work in this occupation",
        "wage_vacancy": "pays at least your minimum monthly wage",
        "wage_candidate": "pays at least the candidate's minimum monthly wage",
        "incentive_vacancy": "employer offers {article}{incentive}",
        "incentive_candidate": "hiring this person qualifies for {article}{incentive}",
        "hires": "employer has already hired {n} people through the programme",
        "hires_one": "employer has already hired 1 person through the programme",
    },
    "fr": {
        "essential": "possède {have} des {total} compétences essentielles",
        "optional": "possède {have} des {total} compétences optionnelles",
        "experience_same": "{years} ans d'expérience comme {occupation}",
        "experience_same_one": "1 an d'expérience comme {occupation}",
        "experience_related": "expérience dans un métier proche : {occupation}",
        "experience_met": "a les {years} ans d'expérience demandés",
        "language": "parle {language} au niveau requis",
        "education": "a le niveau d'études requis",
        "distance": "à {km} km",
        "distance_near": "à moins de 1 km",
        "relocate_far": "prêt·e à déménager (à {km} km)",
        "relocate": "prêt·e à déménager",
        "aspiration_vacancy": "correspond à un métier que vous souhaitez exercer",
        "aspiration_candidate": "souhaite exercer ce métier",
        "wage_vacancy": "salaire au moins égal à votre minimum mensuel",
        "wage_candidate": "salaire au moins égal au minimum mensuel de la personne",
        "incentive_vacancy": "l'employeur propose {article}{incentive}",
        "incentive_candidate": "embaucher cette personne ouvre droit à {article}{incentive}",
        "hires": "l'employeur a déjà embauché {n} personnes via le programme",
        "hires_one": "l'employeur a déjà embauché 1 personne via le programme",
    },
    "ar": {
        "essential": "المهارات الأساسية المتوفرة: {have} من {total}",
        "optional": "المهارات الاختيارية المتوفرة: {have} من {total}",
        "experience_same": "سنوات الخبرة في مهنة {occupation}: {years}",
        "experience_same_one": "سنوات الخبرة في مهنة {occupation}: 1",
        "experience_related": "خبرة في مهنة قريبة: {occupation}",
        "experience_met": "سنوات الخبرة المطلوبة ({years}) مستوفاة",
        "language": "اللغة {language}: بالمستوى المطلوب",
        "education": "المستوى التعليمي المطلوب: مستوفى",
        "distance": "المسافة: {km} كم",
        "distance_near": "المسافة: أقل من 1 كم",
        "relocate_far": "الاستعداد للانتقال (المسافة: {km} كم)",
        "relocate": "الاستعداد للانتقال",
        "aspiration_vacancy": "تتوافق مع مهنة تطمح إليها",
        "aspiration_candidate": "الرغبة في العمل في هذه المهنة",
        "wage_vacancy": "الأجر لا يقل عن الحد الأدنى الشهري الذي تطلبه",
        "wage_candidate": "الأجر لا يقل عن الحد الأدنى الشهري الذي يطلبه الشخص",
        "incentive_vacancy": "يقدّم صاحب العمل {article}{incentive}",
        "incentive_candidate": "توظيف هذا الشخص يتيح الاستفادة من {article}{incentive}",
        "hires": "عدد من وظّفهم صاحب العمل عبر البرنامج: {n}",
        "hires_one": "عدد من وظّفهم صاحب العمل عبر البرنامج: 1",
    },
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "ar": "Arabic",
        "en": "English",
        "fr": "French",
        "es": "Spanish",
        "de": "German",
        "it": "Italian",
        "tr": "Turkish",
        "fa": "Persian",
        "ps": "Pashto",
        "ur": "Urdu",
        "ti": "Tigrinya",
        "am": "Amharic",
        "so": "Somali",
        "ha": "Hausa",
        "wo": "Wolof",
        "ber": "Berber",
        "ku": "Kurdish",
        "ru": "Russian",
        "pt": "Portuguese",
        "nl": "Dutch",
    },
    "fr": {
        "ar": "arabe",
        "en": "anglais",
        "fr": "français",
        "es": "espagnol",
        "de": "allemand",
        "it": "italien",
        "tr": "turc",
        "fa": "persan",
        "ps": "pachto",
        "ur": "ourdou",
        "ti": "tigrinya",
        "am": "amharique",
        "so": "somali",
        "ha": "haoussa",
        "wo": "wolof",
        "ber": "berbère",
        "ku": "kurde",
        "ru": "russe",
        "pt": "portugais",
        "nl": "néerlandais",
    },
    "ar": {
        "ar": "العربية",
        "en": "الإنجليزية",
        "fr": "الفرنسية",
        "es": "الإسبانية",
        "de": "الألمانية",
        "it": "الإيطالية",
        "tr": "التركية",
        "fa": "الفارسية",
        "ps": "البشتوية",
        "ur": "الأردية",
        "ti": "التغرينية",
        "am": "الأمهرية",
        "so": "الصومالية",
        "ha": "الهوسا",
        "wo": "الولوفية",
        "ber": "الأمازيغية",
        "ku": "الكردية",
        "ru": "الروسية",
        "pt": "البرتغالية",
        "nl": "الهولندية",
    },
}

# (label without a duration, label with "{months}") per scheme type and language
SCHEME_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "wage_subsidy": ("wage subsidy", "{months}-month wage subsidy"),
        "cash_for_work": ("cash-for-work scheme", "{months}-month cash-for-work scheme"),
        "apprenticeship": ("apprenticeship", "{months}-month apprenticeship"),
        "internship": ("internship", "{months}-month internship"),
        "on_the_job_training": (
            "on-the-job training",
            "{months}-month on-the-job training programme",
        ),
        "mentoring": ("mentoring", "{months}-month mentoring programme"),
        "recognition": ("recognition", "recognition"),
    },
    "fr": {
        "wage_subsidy": ("subvention salariale", "subvention salariale de {months} mois"),
        "cash_for_work": (
            "travail contre rémunération",
            "travail contre rémunération de {months} mois",
        ),
        "apprenticeship": ("apprentissage", "apprentissage de {months} mois"),
        "internship": ("stage", "stage de {months} mois"),
        "on_the_job_training": (
            "formation en cours d'emploi",
            "formation en cours d'emploi de {months} mois",
        ),
        "mentoring": ("mentorat", "mentorat de {months} mois"),
        "recognition": ("reconnaissance", "reconnaissance"),
    },
    "ar": {
        "wage_subsidy": ("دعم الأجور", "دعم الأجور لمدة {months}"),
        "cash_for_work": ("النقد مقابل العمل", "النقد مقابل العمل لمدة {months}"),
        "apprenticeship": ("تلمذة مهنية", "تلمذة مهنية لمدة {months}"),
        "internship": ("تدريب داخلي", "تدريب داخلي لمدة {months}"),
        "on_the_job_training": ("تدريب أثناء العمل", "تدريب أثناء العمل لمدة {months}"),
        "mentoring": ("إرشاد", "إرشاد لمدة {months}"),
        "recognition": ("تقدير", "تقدير"),
    },
}
FR_ARTICLE = {
    "wage_subsidy": "une ",
    "on_the_job_training": "une ",
    "recognition": "une ",
    "cash_for_work": "du ",
    "apprenticeship": "un ",
    "internship": "un ",
    "mentoring": "un ",
}
SHARE = {"en": " ({share}% of wage)", "fr": " ({share} % du salaire)", "ar": " ({share}٪ من الأجر)"}
WHO = {
    "en": {
        "returnees_only": " for returnees",
        "returnees_and_community": " for returnees and community members",
    },
    "fr": {
        "returnees_only": " pour les personnes de retour",
        "returnees_and_community": " pour les personnes de retour et la communauté d'accueil",
    },
    "ar": {
        "returnees_only": " للعائدين",
        "returnees_and_community": " للعائدين وأفراد المجتمع المحلي",
    },
}


EN_UNCOUNTABLE = ("on-the-job training", "mentoring", "recognition")


def lang_of(lang: str) -> str:
    """``lang`` if explanations exist in it, else English."""
    return lang if lang in MESSAGES else "en"


def say(lang: str, key: str, **values: Any) -> str:
    """One explanation phrase."""
    return MESSAGES[lang_of(lang)][key].format(**values)


def language_name(code: str, lang: str) -> str:
    """The name of a language in ``lang`` (the code itself when unknown)."""
    return LANGUAGE_NAMES[lang_of(lang)].get(code, code)


def number(value: float) -> str:
    """5.0 -> "5", 2.5 -> "2.5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def arabic_months(months: float) -> str:
    """A duration in months with Arabic number agreement (شهر واحد، شهرين، 3 أشهر، 12 شهرًا)."""
    if not float(months).is_integer():
        return f"{number(months)} شهر"
    n = int(months)
    if n == 1:
        return "شهر واحد"
    if n == 2:
        return "شهرين"
    return f"{n} أشهر" if 3 <= n <= 10 else f"{n} شهرًا"


def incentive_phrase(kind: str, terms: dict[str, Any], eligibility: str, lang: str) -> str:
    """What a scheme offers, e.g. "6-month wage subsidy (50% of wage) for returnees"."""
    lang = lang_of(lang)
    plain, timed = SCHEME_WORDS[lang].get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    months = terms.get("months")
    if isinstance(months, int | float) and not isinstance(months, bool) and months > 0:
        text = timed.format(months=arabic_months(months) if lang == "ar" else number(months))
    else:
        text = plain
    share = terms.get("share")
    if kind == "wage_subsidy" and isinstance(share, int | float) and share:
        text += SHARE[lang].format(share=int(round(float(share) * 100)))
    return text + WHO[lang].get(eligibility, "")


def article(kind: str, phrase: str, lang: str) -> str:
    """The article before an incentive phrase ("a"/"an" in English, "un"/"une" in French)."""
    lang = lang_of(lang)
    if lang == "fr":
        return FR_ARTICLE.get(kind, "")
    if lang == "ar":
        return ""
    if phrase.startswith(EN_UNCOUNTABLE):
        return ""
    first = phrase.split("-")[0].split(" ")[0]
    vowel = phrase[:1].lower() in "aeiou" or first in ("8", "11", "18") or first.startswith("8")
    return "an " if vowel else "a "

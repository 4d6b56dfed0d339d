"""Words the pages' JavaScript shows, translated on the server and handed to the page.

Each page embeds the strings of its area as JSON; scripts read them by key. The
placeholders in braces (``{n}``) are filled in by the script.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

COMMON = {
    "loading": _l("Loading…"),
    "error": _l("Something went wrong. Please try again."),
    "network": _l("The service cannot be reached. Check the connection and try again."),
    "signed_out": _l("You are signed out."),
    "bad_token": _l("This token is not valid or has expired. Paste a new one."),
    "wrong_role": _l("This token is not for this page."),
    "saved": _l("Saved."),
    "none": _l("None"),
    "km": _l("{km} km"),
    "to_learn": _l("To learn"),
    "training": _l("Training: {names}"),
    "why": _l("Why it fits"),
    "incentives": _l("Incentives"),
    "no_results": _l("Nothing found."),
    "essential": _l("essential"),
    "optional": _l("optional"),
    "positions": _l("Open positions: {n}"),
}

KIOSK = {
    "jobs_count": _l("Open jobs: {n}"),
    "all": _l("All"),
    "wrong_code": _l("The code is wrong, already used or expired."),
    "too_many": _l("Too many tries. Please wait {s} seconds and ask your counsellor."),
    "hello": _l("Hello, {name}"),
    "hello_anon": _l("Hello"),
    "no_matches": _l("No matching jobs at this fair yet. Your counsellor can help."),
    "interested": _l("I am interested"),
    "interest_saved": _l("Thank you. Your counsellor will see your interest."),
    "not_enrolled": _l("This kiosk is not enrolled."),
    "code_slot": _l("Character {i} of {n}"),
    "more": _l("Show more jobs"),
}

STAFF = {
    "matches_wait": _l("Looking for matches… new records take a moment to arrive."),
    "no_matches": _l("No matches yet."),
    "no_candidates": _l("No consenting candidates yet."),
    "candidate": _l("Candidate {rank}"),
    "ref": _l("Reference {ref}"),
    "score": _l("Score {score}"),
    "record": _l("Record"),
    "outcome": _l("Outcome"),
    "outcome_saved": _l("Outcome recorded: {stage}"),
    "hire": _l("Record hire"),
    "hire_saved": _l("Hire recorded. Start date {date}."),
    "kiosk_code": _l("Kiosk code: {code} (valid until {time})"),
    "consent_on": _l("granted"),
    "consent_off": _l("not granted"),
    "grant": _l("Grant"),
    "withdraw": _l("Withdraw"),
    "due": _l("{m}-month follow-up due since {date}"),
    "no_follow_ups": _l("No follow-ups are due."),
    "follow_up_saved": _l("Follow-up recorded."),
    "no_vacancies": _l("No vacancies yet."),
    "no_returnees": _l("No returnees registered at this centre yet."),
    "skills_count": _l("Skills recorded: {n}"),
    "no_skills": _l("No skills recorded yet."),
    "pick_skill": _l("Choose a skill from the list."),
    "pick_occupation": _l("Choose an occupation from the list."),
    "suggested_none": _l("This occupation lists no skills; add them below."),
    "closed": _l("Vacancy closed."),
    "no_schemes": _l("No incentive scheme"),
    "show_name": _l("Name: {name}"),
    "no_data": _l("No data yet."),
    "show_data": _l("Show the figures as a table"),
    "of_total": _l("{a} of {b} {cur} ({p}%)"),
    "retention": _l("{rate}% still employed ({n} followed up)"),
    "month": _l("{m} months"),
    "unknown": _l("unknown"),
    "placements": _l("Placements"),
    "rate": _l("Retention rate"),
    "committed": _l("Committed"),
    "total": _l("Total budget"),
}

STAGES = {
    "shown": _l("shown"),
    "saved": _l("saved"),
    "applied": _l("applied"),
    "interviewed": _l("interviewed"),
    "hired": _l("hired"),
    "rejected": _l("rejected"),
    "left_job": _l("left the job"),
}


def for_page(*tables: dict[str, object]) -> dict[str, str]:
    """The strings of the given tables, translated into the request's language."""
    out: dict[str, str] = {}
    for table in (COMMON, *tables):
        out.update({k: str(v) for k, v in table.items()})
    out.update({f"stage.{k}": str(v) for k, v in STAGES.items()})
    out.update({k: str(v) for k, v in CODES.items()})
    return out


# The four consent purposes, each with the words a counsellor reads to the person.
CONSENT_PURPOSES = (
    (
        "matching",
        _l("Use my profile to find jobs for me"),
        _l(
            "Jisr compares your skills with open vacancies and shows you and your "
            "counsellor the jobs that fit."
        ),
    ),
    (
        "shown_to_employers",
        _l("Show my profile to employers without my name"),
        _l(
            "Employers with a fitting vacancy see your skills and experience under a "
            "reference number, never your name or contact details."
        ),
    ),
    (
        "contact_by_employers",
        _l("Let employers contact me"),
        _l(
            "Your counsellor may pass your contact details to an employer who wants to "
            "invite you to an interview."
        ),
    ),
    (
        "referral_to_training",
        _l("Refer me to training"),
        _l("Your counsellor may share your profile with a training provider to close a skill gap."),
    ),
)

# Values the indicators and profiles carry as codes.
CODES = {
    "gender.female": _l("female"),
    "gender.male": _l("male"),
    "gender.other": _l("other"),
    "gender.unknown": _l("not stated"),
    "status.open": _l("open"),
    "status.closed": _l("closed"),
    "status.filled": _l("filled"),
    "status.returnee": _l("returnee"),
    "status.community_member": _l("member of the host community"),
    "engagement.inform": _l("informed"),
    "engagement.consult": _l("consulted"),
    "engagement.manage_closely": _l("managed closely"),
    "evidence.self_declared": _l("self-declared"),
    "evidence.assessed": _l("assessed"),
    "evidence.certified": _l("certified"),
    "evidence.prior_learning_recognised": _l("prior learning recognised"),
    "fact.reference": _l("Reference"),
    "fact.status": _l("Status"),
    "fact.city": _l("City"),
    "fact.languages": _l("Languages"),
    "fact.education": _l("Education (ISCED level)"),
    "fact.gender": _l("Gender"),
    "fact.age_band": _l("Age band"),
    "fact.occupation": _l("Occupation"),
    "fact.positions": _l("Positions filled"),
    "fact.closes": _l("Closes"),
    "fact.skills": _l("Skills asked for"),
    "fact.incentives": _l("Incentive schemes"),
}

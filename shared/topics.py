"""Topic names: ``jisr.<service>.<entity>``; entity topics are compacted on Kafka."""

EMPLOYER = "jisr.employers.employer"
VACANCY = "jisr.employers.vacancy"
INCENTIVE = "jisr.employers.incentive"
PARTNERSHIP = "jisr.employers.partnership"
PLACEMENT = "jisr.employers.placement"
PROFILE = "jisr.skills.profile"
TAXONOMY = "jisr.skills.taxonomy"
OUTCOME = "jisr.matching.outcome"

ENTITY_TOPICS = (EMPLOYER, VACANCY, INCENTIVE, PARTNERSHIP, PROFILE)
LOG_TOPICS = (PLACEMENT, TAXONOMY, OUTCOME)
ALL = ENTITY_TOPICS + LOG_TOPICS


def dead_letter(group: str) -> str:
    """The dead-letter topic of one consumer group."""
    return f"jisr.dlq.{group}"

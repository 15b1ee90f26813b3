from kechuang.core.access import BUSINESS_READ, Rule, read_only

OWN_READ = BUSINESS_READ | {"commissioner"}


def _declared() -> dict[str, Rule]:
    from .pages import (
        AchievementPages,
        AppraisalPages,
        AssignmentPages,
        CommissionerPages,
        DonationPages,
        KeyVillagePages,
        NoticePages,
        RulePages,
        ServicePages,
        TeamPages,
        TrainingPages,
    )

    rules: dict[str, Rule] = {}
    for pages in (
        CommissionerPages,
        NoticePages,
        KeyVillagePages,
        AssignmentPages,
        TeamPages,
        ServicePages,
        TrainingPages,
        AchievementPages,
        DonationPages,
        AppraisalPages,
        RulePages,
    ):
        rules.update(pages.policy())
    return rules


POLICY = {
    **_declared(),
    "rural:coverage": read_only(BUSINESS_READ),
    "rural:portal": read_only(frozenset({"commissioner"})),
    "rural:points": read_only(BUSINESS_READ),
    "rural:sheet": read_only(OWN_READ),  # a commissioner reads their own (scoped)
    "rural:sheet_file": read_only(OWN_READ),
    "rural:stations": read_only(BUSINESS_READ),
}

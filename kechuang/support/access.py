from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, Rule, read_only, read_write


def _declared() -> dict[str, Rule]:
    from .pages import FlagPages, LiaisonPages, MeasurePages, PlanPages, QuestionPages, VisitPages

    rules: dict[str, Rule] = {}
    for pages in (VisitPages, QuestionPages, FlagPages, LiaisonPages, PlanPages, MeasurePages):
        rules.update(pages.policy())
    return rules


POLICY = {
    **_declared(),
    "support:leaders": read_only(BUSINESS_READ),
    "support:mine": read_only(frozenset({"leader"})),
    "support:leader": read_only(BUSINESS_READ),
    "support:plan_docx": read_only(BUSINESS_READ),
    "support:plan_review": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}

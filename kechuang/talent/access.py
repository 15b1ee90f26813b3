from kechuang.core.access import BUSINESS_WRITE, Rule, read_write


def _declared() -> dict[str, Rule]:
    from .pages import CooperationPages, ExpertPages, InstitutionPages

    return {**CooperationPages.policy(), **ExpertPages.policy(), **InstitutionPages.policy()}


POLICY = {
    **_declared(),
    "talent:cooperation_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}

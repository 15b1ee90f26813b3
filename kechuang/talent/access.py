from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, Rule, read_write


def _declared() -> dict[str, Rule]:
    from .pages import (
        CooperationPages,
        ExpertPages,
        InstitutionPages,
        NeedPages,
        PlanPages,
        TripPages,
    )

    return {
        **CooperationPages.policy(),
        **ExpertPages.policy(),
        **InstitutionPages.policy(),
        **TripPages.policy(),
        **NeedPages.policy(),
        **PlanPages.policy(),
    }


POLICY = {
    **_declared(),
    "talent:cooperation_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "talent:visit_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "talent:need_confirm": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "talent:ladder": read_write(BUSINESS_READ, frozenset()),
}

from kechuang.core.access import (
    BUSINESS_READ,
    BUSINESS_WRITE,
    OWN_READ,
    OWN_WRITE,
    Rule,
    read_only,
    read_write,
)


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
    # the need loop: staff move it, the enterprise rates the answer of its own (scoped)
    "talent:need_advance": read_write(OWN_WRITE, OWN_WRITE),
    "api:need-event-list": read_write(OWN_READ, OWN_WRITE),
    "api:need-event-detail": read_only(OWN_READ),
    "talent:ladder": read_write(BUSINESS_READ, frozenset()),
    # a cooperation's rungs: its enterprise reads them, the bureau records the next one
    "api:cooperation-event-list": read_write(OWN_READ, BUSINESS_WRITE),
    "api:cooperation-event-detail": read_only(OWN_READ),
    "api:visit-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:visit-detail": read_only(BUSINESS_READ),
}

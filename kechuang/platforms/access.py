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
    from .pages import PlatformPages

    return PlatformPages.policy()


STAFF = read_write(BUSINESS_READ, BUSINESS_WRITE)
POLICY = {
    **_declared(),
    "platforms:platform_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "platforms:platform_evaluate": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    # the host enterprise fills its platforms' yearly values and uploads evidence
    "platforms:readiness": read_write(OWN_READ, OWN_WRITE),
    "platforms:readiness_review": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "platforms:readiness_list": STAFF,
    # shared reference data: the services say who may change it (decision 64)
    "platforms:kind_list": STAFF,
    "platforms:kind_detail": STAFF,
    "platforms:criterion_list": STAFF,
    "platforms:criterion_add": STAFF,
    "platforms:criterion_detail": STAFF,
    "platforms:criterion_delete": STAFF,
    "platforms:criteria_copy": STAFF,
    "api:platform-event-list": read_write(OWN_READ, BUSINESS_WRITE),
    "api:platform-event-detail": read_only(OWN_READ),
}

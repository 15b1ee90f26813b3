from kechuang.core.access import (
    BUSINESS_READ,
    BUSINESS_WRITE,
    ENTERPRISE,
    Rule,
    read_only,
    read_write,
)


def _declared() -> dict[str, Rule]:
    from .pages import DisseminationPages, PolicyPages, PushPages

    return {**PolicyPages.policy(), **PushPages.policy(), **DisseminationPages.policy()}


POLICY = {
    **_declared(),
    "policies:matches": read_only(BUSINESS_READ),
    "policies:push_many": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    # an enterprise's own page and its answer to a push it received (scoped)
    "policies:portal": read_only(ENTERPRISE),
    "policies:push_respond": read_write(ENTERPRISE, ENTERPRISE),
}

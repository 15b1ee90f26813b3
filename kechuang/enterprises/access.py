from kechuang.core.access import (
    BUSINESS_WRITE,
    ENTERPRISE,
    Rule,
    read_only,
    read_write,
)
from kechuang.core.access import OWN_READ as READERS
from kechuang.core.access import OWN_WRITE as OWN_WRITERS


def _declared() -> dict[str, Rule]:
    from .pages import EnterprisePages

    return EnterprisePages.policy()


POLICY = {
    **_declared(),
    "enterprises:my_enterprise": read_only(ENTERPRISE),
    "enterprises:industry_search": read_only(READERS),
    "enterprises:figures_add": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:figures_edit": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:ip_add": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:ip_edit": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:qualification_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "enterprises:account_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "enterprises:reveal_contact": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    # API
    "api:annual-figures-list": read_write(READERS, OWN_WRITERS),
    "api:annual-figures-detail": read_write(READERS, OWN_WRITERS),
    "api:intellectual-property-list": read_write(READERS, OWN_WRITERS),
    "api:intellectual-property-detail": read_write(READERS, OWN_WRITERS),
}

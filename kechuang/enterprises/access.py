from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, read_only, read_write

ENTERPRISE = frozenset({"enterprise"})
READERS = BUSINESS_READ | ENTERPRISE
OWN_WRITERS = BUSINESS_WRITE | ENTERPRISE

POLICY = {
    "enterprises:enterprise_list": read_only(BUSINESS_READ),
    "enterprises:enterprise_export": read_only(BUSINESS_READ),
    "enterprises:enterprise_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "enterprises:my_enterprise": read_only(ENTERPRISE),
    "enterprises:industry_search": read_only(READERS),
    "enterprises:enterprise_detail": read_only(READERS),
    "enterprises:enterprise_edit": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:figures_add": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:figures_edit": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:ip_add": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:ip_edit": read_write(OWN_WRITERS, OWN_WRITERS),
    "enterprises:qualification_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "enterprises:account_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "enterprises:reveal_contact": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    # API
    "api:enterprise-list": read_write(READERS, BUSINESS_WRITE),
    "api:enterprise-detail": read_write(READERS, OWN_WRITERS),
    "api:annual-figures-list": read_write(READERS, OWN_WRITERS),
    "api:annual-figures-detail": read_write(READERS, OWN_WRITERS),
    "api:intellectual-property-list": read_write(READERS, OWN_WRITERS),
    "api:intellectual-property-detail": read_write(READERS, OWN_WRITERS),
}

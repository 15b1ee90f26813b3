from kechuang.core.access import BUSINESS_READ, Rule, read_only


def _declared() -> dict[str, Rule]:
    from .pages import AssignmentPages, CommissionerPages, KeyVillagePages, NoticePages, TeamPages

    return {
        **CommissionerPages.policy(),
        **NoticePages.policy(),
        **KeyVillagePages.policy(),
        **AssignmentPages.policy(),
        **TeamPages.policy(),
    }


POLICY = {
    **_declared(),
    "rural:coverage": read_only(BUSINESS_READ),
}

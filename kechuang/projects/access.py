from kechuang.core.access import BUSINESS_WRITE, OWN_READ, OWN_WRITE, Rule, read_only, read_write


def _declared() -> dict[str, Rule]:
    from .pages import (
        ApplicationPages,
        CallPages,
        DocumentPages,
        EntryPages,
        ProposalPages,
        TalentPages,
    )

    return {
        **ProposalPages.policy(),
        **CallPages.policy(),
        **ApplicationPages.policy(),
        **EntryPages.policy(),
        **TalentPages.policy(),
        **DocumentPages.policy(),
    }


POLICY = {
    **_declared(),
    # an enterprise hands in or withdraws its own draft; the service says what else it may do
    "projects:proposal_advance": read_write(OWN_WRITE, OWN_WRITE),
    "projects:proposal_from_need": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:proposal-event-list": read_write(OWN_READ, OWN_WRITE),
    "api:proposal-event-detail": read_only(OWN_READ),
}

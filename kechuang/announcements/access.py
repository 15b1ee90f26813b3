from kechuang.core.access import ENTERPRISE, OWN_READ, Rule, read_write


def _declared() -> dict[str, Rule]:
    from .pages import AnnouncementPages

    return AnnouncementPages.policy()


POLICY = {
    **_declared(),
    "announcements:announcement_read": read_write(OWN_READ, ENTERPRISE),
}

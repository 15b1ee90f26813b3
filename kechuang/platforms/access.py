from kechuang.core.access import BUSINESS_WRITE, Rule, read_write


def _declared() -> dict[str, Rule]:
    from .pages import PlatformPages

    return PlatformPages.policy()


POLICY = {
    **_declared(),
    "platforms:platform_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}

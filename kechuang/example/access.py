from kechuang.core.access import Rule


def _declared() -> dict[str, Rule]:
    from .pages import NominationPages

    return NominationPages.policy()


POLICY = {**_declared()}

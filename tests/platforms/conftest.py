import pytest


@pytest.fixture(autouse=True)
def platform_kinds(db):
    """The type dictionary as the data migration leaves it (a flushing test elsewhere may have
    emptied it)."""
    from kechuang.platforms.services import default_kinds

    return default_kinds()

"""Certificate validity is computed in one place (issue #13), safe on 29 February."""

from __future__ import annotations

from datetime import date

from kechuang.cultivation.hte.models import hte_valid_until


def test_three_years_to_the_day_before_the_anniversary():
    assert hte_valid_until(date(2024, 11, 1)) == date(2027, 10, 31)
    assert hte_valid_until(date(2025, 1, 1)) == date(2027, 12, 31)


def test_a_certificate_issued_on_29_february():
    # the third anniversary falls in a common year: it is 1 March, so valid until 28 February
    assert hte_valid_until(date(2024, 2, 29)) == date(2027, 2, 28)

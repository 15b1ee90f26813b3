from datetime import date

import pytest

from kechuang.core.periods import Period, PeriodError

pytestmark = pytest.mark.django_db(databases=[])


@pytest.mark.parametrize(
    "text,start,end,label",
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
        ("2025h1", date(2025, 1, 1), date(2025, 6, 30), "2025年上半年"),
        ("2025H2", date(2025, 7, 1), date(2025, 12, 31), "2025年下半年"),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), "2024年第1季度"),
        ("2024Q4", date(2024, 10, 1), date(2024, 12, 31), "2024年第4季度"),
        (
            "2025-03-01..2025-05-15",
            date(2025, 3, 1),
            date(2025, 5, 15),
            "2025年03月01日至2025年05月15日",
        ),
    ],
)
def test_parse(text, start, end, label):
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.data_year == end.year - 1


@pytest.mark.parametrize(
    "text", ["", "25", "2025Q5", "2025H3", "2025-05-01..2025-01-01", "2025-02-30..2025-03-01"]
)
def test_bad_periods_say_what_is_wrong(text):
    with pytest.raises(PeriodError) as exc:
        Period.parse(text)
    assert any(word in str(exc.value) for word in ("无法识别", "不能早于", "无效"))

"""Figure budgets (issue #15): bench/figures.py measures every figure and fails `make bench`
when one is over; the check itself is tested here with given timings, never with wall time."""

from __future__ import annotations

from kechuang.core import figures
from kechuang.core.figures import DEFAULT_BUDGET_MS, Figure, Result, over_budget


def _figure(key: str, budget: int) -> Figure:
    return Figure(key, "测试", "家", "测试", lambda u, r, p: Result(0), "测试", budget_ms=budget)


def test_a_figure_over_its_budget_is_named(monkeypatch):
    monkeypatch.setitem(figures.FIGURES, "test.slow", _figure("test.slow", 100))
    monkeypatch.setitem(figures.FIGURES, "test.quick", _figure("test.quick", 100))
    problems = over_budget({"test.slow": 150.4, "test.quick": 99.0, "test.unknown": 10_000})
    assert problems == ["test.slow: 150 ms > budget 100 ms"]
    assert over_budget({"test.slow": 100.0}) == []  # at the budget is within it


def test_every_figure_has_a_budget_of_at_most_a_second():
    assert figures.FIGURES  # the apps registered theirs
    for key, figure in figures.FIGURES.items():
        assert 0 < figure.budget_ms <= 1000, key
    assert any(f.budget_ms == DEFAULT_BUDGET_MS for f in figures.FIGURES.values())

"""The work line's paragraph of the work report (written only when there is something to say)."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import WORK, Section, count, joined, register_section


def awards_work(c: Any) -> str:
    awarded = c.fig("example.awarded")
    if not awarded.value:
        return ""
    n = c.use("example.awarded", count(awarded.value))
    return f"推荐{joined(awarded.examples())}等{n}家企业的科技成果获科技奖励。"


register_section(Section("example.awards", WORK, 90, awards_work, "做好科技奖励推荐工作。"))

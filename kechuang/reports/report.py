"""The dashboard's own panel: the diagnosed problems, written by the apps' problem sections."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import Panel, register_panel


def findings_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    return {"findings": composer.problems()}


register_panel(Panel("reports.findings", 20, "reports/_dashboard_findings.html", findings_panel))

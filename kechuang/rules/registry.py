"""Rule versions, keyed by (rule, version id).

Every number of a rule lives in its version (thresholds, point bands, caps); a stored result
keeps the id of the version it used, and replaying it uses that version — never the one that
is current today. A new version of a measure is a new ``Version`` registered here; old results
keep their meaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import hte, techsme
from .common import Result


@dataclass(frozen=True)
class RuleEntry:
    name: str
    label: str
    assess: Callable[[Any, Any], Result]
    inputs: type  # has from_dict(snapshot)
    versions: dict[str, Any]
    current: str


RULES: dict[str, RuleEntry] = {}


def register(
    name: str,
    *,
    label: str,
    assess: Callable[[Any, Any], Result],
    inputs: type,
    versions: list[Any],
    current: str,
) -> None:
    by_id = {v.id: v for v in versions}
    if current not in by_id:
        raise ValueError(f"rule {name}: current version {current!r} is not registered")
    RULES[name] = RuleEntry(name, label, assess, inputs, by_id, current)


def entry(name: str) -> RuleEntry:
    try:
        return RULES[name]
    except KeyError as exc:
        raise LookupError(f"unknown rule {name!r}") from exc


def version(name: str, version_id: str | None = None) -> Any:
    """The version with this id (the current one when None); unknown ids are an error."""
    rule = entry(name)
    wanted = version_id or rule.current
    try:
        return rule.versions[wanted]
    except KeyError as exc:
        raise LookupError(f"rule {name!r} has no version {wanted!r}") from exc


def evaluate(name: str, data: Any, version_id: str | None = None) -> Result:
    """Assess ``data`` under a version (the current one unless named)."""
    return entry(name).assess(data, version(name, version_id))


def replay(name: str, snapshot: dict[str, Any], version_id: str) -> Result:
    """A stored result again, from its input snapshot and the version it was made under."""
    rule = entry(name)
    return rule.assess(rule.inputs.from_dict(snapshot), version(name, version_id))  # type: ignore[attr-defined]


register(
    hte.RULE,
    label="高新技术企业认定",
    assess=hte.assess,
    inputs=hte.HteInput,
    versions=[hte.V2016],
    current=hte.V2016.id,
)
register(
    techsme.RULE,
    label="科技型中小企业评价",
    assess=techsme.assess,
    inputs=techsme.TechSmeInput,
    versions=[techsme.V2017],
    current=techsme.V2017.id,
)

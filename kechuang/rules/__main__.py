"""python -m kechuang.rules <hte|techsme|deduction> --json FILE (or - for stdin)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import deduction, hte, techsme

RULES: dict[str, Any] = {
    "hte": (hte.HteInput, hte.assess),
    "techsme": (techsme.TechSmeInput, techsme.assess),
    "deduction": (deduction.DeductionInput, deduction.assess),
}


def run(rule: str, data: dict[str, Any]) -> dict[str, Any]:
    """The current version of a registered rule (deduction has one set of numbers)."""
    from . import registry

    input_class, assess = RULES[rule]
    if rule in registry.RULES:
        return registry.evaluate(rule, input_class.from_dict(data)).to_dict()
    result: dict[str, Any] = assess(input_class.from_dict(data)).to_dict()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kechuang.rules", description="Assess one enterprise against a rule."
    )
    parser.add_argument("rule", choices=sorted(RULES))
    parser.add_argument("--json", required=True, help="input JSON file, or - for stdin")
    args = parser.parse_args(argv)
    try:
        if args.json == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.json, encoding="utf-8") as handle:
                data = json.load(handle)
        output = run(args.rule, data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(
            json.dumps({"error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False),
            file=sys.stderr,
        )
        return 2
    print(json.dumps(output, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

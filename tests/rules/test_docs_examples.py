"""docs/rules.md's worked examples run through the CLI and give the documented gaps."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kechuang.rules.__main__ import run

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def examples() -> dict[str, tuple[dict, list[str]]]:
    text = DOC.read_text(encoding="utf-8")
    found = {}
    for rule in ("hte", "techsme", "deduction"):
        block = re.search(rf"<!-- example:{rule} -->\s*```json\n(.*?)```", text, re.S)
        expect = re.search(rf"<!-- expect:{rule} -->\n((?:- .*\n)+)", text)
        assert block and expect, rule
        gaps = [line[2:].strip() for line in expect.group(1).splitlines()]
        found[rule] = (json.loads(block.group(1)), gaps)
    return found


@pytest.mark.parametrize("rule", ["hte", "techsme", "deduction"])
def test_documented_example_gives_the_documented_gaps(rule):
    data, expected = examples()[rule]
    result = run(rule, data)
    explanations = [g["explanation"] for g in result["gaps"]]
    for gap in expected:
        assert gap in explanations, (gap, explanations)


def test_documented_headline_numbers():
    data = examples()
    hte = run("hte", data["hte"][0])
    assert (hte["verdict"], hte["score_min"], hte["score_max"]) == ("fail", 17, 68)
    sme = run("techsme", data["techsme"][0])
    assert (sme["verdict"], sme["score_min"]) == ("fail", 22)
    ded = run("deduction", data["deduction"][0])
    assert ded["facts"]["eligible"] == "1000000.00" and ded["facts"]["tax_saved"] == "150000.00"


def test_cli_reads_stdin_and_reports_bad_input(tmp_path):
    data, _gaps = examples()["techsme"]
    ok = subprocess.run(
        [sys.executable, "-m", "kechuang.rules", "techsme", "--json", "-"],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["verdict"] == "fail"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "kechuang.rules", "hte", "--json", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 2 and "error" in json.loads(failed.stderr)

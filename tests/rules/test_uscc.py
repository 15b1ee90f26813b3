"""USCC (GB 32100-2015) and the GB 11714 organisation-code check, rules.md §5."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.rules import uscc

WORKED = "91440300MA5G12343E"  # rules.md §5.4


def test_the_worked_example_is_valid():
    result = uscc.validate(WORKED)
    assert result.valid and result.errors == () and result.warnings == ()
    assert result.division_code == "440300"


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_worked_example_intermediate_values():
    assert uscc.org_check_character("MA5G1234") == "3"
    assert uscc.check_character("91440300MA5G12343") == "E"


@pytest.mark.parametrize(
    "raw,message",
    [
        ("91440300MA5G12343F", "第18位校验码错误：应为 E"),
        ("91440300MA5G1234", "长度应为18位，实际为16位"),
        ("91440300MA5G1I343E", "不允许的字符：I"),
        ("91440300MO5G12343E", "不允许的字符：O"),
        ("9144030AMA5G12343E", "第3—8位"),
    ],
)
def test_each_failure_says_which_check_failed(raw, message):
    result = uscc.validate(raw)
    assert not result.valid
    assert message in result.errors[0]


@pytest.mark.parametrize(
    "raw",
    [
        "91440300ma5g12343e",  # lower case
        " 9144 0300 MA5G 12343E ",  # spaces
        "９１４４０３００ＭＡ５Ｇ１２３４３Ｅ",  # full-width
        "91440300-MA5G1234-3E",
    ],
)
def test_input_is_normalised(raw):
    result = uscc.validate(raw)
    assert result.valid and result.code == WORKED


def test_wrong_org_check_is_only_a_warning():
    first17 = "91440300MA5G12344"  # position 17 should be 3
    code = first17 + uscc.check_character(first17)
    result = uscc.validate(code)
    assert result.valid
    assert "第17位" in result.warnings[0] and "应为 3" in result.warnings[0]


def test_org_check_maps_10_to_x_and_11_to_0():
    # find bodies whose GB 11714 check is X and 0 and confirm the mapping
    seen = {uscc.org_check_character(f"{n:08d}") for n in range(200)}
    assert "X" in seen and "0" in seen


BODY = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)
DIVISION = st.from_regex(r"\A[0-9]{6}\Z", fullmatch=True)


@given(division=DIVISION, body=BODY)
def test_made_codes_are_valid_without_warnings(division, body):
    code = uscc.make("91" + division, body)
    result = uscc.validate(code)
    assert result.valid and not result.warnings
    assert result.division_code == division


@given(division=DIVISION, body=BODY, position=st.integers(0, 17), data=st.data())
def test_any_single_substitution_is_caught(division, body, position, data):
    code = uscc.make("91" + division, body)
    replacement = data.draw(st.sampled_from([c for c in uscc.ALPHABET if c != code[position]]))
    if 2 <= position <= 7 and not replacement.isdigit():
        replacement = str((int(code[position]) + 1) % 10)
    broken = code[:position] + replacement + code[position + 1 :]
    assert not uscc.validate(broken).valid


@given(st.text(max_size=30))
def test_never_raises_on_junk(text):
    result = uscc.validate(text)
    assert result.valid in (True, False)
    assert result.valid or result.errors


def test_rules_package_imports_no_django():
    root = Path(uscc.__file__).parent
    for file in root.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "kechuang.", "rest_framework")), (
                    f"{file.name} imports {name}"
                )

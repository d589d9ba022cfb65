"""Chairs: reading the chair rule, and who chairs when."""

from __future__ import annotations

import json
from datetime import date

import pytest

from models.rules.rotation import ChairRule, chair_rule_to_dict, parse_chair

NMBC = "Northmoor Metropolitan Borough Council"
ICB = "NHS Northmoor Integrated Care Board"
POLICE = "Northmoor Police"
DSP = "delegated_safeguarding_partner"

EXECUTIVE_CHAIR = {"rotation": [NMBC, ICB, POLICE], "term_months": 18,
                   "starts": date(2025, 1, 1), "from_role": DSP}
EXECUTIVE_RULE = ChairRule(rotation=(NMBC, ICB, POLICE), term_months=18,
                           starts=date(2025, 1, 1), from_role=DSP)


# ---------------------------------------------------------------- parsing


def test_parse_rotating_chair() -> None:
    assert parse_chair(EXECUTIVE_CHAIR) == (EXECUTIVE_RULE, [])


def test_from_role_defaults_to_the_delegated_safeguarding_partner() -> None:
    raw = {k: v for k, v in EXECUTIVE_CHAIR.items() if k != "from_role"}
    rule, problems = parse_chair(raw)
    assert problems == [] and rule is not None and rule.from_role == DSP


def test_parse_fixed_chair() -> None:
    assert parse_chair({"person": "Alan Brooks"}) == (ChairRule(person="Alan Brooks"), [])
    assert parse_chair("Ruth Ellison") == (ChairRule(person="Ruth Ellison"), [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, ("", "chair needs either person or rotation (but not both)")),
        ({"person": "A", "rotation": [NMBC]}, ("", "chair needs either person or rotation (but not both)")),
        ({"person": "Alan Brooks", "term_months": 18}, ("term_months", "term_months only applies to a rotating chair")),
        ({"rotation": [NMBC], "starts": date(2025, 1, 1)}, ("term_months", "a rotating chair needs term_months")),
        ({"rotation": [NMBC], "term_months": 18}, ("starts", "a rotating chair needs starts")),
        ({"rotation": [], "term_months": 18, "starts": date(2025, 1, 1)},
         ("rotation", "rotation must list the organisations in turn")),
        ({"rotation": [NMBC, NMBC], "term_months": 18, "starts": date(2025, 1, 1)},
         ("rotation[1]", f'rotation lists "{NMBC}" twice')),
        ({"rotation": [NMBC], "term_months": 0, "starts": date(2025, 1, 1)},
         ("term_months", "term_months must be a whole number of months from 1 to 120, not 0")),
        ({"rotation": [NMBC], "term_months": 18, "starts": date(2025, 1, 1), "from_role": "dsp"},
         ("from_role", None)),
        ({"person": "Alan Brooks", "rota": 1}, ("rota", 'unknown setting "rota" (did you mean "rotation"?)')),
        (42, ("", 'chair must be a table such as { person = "..." }')),
    ],
)
def test_invalid_chairs(raw: object, expected: tuple[str, str | None]) -> None:
    rule, problems = parse_chair(raw)
    assert rule is None
    field, sentence = expected
    if sentence is None:
        assert [f for f, _ in problems] == [field]
        assert "is not a role" in problems[0][1]
    else:
        assert expected in problems


@pytest.mark.parametrize("rule", [EXECUTIVE_RULE, ChairRule(person="Alan Brooks"),
                                  ChairRule(person="Ruth Ellison", starts=date(2025, 4, 1))])
def test_chair_rule_survives_json_storage(rule: ChairRule) -> None:
    stored = json.loads(json.dumps(chair_rule_to_dict(rule)))
    assert parse_chair(stored) == (rule, [])

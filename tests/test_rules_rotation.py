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


# ---------------------------------------------------------------- terms

from datetime import timedelta  # noqa: E402

from dateutil.relativedelta import relativedelta  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from models.rules.roster import holders_on  # noqa: E402
from models.rules.rotation import (  # noqa: E402
    ChairTerm,
    Holding,
    chair_on,
    chair_terms,
    next_handover,
)

D = date(2024, 12, 1)
NORTHMOOR_DSPS = [
    Holding("Sofia Reyes", DSP, NMBC, D),
    Holding("Tom Whitfield", DSP, ICB, D),
    Holding("Helen Price", DSP, POLICE, D, date(2026, 5, 31)),
    Holding("Daniel Moss", DSP, POLICE, date(2026, 6, 1)),
    Holding("Martin Hale", "lead_safeguarding_partner", POLICE, D),
]
FIVE_YEARS = (date(2025, 1, 1), date(2029, 12, 31))


def test_eighteen_month_rotation_in_the_shared_example() -> None:
    # The police's first term starts 1 January 2028, after Helen Price has
    # handed over to Daniel Moss, so he chairs all of it.
    assert chair_terms(EXECUTIVE_RULE, NORTHMOOR_DSPS, *FIVE_YEARS) == [
        ChairTerm(NMBC, "Sofia Reyes", date(2025, 1, 1), date(2026, 6, 30)),
        ChairTerm(ICB, "Tom Whitfield", date(2026, 7, 1), date(2027, 12, 31)),
        ChairTerm(POLICE, "Daniel Moss", date(2028, 1, 1), date(2029, 6, 30)),
        ChairTerm(NMBC, "Sofia Reyes", date(2029, 7, 1), date(2029, 12, 31)),
    ]


def test_a_change_of_delegated_partner_inside_a_term_splits_it() -> None:
    police_first = ChairRule(rotation=(POLICE, NMBC, ICB), term_months=18,
                             starts=date(2025, 1, 1))
    assert chair_terms(police_first, NORTHMOOR_DSPS, *FIVE_YEARS) == [
        ChairTerm(POLICE, "Helen Price", date(2025, 1, 1), date(2026, 5, 31)),
        ChairTerm(POLICE, "Daniel Moss", date(2026, 6, 1), date(2026, 6, 30)),
        ChairTerm(NMBC, "Sofia Reyes", date(2026, 7, 1), date(2027, 12, 31)),
        ChairTerm(ICB, "Tom Whitfield", date(2028, 1, 1), date(2029, 6, 30)),
        ChairTerm(POLICE, "Daniel Moss", date(2029, 7, 1), date(2029, 12, 31)),
    ]
    assert chair_on(police_first, NORTHMOOR_DSPS, date(2026, 1, 13)) == ChairTerm(
        POLICE, "Helen Price", date(2025, 1, 1), date(2026, 5, 31))
    assert next_handover(police_first, NORTHMOOR_DSPS, date(2026, 1, 13)) == ChairTerm(
        POLICE, "Daniel Moss", date(2026, 6, 1), date(2026, 6, 30))
    assert next_handover(police_first, NORTHMOOR_DSPS, date(2026, 6, 1)) == ChairTerm(
        NMBC, "Sofia Reyes", date(2026, 7, 1), date(2027, 12, 31))


def test_nobody_in_the_role_is_a_gap_not_skipped() -> None:
    vacancy = [h for h in NORTHMOOR_DSPS if h.person != "Daniel Moss"] + [
        Holding("Daniel Moss", DSP, POLICE, date(2028, 3, 1))]
    rows = chair_terms(EXECUTIVE_RULE, vacancy, date(2027, 6, 1), date(2028, 12, 31))
    assert rows == [
        ChairTerm(ICB, "Tom Whitfield", date(2027, 6, 1), date(2027, 12, 31)),
        ChairTerm(POLICE, None, date(2028, 1, 1), date(2028, 2, 29)),
        ChairTerm(POLICE, "Daniel Moss", date(2028, 3, 1), date(2028, 12, 31)),
    ]
    assert chair_on(EXECUTIVE_RULE, vacancy, date(2028, 2, 1)) == rows[1]


def test_the_chair_of_a_meeting() -> None:
    chair = chair_on(EXECUTIVE_RULE, NORTHMOOR_DSPS, date(2026, 1, 13))
    assert chair == ChairTerm(NMBC, "Sofia Reyes", date(2025, 1, 1), date(2026, 6, 30))
    assert chair_on(EXECUTIVE_RULE, NORTHMOOR_DSPS, date(2024, 12, 31)) is None
    assert next_handover(EXECUTIVE_RULE, NORTHMOOR_DSPS, date(2024, 6, 1)) == chair


def test_the_default_window_runs_two_years_past_today() -> None:
    rows = chair_terms(EXECUTIVE_RULE, NORTHMOOR_DSPS, today=date(2026, 3, 1))
    assert rows[0].start == date(2025, 1, 1)
    assert rows[-1] == ChairTerm(POLICE, "Daniel Moss", date(2028, 1, 1), date(2028, 3, 1))


def test_a_fixed_chair_is_one_open_ended_term() -> None:
    rule = ChairRule(person="Alan Brooks")
    organisations = {"Alan Brooks": NMBC}
    assert chair_terms(rule, [], date(2025, 1, 1), date(2026, 1, 1), organisations) == [
        ChairTerm(NMBC, "Alan Brooks", date(2025, 1, 1), None)]
    assert chair_terms(rule, [], today=date(2026, 3, 1)) == [
        ChairTerm(None, "Alan Brooks", date(2026, 3, 1), None)]
    assert chair_on(rule, [], date(2026, 5, 7), organisations).person == "Alan Brooks"  # type: ignore[union-attr]
    assert next_handover(rule, [], date(2026, 5, 7)) is None
    later = ChairRule(person="Ruth Ellison", starts=date(2026, 4, 1))
    assert chair_on(later, [], date(2026, 3, 1)) is None
    assert next_handover(later, [], date(2026, 3, 1)) == ChairTerm(
        None, "Ruth Ellison", date(2026, 4, 1), None)


ORGS = ("A", "B", "C", "D")


@st.composite
def rotations(draw: st.DrawFn) -> tuple[ChairRule, list[Holding], date, date]:
    """A rotation, appointments for its organisations, and a window."""
    rotation = tuple(draw(st.permutations(ORGS))[:draw(st.integers(1, 4))])
    rule = ChairRule(rotation=rotation, term_months=draw(st.integers(1, 36)),
                     starts=draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))))
    holdings: list[Holding] = []
    for org in rotation:
        day = draw(st.dates(date(2019, 1, 1), date(2032, 12, 31)))
        for n in range(draw(st.integers(0, 4))):
            length = draw(st.integers(1, 900))
            end = None if draw(st.booleans()) and n == 3 else day + timedelta(days=length)
            holdings.append(Holding(f"{org}{n}", DSP, org, day, end))
            if end is None:
                break
            day = end + timedelta(days=draw(st.integers(-60, 120)))  # may overlap
    start = draw(st.dates(date(2018, 1, 1), date(2035, 12, 31)))
    return rule, holdings, start, start + timedelta(days=draw(st.integers(0, 4000)))


def term_number(rule: ChairRule, day: date) -> int:
    """Which term of the rotation ``day`` falls in: the last k whose start (k terms after the
    rotation starts) is on or before ``day``, counted one term at a time."""
    k = 0
    while rule.starts + relativedelta(months=(k + 1) * rule.term_months) <= day:
        k += 1
    return k


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(rotations())
def test_rotation_terms_are_contiguous_in_order_and_follow_the_post_holders(
        case: tuple[ChairRule, list[Holding], date, date]) -> None:
    rule, holdings, start, end = case
    rows = chair_terms(rule, holdings, start, end)
    assert rule.starts is not None and rule.term_months is not None
    first = max(start, rule.starts)
    if end < first:
        assert rows == []
        return
    assert rows[0].start == first and rows[-1].end == end
    for before, after in zip(rows, rows[1:]):
        assert before.end is not None and before.start <= before.end
        assert after.start == before.end + timedelta(days=1)  # contiguous, no overlap
        if after.organisation != before.organisation:  # a new term starts here
            n = len(rule.rotation)
            assert rule.rotation.index(after.organisation) == (rule.rotation.index(before.organisation) + 1) % n
            k = term_number(rule, after.start)
            assert rule.starts + relativedelta(months=k * rule.term_months) == after.start  # a term's first day
            assert rule.rotation[k % n] == after.organisation
    for row in rows:
        assert row.end is not None
        k = term_number(rule, row.start)
        assert rule.rotation[k % len(rule.rotation)] == row.organisation
        assert row.end < rule.starts + relativedelta(months=(k + 1) * rule.term_months)  # within one term
        for day in (row.start, row.end):
            held = holders_on(holdings, DSP, row.organisation, day)  # type: ignore[arg-type]
            assert row.person == (held[-1] if held else None)
        assert chair_on(rule, holdings, row.start).person == row.person  # type: ignore[union-attr]

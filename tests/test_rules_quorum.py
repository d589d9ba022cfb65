"""Quorum: who counts towards it, and which statutory partners are missing."""

from __future__ import annotations

import pytest

from models.rules.quorum import (
    AttendanceFact,
    QuorumResult,
    QuorumRule,
    check_quorum,
    parse_quorum,
    quorum_rule_to_dict,
)

NMBC = "Northmoor Metropolitan Borough Council"
ICB = "NHS Northmoor Integrated Care Board"
POLICE = "Northmoor Police"
STATUTORY = [NMBC, ICB, POLICE]

# The Executive Group meeting of 13 January 2026 in the shared example:
# Helen Price (police) sent apologies and Daniel Moss deputised for her.
JANUARY_EXECUTIVE = [
    AttendanceFact("Sofia Reyes", NMBC, "present"),
    AttendanceFact("Tom Whitfield", ICB, "present"),
    AttendanceFact("Helen Price", POLICE, "apologies"),
    AttendanceFact("Daniel Moss", POLICE, "deputy"),
    AttendanceFact("Ruth Ellison", None, "present", voting=False),
    AttendanceFact("Cllr Owen Baines", NMBC, "present", voting=False),
]


def test_a_deputy_makes_their_organisation_present() -> None:
    assert check_quorum(QuorumRule("all"), STATUTORY, JANUARY_EXECUTIVE) == QuorumResult(True, [])


def test_apologies_without_a_deputy_leave_the_partner_missing() -> None:
    attendance = [a for a in JANUARY_EXECUTIVE if a.status != "deputy"]
    assert check_quorum(QuorumRule("all"), STATUTORY, attendance) == QuorumResult(False, [POLICE])


def test_absence_and_non_voting_attendance_do_not_count() -> None:
    attendance = [
        AttendanceFact("Sofia Reyes", NMBC, "absent"),
        AttendanceFact("Cllr Owen Baines", NMBC, "present", voting=False),
        AttendanceFact("Tom Whitfield", ICB, "present"),
    ]
    result = check_quorum(QuorumRule("all"), STATUTORY, attendance)
    assert result == QuorumResult(False, [NMBC, POLICE])


def test_a_number_of_partners() -> None:
    attendance = [AttendanceFact("Tom Whitfield", ICB, "present"),
                  AttendanceFact("Daniel Moss", POLICE, "deputy")]
    assert check_quorum(QuorumRule(2), STATUTORY, attendance) == QuorumResult(True, [NMBC])
    assert check_quorum(QuorumRule(3), STATUTORY, attendance) == QuorumResult(False, [NMBC])


def test_a_number_of_members() -> None:
    rule = QuorumRule(None, members=4)
    assert check_quorum(rule, STATUTORY, JANUARY_EXECUTIVE).met is False  # three voting present
    extra = JANUARY_EXECUTIVE + [AttendanceFact("Kemi Adeyemi", "Northmoor Schools Forum", "present")]
    assert check_quorum(rule, STATUTORY, extra).met is True


def test_parse_quorum() -> None:
    assert parse_quorum({"statutory_partners": "all"}) == (QuorumRule("all"), [])
    assert parse_quorum({"statutory_partners": "All", "members": 5}) == (QuorumRule("all", 5), [])
    assert parse_quorum({"statutory_partners": 2}) == (QuorumRule(2), [])
    assert parse_quorum({}) == (QuorumRule(None), [])


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"statutory_partners": "most"},
         ("statutory_partners", 'statutory_partners must be "all" or a number from 1, not "most"')),
        ({"statutory_partners": 0},
         ("statutory_partners", 'statutory_partners must be "all" or a number from 1, not 0')),
        ({"members": "all"}, ("members", 'members must be a number from 1, not "all"')),
        ({"statutory_partner": "all"},
         ("statutory_partner", 'unknown setting "statutory_partner" (did you mean "statutory_partners"?)')),
        ("all", ("", 'quorum must be a table such as { statutory_partners = "all" }')),
    ],
)
def test_invalid_quorum(raw: object, problem: tuple[str, str]) -> None:
    assert parse_quorum(raw) == (None, [problem])


@pytest.mark.parametrize("rule", [QuorumRule("all"), QuorumRule(2, 6), QuorumRule(None, 3)])
def test_quorum_rule_round_trip(rule: QuorumRule) -> None:
    assert parse_quorum(quorum_rule_to_dict(rule)) == (rule, [])

"""The roster on a date: statutory partners' leads and delegates, other roles, gaps, overlaps."""

from __future__ import annotations

import json
from datetime import date

from models.rules.roster import (
    Gap,
    Overlap,
    PartnerRow,
    RoleRow,
    appointment_overlaps,
    holders_on,
    roster_on,
    roster_to_dict,
)
from models.rules.rotation import Holding

NMBC = "Northmoor Metropolitan Borough Council"
ICB = "NHS Northmoor Integrated Care Board"
POLICE = "Northmoor Police"
SCHOOLS = "Northmoor Schools Forum"
STATUTORY = [NMBC, ICB, POLICE]
LSP, DSP = "lead_safeguarding_partner", "delegated_safeguarding_partner"
D = date(2024, 12, 1)

# The appointments in the shared example file.
NORTHMOOR = [
    Holding("Alan Brooks", LSP, NMBC, D),
    Holding("Grace Okafor", LSP, ICB, D),
    Holding("Martin Hale", LSP, POLICE, D),
    Holding("Sofia Reyes", DSP, NMBC, D),
    Holding("Tom Whitfield", DSP, ICB, D),
    Holding("Helen Price", DSP, POLICE, D, date(2026, 5, 31)),
    Holding("Daniel Moss", DSP, POLICE, date(2026, 6, 1)),
    Holding("Ruth Ellison", "independent_scrutineer", None, D),
    Holding("Cllr Owen Baines", "lead_member", NMBC, D),
    Holding("Priya Shah", "business_manager", None, D),
    Holding("Kemi Adeyemi", "education_lead", SCHOOLS, D),
]


def test_holders_on_follow_the_appointment_dates() -> None:
    assert holders_on(NORTHMOOR, DSP, POLICE, date(2026, 5, 31)) == ["Helen Price"]
    assert holders_on(NORTHMOOR, DSP, POLICE, date(2026, 6, 1)) == ["Daniel Moss"]
    assert holders_on(NORTHMOOR, DSP, POLICE, date(2024, 11, 30)) == []
    assert holders_on(NORTHMOOR, DSP, None, date(2026, 1, 1)) == [
        "Helen Price", "Sofia Reyes", "Tom Whitfield"]


def test_full_roster_has_no_gaps_or_overlaps() -> None:
    roster = roster_on(NORTHMOOR, STATUTORY, date(2026, 7, 1))
    assert roster.statutory_partners == [
        PartnerRow(NMBC, "Alan Brooks", "Sofia Reyes"),
        PartnerRow(ICB, "Grace Okafor", "Tom Whitfield"),
        PartnerRow(POLICE, "Martin Hale", "Daniel Moss"),
    ]
    assert roster.other_roles == [
        RoleRow("independent_scrutineer", "Ruth Ellison", None),
        RoleRow("lead_member", "Cllr Owen Baines", NMBC),
        RoleRow("education_lead", "Kemi Adeyemi", SCHOOLS),
        RoleRow("business_manager", "Priya Shah", None),
    ]
    assert roster.gaps == [] and roster.overlaps == []


def test_an_empty_post_is_a_gap() -> None:
    holdings = [h for h in NORTHMOOR if h.person != "Daniel Moss"]
    roster = roster_on(holdings, STATUTORY, date(2026, 6, 1))
    assert roster.statutory_partners[2] == PartnerRow(POLICE, "Martin Hale", None)
    assert roster.gaps == [Gap(POLICE, DSP)]


def test_before_anyone_is_appointed_every_post_is_a_gap() -> None:
    roster = roster_on(NORTHMOOR, STATUTORY, date(2024, 1, 1))
    assert len(roster.gaps) == 6 and roster.other_roles == []
    assert roster.gaps[:2] == [Gap(NMBC, LSP), Gap(NMBC, DSP)]


def test_two_people_in_one_post_is_an_overlap() -> None:
    holdings = NORTHMOOR + [
        Holding("Daniel Moss", DSP, POLICE, date(2026, 5, 1)),
        Holding("Ann Other", "independent_scrutineer", None, date(2026, 1, 1)),
    ]
    roster = roster_on(holdings, STATUTORY, date(2026, 5, 15))
    assert roster.overlaps == [
        Overlap(POLICE, DSP, ("Helen Price", "Daniel Moss")),
        Overlap(None, "independent_scrutineer", ("Ruth Ellison", "Ann Other")),
    ]
    # The most recent appointment is shown as the post-holder.
    assert roster.statutory_partners[2].delegated == "Daniel Moss"


def test_several_education_leads_are_not_an_overlap() -> None:
    holdings = NORTHMOOR + [Holding("Sam Lee", "education_lead", SCHOOLS, D)]
    roster = roster_on(holdings, STATUTORY, date(2026, 1, 1))
    assert roster.overlaps == []
    assert [r.person for r in roster.other_roles if r.role == "education_lead"] == [
        "Kemi Adeyemi", "Sam Lee"]


def test_roster_json_shape() -> None:
    holdings = [h for h in NORTHMOOR if h.person != "Alan Brooks"]
    data = json.loads(json.dumps(roster_to_dict(roster_on(holdings, STATUTORY, date(2026, 6, 1)))))
    assert data["date"] == "2026-06-01"
    assert data["statutory_partners"][0] == {"organisation": NMBC, "lead": None,
                                             "delegated": "Sofia Reyes"}
    assert data["gaps"] == [{"organisation": NMBC, "role": LSP}]
    assert data["overlaps"] == []
    assert data["other_roles"][0] == {"role": "independent_scrutineer", "person": "Ruth Ellison",
                                      "organisation": None}


def test_a_new_appointment_that_overlaps_an_existing_one_is_named() -> None:
    new = Holding("Daniel Moss", DSP, POLICE, date(2026, 5, 1))
    clashes = appointment_overlaps(NORTHMOOR + [new])
    assert [c.message for c in clashes] == [
        "Helen Price already holds delegated safeguarding partner for Northmoor Police "
        "from 2024-12-01 to 2026-05-31",
        "Daniel Moss already holds delegated safeguarding partner for Northmoor Police "
        "from 2026-06-01 onwards",
    ]
    assert all(c.new == new for c in clashes)


def test_back_to_back_appointments_do_not_clash() -> None:
    assert appointment_overlaps(NORTHMOOR) == []
    scrutineer = Holding("Ann Other", "independent_scrutineer", None, date(2026, 1, 1))
    assert [c.message for c in appointment_overlaps(NORTHMOOR + [scrutineer])] == [
        "Ruth Ellison already holds independent scrutineer from 2024-12-01 onwards"]
    lead_member = Holding("Cllr Jo Smith", "lead_member", NMBC, D)
    assert appointment_overlaps(NORTHMOOR + [lead_member]) == []

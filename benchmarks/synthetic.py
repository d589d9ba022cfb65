"""A synthetic partnership with years of records, for benchmarks and load tests.

``partnership(years=10)`` returns an arrangements document (the dict a TOML
file would parse to) with a realistic shape: three statutory partners, relevant
agencies, a hundred-odd people, a dozen bodies, and for every year each
body's meetings with attendance, items, minutes, resolutions and actions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from models.rules.cadence import meeting_dates, parse_cadence

CADENCES = [
    ("Lead Safeguarding Partners", "strategic", {"frequency": "twice-yearly", "months": ["May", "Nov"], "weekday": "Thursday", "week": 1, "time": "14:00", "duration_minutes": 90}),
    ("Executive", "executive", {"frequency": "quarterly", "months": ["Jan", "Apr", "Jul", "Oct"], "weekday": "Tuesday", "week": 2, "avoid_bank_holidays": True}),
    ("Partners Board", "partners_board", {"frequency": "thrice-yearly", "months": ["Feb", "Jun", "Oct"], "weekday": "Monday", "week": -1}),
    ("Case Review Group", "panel", {"frequency": "monthly", "day": 5, "avoid_bank_holidays": True}),
    ("Exploitation Delivery Group", "delivery_group", {"frequency": "every-6-weeks", "starts": "2016-01-06", "weekday": "Wednesday"}),
    ("Neglect Delivery Group", "delivery_group", {"frequency": "bimonthly", "weekday": "Monday", "week": 3}),
    ("Education Delivery Group", "delivery_group", {"frequency": "thrice-yearly", "months": ["Jan", "May", "Sept"], "weekday": "Thursday", "week": 2}),
    ("Practice and Learning Group", "delivery_group", {"frequency": "quarterly", "weekday": "Wednesday", "week": 3}),
    ("All-Age Summit", "summit", {"frequency": "twice-yearly", "months": ["Mar", "Sep"], "weekday": "Friday", "week": -1}),
]


def partnership(years: int = 10, first_year: int = 2016, seed: int = 7) -> dict:
    rng = random.Random(seed)
    orgs = [
        {"name": "Borough Council", "kind": "local_authority", "statutory": True},
        {"name": "Integrated Care Board", "kind": "health", "statutory": True},
        {"name": "Constabulary", "kind": "police", "statutory": True},
    ] + [{"name": f"Agency {n}", "kind": "relevant_agency", "category": "Health and Social Care"} for n in range(1, 21)]
    people = [{"name": f"Person {n:03d}", "organisation": orgs[n % len(orgs)]["name"], "email": f"person{n}@example.org"}
              for n in range(1, 121)]
    start = date(first_year, 1, 1)
    appointments = []
    for i, org in enumerate(orgs[:3]):
        appointments.append({"person": f"Person {i + 1:03d}", "role": "lead_safeguarding_partner", "organisation": org["name"], "from": start})
        # a new DSP every three years
        for term in range(0, years, 3):
            begin = date(first_year + term, 1, 1)
            end = date(first_year + term + 3, 1, 1) - timedelta(days=1)
            appointments.append({"person": f"Person {10 + i * 10 + term:03d}", "role": "delegated_safeguarding_partner",
                                 "organisation": org["name"], "from": begin, "to": end})
    appointments.append({"person": "Person 100", "role": "business_manager", "from": start})
    bodies = []
    for n, (name, kind, cadence) in enumerate(CADENCES):
        body = {"name": name, "kind": kind, "short_name": "".join(w[0] for w in name.split()).upper() + str(n),
                "cadence": cadence, "members": [{"role": "delegated_safeguarding_partner"}] +
                [{"person": f"Person {40 + n * 5 + k:03d}"} for k in range(5)],
                "standing_items": ["Welcome and apologies", "Minutes of the last meeting", "Action log", "Any other business"]}
        if kind == "executive":
            body["chair"] = {"rotation": [o["name"] for o in orgs[:3]], "term_months": 18, "starts": start}
            body["quorum"] = {"statutory_partners": "all"}
        else:
            body["chair"] = {"person": f"Person {40 + n * 5:03d}"}
        bodies.append(body)
    meetings = []
    end = date(first_year + years, 1, 1) - timedelta(days=1)
    for body in bodies:
        cadence, _ = parse_cadence(body["cadence"])
        for when in meeting_dates(cadence, start, end):
            attendees = rng.sample(range(1, 121), 10)
            items = []
            for k in range(8):
                item = {"title": f"Item {k + 1}", "minute": "The group discussed the report. " * rng.randint(2, 12),
                        "resolutions": [f"That the report be noted ({k})."]}
                if k == 6 and rng.random() < 0.2:
                    item["exempt"] = {"paragraph": 2, "reason": "Information about an individual"}
                if k in (2, 4, 5):
                    due = when.date + timedelta(days=rng.randint(14, 120))
                    item["actions"] = [{"description": f"Follow up item {k + 1} of {when.date}", "owner": f"Person {rng.randint(1, 120):03d}",
                                        "due": due, "status": "completed" if due < date(first_year + years - 1, 6, 1) else "open"}]
                items.append(item)
            meetings.append({
                "body": body["name"], "date": when.date, "status": "held",
                "attendance": [{"person": f"Person {p:03d}", "status": rng.choice(["present", "present", "present", "apologies"])} for p in attendees],
                "items": items,
            })
    return {
        "partnership": {"name": "Synthetic Safeguarding Partnership", "business_manager": "Person 100"},
        "organisations": orgs, "people": people, "appointments": appointments, "bodies": bodies,
        "meetings": meetings,
    }

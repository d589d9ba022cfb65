"""A large, realistic partnership as an arrangements document, made from a seed.

``build_document(years, seed, today)`` returns the dict a TOML arrangements
file parses to: ~60 organisations, ~3,000 people, ~40 bodies with rotating
membership, appointments with turnover, and for every body its meetings over
``years`` years (held ones with attendance, agendas, minutes, resolutions,
actions and their update histories; planned ones for the next six months with
agendas only). The same arguments always give the same document.

``scale`` shrinks everything for tests (0.1 gives a tenth of the meetings).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from models.rules.cadence import meeting_dates
from models.rules.cadence_table import parse_cadence

FIRST = ("Aisha Alan Amara Andrew Anita Ben Bethan Callum Carys Chloe Colin Dafydd Daniel Deborah Dev Eleanor Emeka "
         "Fatima Fiona Gareth Grace Hannah Harjit Ian Imran Jack Jasmine Joanne Jonathan Karen Kwame Laura Leon "
         "Lucy Mark Martha Mei Michael Nadia Neil Niamh Oliver Olu Patrick Priya Rachel Rhys Rosa Ruth Sam Sarah "
         "Shona Simon Siân Sunil Tariq Tom Una Victoria Wei Yusuf Zara").split()
LAST = ("Abbott Adeyemi Ahmed Ali Allen Baker Banerjee Barker Bell Bennett Brown Campbell Carter Chen Clarke Cole "
        "Collins Cooper Davies Dixon Edwards Evans Fisher Fletcher Foster Gill Graham Green Hall Harris Hughes Hussain "
        "Jackson James Jenkins Johnson Jones Kaur Kelly Khan King Lee Lewis Lloyd Marshall Martin Mason Mills Mitchell "
        "Moore Morgan Morris Murphy Nguyen Okafor O'Brien Owen Palmer Parker Patel Phillips Price Reid Richards Roberts "
        "Robinson Rogers Shaw Singh Smith Stevens Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson "
        "Wood Wright Young").split()
STATUTORY = [
    ("Eastbrook Borough Council", "EBC", "local_authority"),
    ("Eastbrook Integrated Care Board", "ICB", "health"),
    ("Eastbrook Constabulary", "POL", "police"),
]
AGENCY_KINDS = [
    ("Eastbrook Hospitals NHS Trust", "health", "Health"), ("Eastbrook Community Health", "health", "Health"),
    ("Probation Service Eastbrook", "relevant_agency", "Justice"), ("Youth Justice Service", "relevant_agency", "Justice"),
    ("Fire and Rescue Service", "relevant_agency", "Emergency services"), ("Ambulance Service", "health", "Health"),
    ("Housing Association", "relevant_agency", "Housing"), ("CAFCASS", "relevant_agency", "Courts"),
]
TOPICS = ["neglect strategy", "exploitation dashboard", "multi-agency audit", "training offer", "voice of the child",
          "domestic abuse pathway", "early help review", "missing children protocol", "threshold document",
          "learning review", "performance scorecard", "annual report", "budget and contributions", "escalation policy",
          "education attendance", "online safety campaign", "transitions protocol", "MASH review",
          "health assessments", "contextual safeguarding", "private fostering", "injuries to non-mobile babies",
          "safer sleep campaign", "section 11 audit", "independent scrutiny report", "risk register"]
VERBS = ["Circulate", "Report back on", "Draft", "Review", "Agree", "Escalate", "Share", "Update", "Present",
         "Confirm", "Audit", "Publish", "Arrange a briefing on", "Ask partners about"]
NOTES = ["Work has started.", "Waiting for data from partners.", "Draft circulated to the group.",
         "Delayed by staffing; new date agreed.", "Discussed at the executive.", "Completed and circulated.",
         "Partners have responded.", "Meeting arranged with the lead officer.", "Report received; under review."]
SENTENCES = ["The group received the report and discussed its findings.",
             "Members noted the progress made since the last meeting.",
             "Concern was raised about the timeliness of returns from some agencies.",
             "The chair thanked the author for a clear and helpful paper.",
             "Partners agreed that the learning should be shared across the workforce.",
             "The group asked for an update at the next meeting.",
             "Data for the quarter showed a small rise in referrals.",
             "It was agreed that the risk rating should remain amber."]
STANDING = ["Welcome, introductions and apologies", "Minutes of the last meeting and matters arising", "Action log",
            "Any other business"]
CADENCES = [  # (frequency settings, weight)
    ({"frequency": "monthly", "weekday": "Tuesday", "week": 2, "avoid_bank_holidays": True}, 10),
    ({"frequency": "monthly", "weekday": "Thursday", "week": 3}, 10),
    ({"frequency": "every-6-weeks", "weekday": "Wednesday"}, 10),
    ({"frequency": "bimonthly", "weekday": "Monday", "week": 1, "avoid_bank_holidays": True}, 6),
    ({"frequency": "quarterly", "months": ["Jan", "Apr", "Jul", "Oct"], "weekday": "Friday", "week": -1}, 4),
]
BODY_KINDS = ["delivery_group"] * 5 + ["subgroup"] * 3 + ["panel", "forum", "task_and_finish"]


class _Names:
    def __init__(self, rng: random.Random, count: int):
        pairs = [(f, s) for s in LAST for f in FIRST]
        rng.shuffle(pairs)
        self.names = [f"{f} {s}" for f, s in pairs[:count]]
        self.rng = rng

    def pick(self) -> str:
        return self.rng.choice(self.names)


def _seat_holders(rng: random.Random, names: _Names, start: date, end: date) -> list[tuple[date, date, str]]:
    """Who holds one seat on a body over time: terms of one to four years."""
    terms, cursor = [], start
    while cursor <= end:
        length = timedelta(days=rng.randint(365, 4 * 365))
        terms.append((cursor, cursor + length - timedelta(days=1), names.pick()))
        cursor += length
    return terms


def build_document(years: int = 10, seed: int = 1, today: date | None = None, scale: float = 1.0) -> dict:
    """The arrangements document; ``today`` splits held meetings from planned ones."""
    rng = random.Random(seed)
    today = today or date.today()
    start = date(today.year - years, today.month, 1)
    horizon = today + timedelta(days=180)
    names = _Names(rng, max(60, int(3000 * scale)))
    orgs = [{"name": n, "short_name": s, "kind": k, "statutory": True} for n, s, k in STATUTORY]
    orgs += [{"name": n, "kind": k, "category": c} for n, k, c in AGENCY_KINDS]
    orgs += [{"name": f"Eastbrook School {n}", "kind": "education", "category": "Education"} for n in range(1, 41)]
    orgs += [{"name": f"Voluntary Sector Organisation {n}", "category": "Voluntary and community"} for n in range(1, 11)]
    people = []
    for index, name in enumerate(names.names):
        org = orgs[index % 3] if index % 4 else rng.choice(orgs)
        people.append({"name": name, "title": rng.choice(["Head of Service", "Designated Nurse", "Detective Inspector",
                                                           "Safeguarding Lead", "Team Manager", "Director"]),
                       "organisation": org["name"],
                       "email": f"{name.lower().replace(' ', '.').replace(chr(39), '')}.{index}@eastbrook.example"})
    appointments = []
    for org in orgs[:3]:
        for role, low, high in (("lead_safeguarding_partner", 3, 6), ("delegated_safeguarding_partner", 2, 4)):
            cursor = start
            while cursor <= horizon:
                end = cursor + timedelta(days=365 * rng.randint(low, high)) - timedelta(days=1)
                entry = {"person": names.pick(), "role": role, "organisation": org["name"], "from": cursor}
                if end < today:
                    entry["to"] = end
                appointments.append(entry)
                cursor = end + timedelta(days=1)
    for role in ("independent_scrutineer", "business_manager", "lead_member", "education_lead"):
        cursor = start
        while cursor <= horizon:
            end = cursor + timedelta(days=365 * rng.randint(2, 5)) - timedelta(days=1)
            entry = {"person": names.pick(), "role": role, "from": cursor}
            if end < today:
                entry["to"] = end
            appointments.append(entry)
            cursor = end + timedelta(days=1)
    manager = [a for a in appointments if a["role"] == "business_manager"][-1]["person"]

    bodies, seats = [], {}
    core = [("Lead Safeguarding Partners", "LSP", "strategic", CADENCES[4][0]),
            ("Partnership Executive", "EXEC", "executive", CADENCES[3][0]),
            ("Partners Board", "PB", "partners_board", CADENCES[4][0])]
    body_count = max(4, int(round(40 * min(scale * 4, 1.0))))
    cadence_pool = [c for c, weight in CADENCES for _ in range(weight)]
    for n in range(body_count):
        if n < len(core):
            name, short, kind, cadence = core[n]
        else:
            topic = TOPICS[n % len(TOPICS)]
            name = f"{topic[0].upper()}{topic[1:]} {'Group' if n < len(TOPICS) else 'Subgroup'}"
            short, kind, cadence = f"G{n:02d}", BODY_KINDS[n % len(BODY_KINDS)], rng.choice(cadence_pool)
        cadence = dict(cadence, time=f"{rng.choice([9, 10, 13, 14]):02d}:{rng.choice(['00', '30'])}",
                       duration_minutes=rng.choice([90, 120, 150]), location=f"Civic Centre, Room {rng.randint(1, 12)}")
        if cadence["frequency"].startswith("every"):
            cadence["starts"] = start + timedelta(days=rng.randint(0, 40))
        holders = [_seat_holders(rng, names, start, horizon) for _ in range(rng.randint(8, 16))]
        seats[name] = holders
        current = [terms[-1][2] for terms in holders]
        body = {"name": name, "short_name": short, "kind": kind, "cadence": cadence,
                "members": [{"person": p} for p in dict.fromkeys(current)],
                "standing_items": STANDING}
        if kind == "executive":
            body["chair"] = {"rotation": [o["name"] for o in orgs[:3]], "term_months": 18, "starts": start}
            body["quorum"] = {"statutory_partners": "all"}
            body["members"] = [{"role": "delegated_safeguarding_partner"}] + body["members"]
        else:
            body["chair"] = {"person": current[0]}
        if n:
            body["reports_to"] = core[1][0] if n >= len(core) else core[0][0]
        bodies.append(body)
    forward = [{"body": b["name"], "title": f"Annual review of the {rng.choice(TOPICS)}", "month": rng.randint(1, 12),
                "recurring": "annual"} for b in bodies]
    meetings = []
    for body in bodies:
        cadence, problems = parse_cadence(body["cadence"])
        assert cadence is not None, problems
        dates = [d.date for d in meeting_dates(cadence, start, horizon)]
        if scale < 1:
            dates = dates[: max(2, int(len(dates) * scale))] + [d for d in dates if d >= today][:2]
            dates = sorted(set(dates))
        for index, when in enumerate(dates):
            meetings.append(_meeting(rng, body, seats[body["name"]], when, today,
                                     dates[index + 1] if index + 1 < len(dates) else None))
    _annual_review(rng, bodies[0], seats[bodies[0]["name"]], meetings, today)
    return {
        "partnership": {"name": "Eastbrook Safeguarding Children Partnership", "short_name": "ESCP",
                        "areas": ["Eastbrook"], "business_manager": manager, "protective_marking": "OFFICIAL"},
        "organisations": orgs, "people": people, "appointments": appointments, "bodies": bodies,
        "forward_plan": forward, "meetings": meetings,
    }


def _annual_review(rng: random.Random, body: dict, seats: list, meetings: list[dict], today: date) -> None:
    """The strategic body's last held meeting reviews every topic: a 30-item agenda."""
    held = [m for m in meetings if m["body"] == body["name"] and m["status"] == "held"]
    if held:
        last = held[-1]
        longer = _meeting(rng, body, seats, last["date"], today, None)
        topics = [t for t in TOPICS if t[0].upper() + t[1:] not in {i["title"] for i in longer["items"]}]
        extra = [{"title": t[0].upper() + t[1:], "minute": rng.choice(SENTENCES), "resolutions": [f"That the {t} be noted."],
                  "actions": _actions(rng, t, [a["person"] for a in longer["attendance"]], last["date"], today, 1)}
                 for t in topics[: 30 - len(longer["items"])]]
        longer["items"][-1:-1] = extra
        longer["title"] = "Annual review"
        meetings[meetings.index(last)] = longer


def _holder(terms: list[tuple[date, date, str]], when: date) -> str:
    for begin, end, name in terms:
        if begin <= when <= end:
            return name
    return terms[-1][2]


def _meeting(rng: random.Random, body: dict, seats: list, when: date, today: date, following: date | None) -> dict:
    held = when < today
    meeting: dict = {"body": body["name"], "date": when}
    if not held:
        meeting["status"] = "confirmed" if when < today + timedelta(days=30) else "planned"
    elif rng.random() < 0.02:
        meeting["status"] = "cancelled"
        held = False
    else:
        meeting["status"] = "held"
        if following is not None and following < today:
            meeting["minutes_approved_on"] = following
    present = []
    if held:
        attendance = []
        for name in dict.fromkeys(_holder(terms, when) for terms in seats):
            roll = rng.random()
            if roll < 0.8:
                attendance.append({"person": name})
                present.append(name)
            elif roll < 0.96:
                attendance.append({"person": name, "status": "apologies"})
            else:
                attendance.append({"person": name, "status": "absent"})
        meeting["attendance"] = attendance
    owners = present or [s[-1][2] for s in seats]
    items = [{"title": title, "standing": True} for title in STANDING[:3]]
    topics = rng.sample(TOPICS, rng.randint(4, 8))
    for topic in topics:
        item: dict = {"title": topic[0].upper() + topic[1:], "presenter": rng.choice(owners),
                      "duration_minutes": rng.choice([10, 15, 20, 30])}
        if rng.random() < 0.03:
            item["exempt"] = {"paragraph": 2, "reason": "Information likely to reveal the identity of an individual"}
        if held:
            item["minute"] = " ".join(rng.sample(SENTENCES, rng.randint(2, 4))) + "\n\n" + rng.choice(SENTENCES)
            item["resolutions"] = [f"That the {topic} be noted."]
            item["actions"] = _actions(rng, topic, owners, when, today, rng.randint(1, 5))
        items.append(item)
    items.append({"title": STANDING[3], "standing": True})
    meeting["items"] = items
    return meeting


def _actions(rng: random.Random, topic: str, owners: list[str], when: date, today: date, count: int) -> list[dict]:
    actions, seen = [], set()
    for number in range(count):
        description = f"{rng.choice(VERBS)} the {topic}"
        if description in seen:
            description += f" ({number + 1})"
        seen.add(description)
        due = when + timedelta(days=rng.randint(14, 120))
        age = (today - due).days
        roll = rng.random()
        if age > 60:
            status = "completed" if roll < 0.845 else "cancelled" if roll < 0.885 else "in_progress" if roll < 0.925 else "open"
        elif age > 0:
            status = "completed" if roll < 0.5 else "in_progress" if roll < 0.8 else "open"
        else:
            status = "open" if roll < 0.6 else "in_progress" if roll < 0.95 else "completed"
        action: dict = {"description": description, "owner": rng.choice(owners), "due": due, "status": status}
        last = today - timedelta(days=1)
        if status == "completed":
            done = min(due + timedelta(days=rng.randint(-20, 30)), last)
            action["completed"] = max(done, when)
            last = action["completed"]
        span = max((last - when).days, 1)
        days = sorted(rng.sample(range(1, span + 1), min(span, rng.choice([0, 1, 2, 2, 3, 3, 4, 5]))))
        updates = [{"on": when + timedelta(days=d), "note": rng.choice(NOTES)} for d in days]
        if updates and status in ("completed", "cancelled"):
            updates[-1]["status"] = status
        if updates:
            action["updates"] = updates
        actions.append(action)
    return actions

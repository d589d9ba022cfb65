"""A load never costs data and refuses what the forms refuse (issues 10 and 11).

Each test failed before: partial files wiped fields, the loader accepted
records the roster forms reject, and held minutes were renumbered.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models.arrangements import ArrangementsError, load_arrangements, read_toml
from models.editing import StaleEdit
from models.records import update_person
from models.tables import Action, AgendaItem, AuditEntry, Body, BodyMember, Meeting, Organisation, Person, StandingItem
from tests.test_load import snapshot, write

def refused(engine, tmp_path, text: str) -> list[str]:
    """Load ``text``; it must be refused with the database unchanged. Returns the problems."""
    before = snapshot(engine)
    with pytest.raises(ArrangementsError) as caught:
        load_arrangements(engine, write(tmp_path, text))
    assert snapshot(engine) == before
    return [str(p) for p in caught.value.problems]


def one(session, model, **where):
    query = select(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.exec(query).one()


# ----------------------------------------------------------------- partial files keep what they leave out


def test_partial_file_keeps_every_field_it_leaves_out(loaded, tmp_path):
    before = snapshot(loaded)
    summary = load_arrangements(loaded, write(tmp_path, '[[organisations]]\nname = "Northmoor Police"\n'
                                                       '[[people]]\nname = "Alan Brooks"\n'
                                                       '[[bodies]]\nname = "Executive Group"\n'))
    assert not summary.changed
    assert snapshot(loaded) == before
    with Session(loaded) as s:
        police = one(s, Organisation, name="Northmoor Police")
        assert police.statutory and police.kind == "police"
        alan = one(s, Person, name="Alan Brooks")
        assert (alan.title, alan.email) == ("Chief Executive", "alan.brooks@northmoor.example")
        body = one(s, Body, name="Executive Group")
        assert body.cadence["frequency"] == "quarterly" and body.quorum_rule and body.chair_rule
        assert body.reports_to_id is not None
        assert len(s.exec(select(BodyMember).where(BodyMember.body_id == body.id)).all()) == 4
        assert len(s.exec(select(StandingItem).where(StandingItem.body_id == body.id)).all()) == 8


def test_one_changed_field_changes_only_that_field(loaded, tmp_path):
    load_arrangements(loaded, write(tmp_path, '[[people]]\nname = "Alan Brooks"\ntitle = "Interim Chief Executive"\n'))
    with Session(loaded) as s:
        alan = one(s, Person, name="Alan Brooks")
        assert alan.title == "Interim Chief Executive" and alan.email == "alan.brooks@northmoor.example"
        assert alan.organisation_id is not None


def test_empty_values_clear_fields_explicitly(loaded, tmp_path):
    load_arrangements(loaded, write(tmp_path, '[[people]]\nname = "Alan Brooks"\ntitle = ""\norganisation = ""\n'
                                              '[[bodies]]\nname = "Executive Group"\nstanding_items = []\n'
                                              'members = []\ncadence = {}\nreports_to = ""\n'))
    with Session(loaded) as s:
        alan = one(s, Person, name="Alan Brooks")
        assert alan.title is None and alan.organisation_id is None and alan.email
        body = one(s, Body, name="Executive Group")
        assert body.cadence is None and body.reports_to_id is None and body.chair_rule
        assert not s.exec(select(StandingItem).where(StandingItem.body_id == body.id)).all()
        assert not s.exec(select(BodyMember).where(BodyMember.body_id == body.id)).all()


def test_top_level_action_of_another_body_is_refused(loaded, tmp_path):
    with Session(loaded) as s:
        action = s.exec(select(Action)).first()
        reference, owner = action.reference, s.get(Body, action.body_id).name
    other = "Child Exploitation Delivery Group" if owner != "Child Exploitation Delivery Group" else "Executive Group"
    problems = refused(loaded, tmp_path, f'[[actions]]\nbody = "{other}"\nreference = "{reference}"\n'
                                         'description = "Overwritten"\n')
    assert problems == [f'actions[0].reference: the action "{reference}" belongs to "{owner}", not "{other}"; '
                        "give a new reference, or that body"]


def test_partial_top_level_action_keeps_its_meeting_and_item(loaded, tmp_path):
    with Session(loaded) as s:
        action = s.exec(select(Action).where(Action.item_id.is_not(None))).first()
        reference, body, item = action.reference, s.get(Body, action.body_id).name, action.item_id
    load_arrangements(loaded, write(tmp_path, f'[[actions]]\nbody = "{body}"\nreference = "{reference}"\n'
                                              'status = "in_progress"\n'))
    with Session(loaded) as s:
        action = one(s, Action, reference=reference)
        assert action.status == "in_progress" and action.item_id == item and action.description.startswith(("Circ", "Comm"))


# ----------------------------------------------------------------- what the forms refuse, the loader refuses

REFUSALS = [
    ("lsp overlap", '[[appointments]]\nperson = "Sofia Reyes"\nrole = "lead_safeguarding_partner"\n'
                    'organisation = "Northmoor Metropolitan Borough Council"\nfrom = 2025-06-01\n',
     "appointments[0].from: Alan Brooks already holds lead safeguarding partner for Northmoor Metropolitan Borough Council"),
    ("dsp for non-statutory", '[[appointments]]\nperson = "Kemi Adeyemi"\nrole = "delegated_safeguarding_partner"\n'
                              'organisation = "Northmoor Schools Forum"\nfrom = 2025-06-01\n',
     'appointments[0].organisation: "Northmoor Schools Forum" is not a statutory partner'),
    ("reports_to cycle", '[[bodies]]\nname = "Lead Safeguarding Partners"\nreports_to = "Child Exploitation Delivery Group"\n',
     "bodies[0].reports_to: bodies cannot report in a circle"),
    ("zero-width name", '[[people]]\nname = "\u200b"\n', "people[0].name: name must not be empty"),
    ("tab in name", '[[people]]\nname = "Ann\\tLee"\n', "people[0].name: name contains a tab"),
    ("escape in name", '[[people]]\nname = "Ann\\u001b]0;x\\u0007"\n', "people[0].name: name contains a terminal escape"),
    ("long name", f'[[people]]\nname = "{"x" * 201}"\n', "people[0].name: name is 201 characters long; the limit is 200"),
    ("case twin", '[[people]]\nname = "alan brooks"\n', 'people[0].name: "alan brooks" differs from the existing person "Alan Brooks"'),
    ("same record twice", '[[people]]\nname = "Ann Lee"\n[[people]]\nname = "ANN LEE "\n',
     'people[1].name: person "ANN LEE" is already defined at people[0]'),
    ("same appointment twice", '[[appointments]]\nperson = "Kemi Adeyemi"\nrole = "other"\nfrom = 2025-01-01\n' * 2,
     "appointments[1]: the same appointment is already given at appointments[0]"),
    ("deputy for self", '[[meetings]]\nbody = "Executive Group"\ndate = 2026-01-13\n[[meetings.attendance]]\n'
                        'person = "Daniel Moss"\nstatus = "deputy"\ndeputy_for = "Daniel Moss"\n',
     'meetings[0].attendance[0].deputy_for: "Daniel Moss" cannot be a deputy for themselves'),
    ("minutes approved early", '[[meetings]]\nbody = "Executive Group"\ndate = 2026-01-13\nminutes_approved_on = 2026-01-01\n',
     "meetings[0].minutes_approved_on: the minutes cannot be approved (2026-01-01) before the meeting (2026-01-13)"),
    ("completed on open action", '[[actions]]\nbody = "Executive Group"\ndescription = "Do it"\nstatus = "open"\n'
                                 'completed = 2026-01-20\n', "actions[0].completed: a completed date is given, but the action is open"),
    ("completed on new action", '[[actions]]\nbody = "Executive Group"\ndescription = "Do it"\ncompleted = 2026-01-20\n',
     "actions[0].completed: a completed date is given, but the action is open"),
    ("meeting in 9999", '[[meetings]]\nbody = "Executive Group"\ndate = 9999-12-31\n',
     "meetings[0].date: 9999-12-31 is outside the dates Convenor keeps (1990 to 2100)"),
    ("update in 1066", '[[actions]]\nbody = "Executive Group"\ndescription = "Do it"\n'
                       'updates = [{ on = 1066-10-14, note = "Battle" }]\n', "actions[0].updates[0].on: 1066-10-14 is outside"),
    ("quorum of 99", '[[bodies]]\nname = "Executive Group"\nquorum = { statutory_partners = 99 }\n',
     "bodies[0].quorum.statutory_partners: The quorum asks for 99 statutory partners, but the partnership has 3."),
    ("another partnership", '[partnership]\nname = "Southmoor Safeguarding Partnership"\n',
     'partnership.name: this database holds "Northmoor Safeguarding Children Partnership"'),
    ("unsendable e-mail", '[[people]]\nname = "Ann Lee"\nemail = "a<b@c.org"\n',
     'people[0].email: "a<b@c.org" is not an e-mail address that invites can be sent to'),
    ("unknown top-level key", 'x = 1\n', 'x: unknown setting "x"'),
    ("statutory flag dropped under partners", '[[organisations]]\nname = "Northmoor Police"\nstatutory = false\n',
     'organisations[0].statutory: "Northmoor Police" has safeguarding partners appointed for it'),
]


@pytest.mark.parametrize("text, words", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_loader_refuses_what_the_forms_refuse(loaded, tmp_path, text, words):
    problems = refused(loaded, tmp_path, text)
    assert any(p.startswith(words) for p in problems), problems


def test_changing_only_reports_to_counts_as_a_change(loaded, tmp_path):
    summary = load_arrangements(loaded, write(tmp_path, '[[bodies]]\nname = "Child Exploitation Delivery Group"\n'
                                                       'reports_to = "Lead Safeguarding Partners"\n'))
    assert summary.updated["body"] == 1 and "nothing changed" not in summary.line()


# ----------------------------------------------------------------- reading the file


def test_deeply_nested_toml_is_one_located_problem(tmp_path):
    path = write(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ArrangementsError) as caught:
        read_toml(path)
    assert [str(p) for p in caught.value.problems] == ["arrangements.toml: lists or tables are nested too deeply to read"]


def test_endless_file_is_capped(tmp_path):
    with pytest.raises(ArrangementsError) as caught:
        read_toml("/dev/zero")
    assert [str(p) for p in caught.value.problems] == ["zero: the file is larger than 5 MB, the most an arrangements file may be"]


# ----------------------------------------------------------------- meetings


def test_adding_an_item_to_a_held_meeting_keeps_the_minuted_numbers(loaded, tmp_path):
    with Session(loaded) as s:
        before = {i.title: i.position for i in s.exec(select(AgendaItem))}
    load_arrangements(loaded, write(tmp_path, '[[meetings]]\nbody = "Executive Group"\ndate = 2026-01-13\n'
                                              '[[meetings.items]]\ntitle = "Late paper"\n'))
    with Session(loaded) as s:
        after = {i.title: i.position for i in s.exec(select(AgendaItem))}
    assert after == {**before, "Late paper": max(before.values()) + 1}


@pytest.mark.parametrize("setting", ['online_link = "https://meet.example/x"', 'title = "Extraordinary meeting"'])
def test_load_raises_sequence_for_every_invite_field(loaded, tmp_path, setting):
    with Session(loaded) as s:
        sequence = s.exec(select(Meeting)).one().sequence
    load_arrangements(loaded, write(tmp_path, f'[[meetings]]\nbody = "Executive Group"\ndate = 2026-01-13\n{setting}\n'))
    with Session(loaded) as s:
        assert s.exec(select(Meeting)).one().sequence == sequence + 1


def test_stale_edit_after_a_load_names_what_changed(loaded, tmp_path):
    with Session(loaded) as s:
        alan = one(s, Person, name="Alan Brooks")
        person_id, version = alan.id, alan.version
    load_arrangements(loaded, write(tmp_path, '[[people]]\nname = "Alan Brooks"\ntitle = "Interim Chief Executive"\n'))
    with pytest.raises(StaleEdit) as caught:
        update_person(loaded, person_id, version, phone="01234 567890")
    assert "(they changed title)" in str(caught.value)
    with Session(loaded) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.table_name == "person",
                                               AuditEntry.record_id == person_id)).all()


# ----------------------------------------------------------------- one definition of each list (issue 11)


def test_one_list_of_action_statuses_without_closed():
    from models import arrangements_minutes, views

    assert views.ACTION_STATUSES == ("open", "in_progress", "completed", "cancelled")
    assert arrangements_minutes.ACTION_STATUSES is views.ACTION_STATUSES


def test_the_default_voting_rule_is_the_same_for_files_and_forms(loaded, tmp_path):
    from models.bodies import parse_member_line
    from models.rules.vocab import CAPACITIES, votes_by_default

    load_arrangements(loaded, write(tmp_path, '[[bodies]]\nname = "Summit"\nmembers = [' + ", ".join(
        f'{{ person = "Alan Brooks", capacity = "{c}" }}' if i == 0 else f'{{ role = "other", capacity = "{c}" }}'
        for i, c in enumerate(CAPACITIES)) + "]\n"))
    with Session(loaded) as s:
        body = one(s, Body, name="Summit")
        stored = [(m.capacity, m.voting) for m in s.exec(select(BodyMember).where(BodyMember.body_id == body.id)
                                                         .order_by(BodyMember.id))]
    assert stored == [(c, votes_by_default(c)) for c in CAPACITIES]
    assert [parse_member_line(f"other | {c}", [], []).voting for c in CAPACITIES] == [c in ("chair", "member") for c in CAPACITIES]


def test_an_email_the_invite_cannot_use_is_refused_by_the_form_too(loaded):
    from models.records import RecordErrors, create_person

    with pytest.raises(RecordErrors) as caught:
        create_person(loaded, name="Ann Lee", email="a<b@c.org")
    assert caught.value.errors["email"].startswith('"a<b@c.org" is not an e-mail address that invites can be sent to')


def test_spacing_in_a_name_never_makes_a_second_record(loaded, tmp_path):
    with Session(loaded) as s:
        people = len(s.exec(select(Person)).all())
    load_arrangements(loaded, write(tmp_path, '[[people]]\nname = " Alan   Brooks "\nphone = "01234 567890"\n'))
    with Session(loaded) as s:
        assert len(s.exec(select(Person)).all()) == people
        assert one(s, Person, name="Alan Brooks").phone == "01234 567890"

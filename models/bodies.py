"""Creating and changing a body: its settings, rules, members and standing items.

:func:`save_body` is the one write path for a body, used by the Structure
form (through :func:`update_body`) and by the arrangements loader. Values
given replace the body's; settings left out keep theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.audit import record_change
from models.checks import check_quorum, describe_cycle, reports_to_cycle, sentence
from models.db import session_scope
from models.editing import apply_changes
from models.forward_plan import checked_plan, replace_plan
from models.queries import Directory
from models.record_base import RecordErrors, create_record, line_of, load_record, name_of, named, text_of
from models.rules.cadence_table import cadence_to_dict, parse_cadence
from models.rules.quorum import parse_quorum, quorum_rule_to_dict
from models.rules.rotation import chair_rule_to_dict, parse_chair
from models.rules.vocab import BODY_KINDS, CAPACITIES, ROLES, VocabError, parse_choice, votes_by_default
from models.tables import Body, BodyMember, Organisation, Person, StandingItem, utcnow

NUMBERINGS = ("per_meeting", "per_year")


@dataclass(frozen=True)
class MemberInput:
    """One member of a body: by ``role`` (optionally for one organisation) or by ``person``."""

    person: str | None = None
    role: str | None = None
    organisation: str | None = None
    capacity: str = "member"
    voting: bool = True


_VOTING_WORDS = {"voting": True, "vote": True, "yes": True, "non-voting": False, "nonvoting": False,
                 "no vote": False, "no": False, "not voting": False}


def member_line(m: MemberInput) -> str:
    """The line a member is edited as, e.g. "education_lead | member | voting"."""
    who = m.person or (f"{m.role} @ {m.organisation}" if m.organisation else m.role) or ""
    return f"{who} | {m.capacity} | {'voting' if m.voting else 'non-voting'}"


def parse_member_line(line: str, people: Sequence[str], organisations: Sequence[str]) -> MemberInput:
    """Read "ROLE [@ ORGANISATION] | CAPACITY | voting/non-voting" or "PERSON | ...".

    Capacity and voting may be left out (member; voting unless an adviser,
    observer or officer). Raises VocabError with one sentence.
    """
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise VocabError(f'"{line.strip()}" should read: role or person | capacity | voting or non-voting')
    who, _, org = (s.strip() for s in parts[0].partition("@"))
    capacity = parse_choice(parts[1], CAPACITIES, "capacity") if len(parts) > 1 and parts[1] else "member"
    if len(parts) > 2 and parts[2]:
        key = parts[2].lower()
        if key not in _VOTING_WORDS:
            raise VocabError(f'"{parts[2]}" should be voting or non-voting')
        voting = _VOTING_WORDS[key]
    else:
        voting = votes_by_default(capacity)
    if who in people:
        if org:
            raise VocabError(f'"{who}" is a person, so leave out "@ {org}"')
        return MemberInput(person=who, capacity=capacity, voting=voting)
    try:
        role = parse_choice(who, ROLES, "role")
    except VocabError:
        raise VocabError(f'"{who}" is neither a person nor a role') from None
    if org and org not in organisations:
        raise VocabError(f'There is no organisation named "{org}"')
    return MemberInput(role=role, organisation=org or None, capacity=capacity, voting=voting)


def member_rows(session: Session, body_id: int) -> list[BodyMember]:
    return list(session.exec(select(BodyMember).where(BodyMember.body_id == body_id).order_by(BodyMember.id)))


def member_inputs(session: Session, body_id: int, d: Directory) -> list[MemberInput]:
    return [MemberInput(person=d.person_name(m.person_id), role=m.role, organisation=d.org_name(m.organisation_id),
                        capacity=m.capacity, voting=m.voting) for m in member_rows(session, body_id)]


def standing_titles(session: Session, body_id: int) -> list[str]:
    rows = session.exec(select(StandingItem).where(StandingItem.body_id == body_id).order_by(StandingItem.position))
    return [s.title for s in rows]


# ----------------------------------------------------------------- checking


def _problem_field(prefix: str, where: str) -> str:
    base = where.split("[", 1)[0]
    return f"{prefix}.{base}" if base else prefix


def _rule(raw: Mapping[str, Any] | None, key: str, parse: Any, to_dict: Any, errors: dict[str, str]) -> Any:
    """A rule table read with ``parse``; None or {} clears it."""
    if not raw:
        return None, None
    rule, problems = parse(dict(raw))
    for where, message in problems:
        errors.setdefault(_problem_field(key, where), sentence(message))
    return rule, (to_dict(rule) if rule is not None else None)


def _chair(session: Session, raw: Mapping[str, Any] | None, errors: dict[str, str]) -> dict[str, Any] | None:
    rule, table = _rule(raw, "chair", parse_chair, chair_rule_to_dict, errors)
    if rule is None:
        return table
    if rule.person is not None and named(session, Person, rule.person) is None:
        errors["chair.person"] = f'There is no person named "{rule.person}".'
    missing = [o for o in rule.rotation if named(session, Organisation, o) is None]
    if missing:
        errors["chair.rotation"] = f'There is no organisation named "{missing[0]}".'
    return table


def _quorum(session: Session, raw: Mapping[str, Any] | None, errors: dict[str, str]) -> dict[str, Any] | None:
    rule, table = _rule(raw, "quorum", parse_quorum, quorum_rule_to_dict, errors)
    if rule is not None:
        statutory = session.exec(select(func.count()).select_from(Organisation)
                                 .where(Organisation.statutory == True)).one()  # noqa: E712
        trouble = check_quorum(rule.statutory_partners, statutory)
        if trouble:
            errors["quorum.statutory_partners"] = sentence(trouble)
    return table


def _reports_to(session: Session, name: str | None, value: object, own_id: int | None, errors: dict[str, str],
                parents: Mapping[str, str | None] | None) -> int | None:
    parent_name = text_of(value)
    if parent_name is None:
        return None
    parent = named(session, Body, parent_name)
    if parent is None:
        errors["reports_to"] = f'There is no body named "{parent_name}".'
        return None
    if parent.id == own_id or parent_name == name:
        errors["reports_to"] = "A body cannot report to itself."
        return None
    by_id = {b.id: b.name for b in session.exec(select(Body))}
    tree = {b.name: by_id.get(b.reports_to_id) for b in session.exec(select(Body))}
    tree.update(parents or {})
    if name is not None:
        tree[name] = parent_name
        loop = reports_to_cycle(tree, name)
        if loop:
            errors["reports_to"] = sentence(describe_cycle(loop))
    return parent.id


def _members(session: Session, lines: Sequence[str | MemberInput | Mapping[str, Any]],
             errors: dict[str, str]) -> list[MemberInput]:
    people = list(session.exec(select(Person.name)))
    orgs = list(session.exec(select(Organisation.name)))
    members: list[MemberInput] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, MemberInput):
            members.append(line)
        elif isinstance(line, Mapping):
            members.append(MemberInput(**line))
        elif line.strip():
            try:
                members.append(parse_member_line(line, people, orgs))
            except VocabError as err:
                errors.setdefault("members", f"Line {number}: {sentence(str(err))}")
    return members


def _titles(standing_items: Sequence[str], errors: dict[str, str]) -> list[str]:
    titles = [t.strip() for t in standing_items if t.strip()]
    for title in titles:
        if titles.count(title) > 1:
            errors["standing_items"] = f'"{title}" is listed twice.'
            break
        line_of({"standing_items": title}, "standing_items", errors)
    return titles


# ----------------------------------------------------------------- writing


def _replace_members(session: Session, body: Body, new: list[MemberInput]) -> bool:
    old = member_inputs(session, body.id, Directory.read(session))  # type: ignore[arg-type]
    if old == new:
        return False
    for row in member_rows(session, body.id):  # type: ignore[arg-type]
        session.delete(row)
    session.flush()
    for m in new:
        person = named(session, Person, m.person)
        org = named(session, Organisation, m.organisation)
        session.add(BodyMember(body_id=body.id, person_id=person.id if person else None, role=m.role,
                               organisation_id=org.id if org else None, capacity=m.capacity, voting=m.voting))
    record_change(session, "update", "bodymember", body.id, f'Changed the members of body "{body.name}"',
                  {"members": [[member_line(m) for m in old], [member_line(m) for m in new]]})
    return True


def _replace_titles(session: Session, body: Body, titles: list[str]) -> bool:
    old = standing_titles(session, body.id)  # type: ignore[arg-type]
    if old == titles:
        return False
    for row in session.exec(select(StandingItem).where(StandingItem.body_id == body.id)):
        session.delete(row)
    session.flush()
    for position, title in enumerate(titles, start=1):
        session.add(StandingItem(body_id=body.id, position=position, title=title))  # type: ignore[arg-type]
    record_change(session, "update", "standingitem", body.id, f'Changed the standing items of body "{body.name}"',
                  {"standing_items": [old, titles]})
    return True


def save_body(session: Session, values: Mapping[str, Any], body: Body | None = None, *,
              expected_version: int | None = None,
              parents: Mapping[str, str | None] | None = None) -> tuple[Body, str]:
    """Check and write a body; returns it and "created", "updated" or "unchanged".

    ``values`` may give name, short_name, kind, minute_numbering,
    reports_to (a body's name), cadence/chair/quorum (tables in the
    arrangements vocabulary; None or {} clears), members (lines for
    :func:`parse_member_line`, MemberInputs or their fields),
    standing_items and forward_plan (lines "title | when", see
    models.forward_plan). ``parents`` is the hierarchy being saved alongside
    (body -> body it reports to), so a loop is judged on the final tree.
    Error keys: the setting's name, or "cadence.<setting>" and the like.
    """
    errors: dict[str, str] = {}
    own = body.id if body is not None else None
    current = {k: getattr(body, k) for k in ("name", "short_name", "kind", "minute_numbering")} if body else {}
    merged = {**current, **values}
    name = name_of(session, Body, merged, own, "body", errors)
    clean: dict[str, Any] = {"name": name, "short_name": line_of(merged, "short_name", errors)}
    for key, choices, what, default in (("kind", BODY_KINDS, "kind of body", "delivery_group"),
                                        ("minute_numbering", NUMBERINGS, "way of numbering minutes", "per_meeting")):
        try:
            clean[key] = parse_choice(text_of(merged.get(key)) or default, choices, what)
        except VocabError as err:
            errors[key] = sentence(str(err))
    if "cadence" in values:
        clean["cadence"] = _rule(values["cadence"], "cadence", parse_cadence, cadence_to_dict, errors)[1]
    if "chair" in values:
        clean["chair_rule"] = _chair(session, values["chair"], errors)
    if "quorum" in values:
        clean["quorum_rule"] = _quorum(session, values["quorum"], errors)
    if "reports_to" in values:
        clean["reports_to_id"] = _reports_to(session, name, values["reports_to"], own, errors, parents)
    members = _members(session, values["members"], errors) if "members" in values else None
    titles = _titles(values["standing_items"], errors) if "standing_items" in values else None
    plan = checked_plan(values["forward_plan"], errors) if values.get("forward_plan") is not None else None
    if errors:
        raise RecordErrors(errors)
    if body is None:
        body = create_record(session, Body(**clean), f'Added body "{name}"', clean)  # type: ignore[assignment]
        outcome = "created"
    else:
        outcome = "updated" if apply_changes(session, body, clean, expected_version=expected_version) else "unchanged"
    children = members is not None and _replace_members(session, body, members)  # type: ignore[arg-type]
    children = (titles is not None and _replace_titles(session, body, titles)) or children  # type: ignore[arg-type]
    children = (plan is not None and replace_plan(session, body, plan)) or children  # type: ignore[arg-type]
    if children and outcome == "unchanged":
        apply_changes(session, body, {"updated_at": utcnow()}, expected_version=expected_version)  # type: ignore[arg-type]
        outcome = "updated"
    return body, outcome  # type: ignore[return-value]


def update_body(engine: Engine, body_id: int, expected_version: int, *,
                cadence: Mapping[str, Any] | None, chair: Mapping[str, Any] | None,
                members: Sequence[str | MemberInput], standing_items: Sequence[str],
                **more: Any) -> bool:
    """Replace a body's cadence, chair rule, members and standing items in one transaction.

    ``cadence``/``chair`` are tables in the arrangements vocabulary (None:
    none); ``members`` are lines for :func:`parse_member_line` or
    MemberInputs. ``more`` may give name, reports_to (a body's name, None:
    top level; a loop is refused), quorum (a table, None: none) and
    forward_plan (lines). Error keys: "cadence.<setting>", "chair.<setting>",
    "quorum.<setting>", "members", "standing_items", "name", "reports_to",
    "forward_plan". Returns True if anything changed.
    """
    unknown = set(more) - {"name", "reports_to", "quorum", "forward_plan"}
    if unknown:
        raise TypeError(f"update_body() got unexpected settings {sorted(unknown)}")
    with session_scope(engine) as session:
        body = load_record(session, Body, body_id)
        values = {"cadence": cadence, "chair": chair, "members": members, "standing_items": standing_items, **more}
        return save_body(session, values, body, expected_version=expected_version)[1] != "unchanged"

"""The roster: who holds which role on a date, and where posts are empty or doubled.

Choices made here (documented in docs/rules.md):

* When two people hold a single-holder role at once, the roster shows the
  one appointed most recently as the post-holder and lists both as an overlap.
* Lead or delegated safeguarding partners of organisations that are not
  statutory partners are listed among the other roles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from models.rules.rotation import Holding
from models.rules.vocab import PARTNERSHIP_WIDE_ROLES, PER_ORGANISATION_ROLES, ROLES, SINGLE_HOLDER_ROLES

LSP = "lead_safeguarding_partner"
DSP = "delegated_safeguarding_partner"
# The order roles are listed in, after the statutory partners.
ROLE_ORDER = ROLES


@dataclass(frozen=True)
class PartnerRow:
    """A statutory partner with its lead and delegated safeguarding partner (None: empty)."""

    organisation: str
    lead: str | None
    delegated: str | None


@dataclass(frozen=True)
class RoleRow:
    """Someone holding a role other than a statutory partner's LSP or DSP."""

    role: str
    person: str
    organisation: str | None


class Gap(NamedTuple):
    """A statutory partner with nobody in a role it must fill."""

    organisation: str
    role: str


class Overlap(NamedTuple):
    """Several people in a single-holder role at once; organisation None: partnership-wide."""

    organisation: str | None
    role: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class Roster:
    """Who holds what on ``date``."""

    date: date
    statutory_partners: list[PartnerRow]
    other_roles: list[RoleRow]
    gaps: list[Gap]
    overlaps: list[Overlap]


class AppointmentClash(NamedTuple):
    """Two appointments to one single-holder role whose dates overlap."""

    existing: Holding
    new: Holding
    message: str


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def _current(holdings: Sequence[Holding], role: str, organisation: str | None,
             day: date) -> list[Holding]:
    """Holdings of ``role`` in force on ``day``, earliest appointment first."""
    found = [h for h in holdings if h.role == role and h.covers(day)
             and (organisation is None or h.organisation == organisation)]
    return sorted(found, key=lambda h: (h.start, h.person))


def holders_on(holdings: Sequence[Holding], role: str, organisation: str | None,
               day: date) -> list[str]:
    """People holding ``role`` on ``day``, earliest appointed first.

    ``organisation`` None means for any organisation (or none).
    """
    return [h.person for h in _current(holdings, role, organisation, day)]


def _latest(people: list[str]) -> str | None:
    return people[-1] if people else None


def _overlaps_on(holdings: Sequence[Holding], day: date) -> list[Overlap]:
    found: list[Overlap] = []
    for role in sorted(SINGLE_HOLDER_ROLES, key=_role_rank):
        if role in PARTNERSHIP_WIDE_ROLES:
            scopes: list[str | None] = [None]
        else:
            scopes = sorted({h.organisation for h in holdings
                             if h.role == role and h.organisation is not None})
        for org in scopes:
            people = holders_on(holdings, role, org, day)
            if len(set(people)) > 1:
                found.append(Overlap(org, role, tuple(dict.fromkeys(people))))
    return found


def roster_on(holdings: Sequence[Holding], statutory_orgs: Sequence[str], day: date) -> Roster:
    """The roster on ``day``: statutory partners in the given order, then other roles."""
    partners: list[PartnerRow] = []
    gaps: list[Gap] = []
    for org in statutory_orgs:
        lead = _latest(holders_on(holdings, LSP, org, day))
        delegated = _latest(holders_on(holdings, DSP, org, day))
        partners.append(PartnerRow(org, lead, delegated))
        gaps += [Gap(org, role) for role, who in ((LSP, lead), (DSP, delegated)) if who is None]
    statutory = set(statutory_orgs)
    others = [RoleRow(h.role, h.person, h.organisation) for h in holdings
              if h.covers(day)
              and not (h.role in PER_ORGANISATION_ROLES and h.organisation in statutory)]
    others.sort(key=lambda r: (_role_rank(r.role), r.organisation or "", r.person))
    return Roster(day, partners, others, gaps, _overlaps_on(holdings, day))


def roster_to_dict(roster: Roster) -> dict[str, object]:
    """The roster as the JSON object ``convenor roster --json`` prints."""
    return {
        "date": roster.date.isoformat(),
        "statutory_partners": [
            {"organisation": p.organisation, "lead": p.lead, "delegated": p.delegated}
            for p in roster.statutory_partners],
        "other_roles": [{"role": r.role, "person": r.person, "organisation": r.organisation}
                        for r in roster.other_roles],
        "gaps": [{"organisation": g.organisation, "role": g.role} for g in roster.gaps],
        "overlaps": [{"organisation": o.organisation, "role": o.role, "people": list(o.people)}
                     for o in roster.overlaps],
    }


def _same_post(a: Holding, b: Holding) -> bool:
    if a.role != b.role or a.role not in SINGLE_HOLDER_ROLES:
        return False
    return a.role in PARTNERSHIP_WIDE_ROLES or a.organisation == b.organisation


def _dates_meet(a: Holding, b: Holding) -> bool:
    return (a.end is None or b.start <= a.end) and (b.end is None or a.start <= b.end)


def describe_holding(h: Holding) -> str:
    """E.g. "Helen Price holds delegated safeguarding partner for Northmoor Police from A to B"."""
    where = ""
    if h.organisation and h.role not in PARTNERSHIP_WIDE_ROLES:
        where = f" for {h.organisation}"
    until = f" to {h.end.isoformat()}" if h.end else " onwards"
    return f"{h.person} holds {h.role.replace('_', ' ')}{where} from {h.start.isoformat()}{until}"


def appointment_overlaps(holdings: Sequence[Holding]) -> list[AppointmentClash]:
    """Every pair of appointments to one single-holder post whose dates overlap.

    The earlier of the pair in ``holdings`` is the existing one, so a form can
    pass the saved appointments followed by the new one and show each message.
    """
    clashes: list[AppointmentClash] = []
    for j, new in enumerate(holdings):
        for existing in holdings[:j]:
            if _same_post(existing, new) and _dates_meet(existing, new):
                message = describe_holding(existing).replace(" holds ", " already holds ", 1)
                clashes.append(AppointmentClash(existing, new, message))
    return clashes

"""Attendance forms: a deputy, someone else in attendance, a declaration of interest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from models.views import CAPACITIES, CAPACITY_LABELS
from tui.forms.workspace_base import WorkspaceForm
from tui.widgets.form_field import FormField


def _person(key: str, label: str, people: Sequence[str], value: str = "") -> FormField:
    return FormField(key, label, Input(value, placeholder="start typing a name; → accepts the suggestion",
                                       suggester=SuggestFromList(list(people), case_sensitive=False)))


class DeputyForm(WorkspaceForm):
    """"X deputising for Y": X chosen from the roster."""

    def __init__(self, save: Callable[..., Any], people: Sequence[str], member: str) -> None:
        super().__init__(save)
        self.people, self.member = people, member
        self.heading = f"Deputy for {member}"

    def intro(self) -> str:
        return f"Who attends in place of {self.member}? They count for {self.member}'s organisation in the quorum."

    def fields(self) -> Iterable[FormField]:
        yield _person("deputy", "Deputy", self.people)


class AttendeeForm(WorkspaceForm):
    """Someone else in attendance: an officer, adviser or guest."""

    heading = "Add someone in attendance"

    def __init__(self, save: Callable[..., Any], people: Sequence[str]) -> None:
        super().__init__(save)
        self.people = people

    def fields(self) -> Iterable[FormField]:
        yield _person("person", "Person", self.people)
        yield FormField("capacity", "Capacity", Select([(CAPACITY_LABELS[c], c) for c in CAPACITIES],
                                                       value="officer", allow_blank=False))


class DeclarationForm(WorkspaceForm):
    """A declaration of interest: who, on which item, and its nature."""

    heading = "Declaration of interest"

    def __init__(self, save: Callable[..., Any], people: Sequence[str], items: Sequence[tuple[str, int]],
                 person: str = "") -> None:
        super().__init__(save)
        self.people, self.items, self.person = people, items, person

    def fields(self) -> Iterable[FormField]:
        yield _person("person", "Person", self.people, self.person)
        yield FormField("item", "Item", Select(list(self.items), prompt="(no particular item)"))
        yield FormField("nature", "Nature of the interest", Input("", placeholder="e.g. trustee of a local charity"))

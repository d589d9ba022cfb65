"""The Structure screen: governance bodies by "reports to", and the detail of the chosen body.

Each tree node shows the body's kind, cadence in words, chair today and
next meeting. Below the tree: members (by role and by person), quorum rule,
standing items, forward plan and the chair rotation as a timeline. ``e``
opens the body form (name, reports-to, cadence, chair and quorum rules,
members, standing items, forward plan).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Static, Tree

from models.db import DatabaseError
from models.formats import day_label
from models.roster_views import BodyDetail, BodyNode, body_detail, body_nodes
from models.text import visible
from models.views import CAPACITY_LABELS, ROLE_LABELS
from tui.widgets.measured_table import MeasuredTable
from tui.data import Notice, deliver, reading, sentence, today_of
from tui.forms.body import BodyForm
from tui.screens.structure_tools import StructureTools
from tui.widgets.chair_timeline import ChairTimeline
from tui.widgets.key_footer import KeyFooter


def kind_words(kind: str) -> str:
    return kind.replace("_", " ")


def member_words(who: str) -> str:
    """A role member's name in words ("Delegated Safeguarding Partner (Brackwater Constabulary)")."""
    role, _, rest = who.partition(" (")
    return visible(ROLE_LABELS.get(role, role) + (f" ({rest}" if rest else ""))


class StructureScreen(StructureTools):
    """The partnership's bodies as a tree, with the highlighted body's detail."""

    SUB_TITLE = "Structure"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"structure--facts", "structure--gap"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit body", id="structure.edit",
                tooltip="Edit the body's name, reports-to, cadence, chair and quorum rules, members, standing items "
                        "and forward plan"),
        Binding("f5", "refresh", "Refresh", id="structure.refresh", tooltip="Read the bodies again from the database"),
    ]

    class TreeLoaded(Message):
        """A worker read every body for the tree."""

        def __init__(self, nodes: list[BodyNode]) -> None:
            super().__init__()
            self.nodes = nodes

    class DetailLoaded(Message):
        """A worker read one body's detail."""

        def __init__(self, detail: BodyDetail) -> None:
            super().__init__()
            self.detail = detail

    class Failed(Notice):
        """A worker could not read the database."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[int, BodyNode] = {}
        self.detail: BodyDetail | None = None
        self._wanted: str | None = None
        self._selected: int | None = None
        self.data_ready = False  # True once the tree and a body's detail are on screen

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        tree: Tree[int] = Tree("Partnership bodies", id="body-tree")
        tree.show_root = False
        tree.guide_depth = 3
        yield tree
        with VerticalScroll(id="body-detail"):
            yield Label("", id="body-title", classes="section-title")
            yield Static("", id="body-facts")
            with Horizontal(id="body-columns"):
                with Vertical(id="body-left"):
                    yield Label("Members", classes="section-title")
                    members: DataTable[Any] = MeasuredTable(id="body-members", cursor_type="row", zebra_stripes=True)
                    members.add_columns("Member", "By", "Capacity", "Votes", "Held today by")
                    yield members
                    yield Label("Chair rotation", classes="section-title")
                    yield ChairTimeline(id="body-timeline")
                with Vertical(id="body-right"):
                    yield Label("Standing items", classes="section-title")
                    yield Static("", id="body-standing")
                    yield Label("Forward plan", classes="section-title")
                    yield Static("", id="body-plan")
        yield Static("", id="structure-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#body-tree", Tree).focus()
        self.load_tree()

    def on_screen_resume(self) -> None:
        """Read again when coming back from another area (others may have changed things)."""
        if self.nodes:
            self.load_tree()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="load")
    def load_tree(self) -> None:
        try:
            with reading(self.app) as session:
                nodes = body_nodes(session, today_of(self.app))
        except DatabaseError as exc:
            deliver(self, self.Failed(f"The bodies could not be read. {sentence(exc)}"))
            return
        deliver(self, self.TreeLoaded(nodes))

    @work(thread=True, exclusive=True, group="detail")
    def load_detail(self, body_id: int) -> None:
        try:
            with reading(self.app) as session:
                detail = body_detail(session, body_id, today_of(self.app))
        except DatabaseError as exc:
            deliver(self, self.Failed(f"The body could not be read. {sentence(exc)}"))
            return
        deliver(self, self.DetailLoaded(detail))

    def on_structure_screen_failed(self, message: Failed) -> None:
        self.query_one("#structure-status", Static).update(message.text)

    def _label(self, node: BodyNode) -> Text:
        facts = self.get_component_rich_style("structure--facts", partial=True)
        label = Text(visible(node.name), style="bold")
        next_meeting = day_label(node.next_meeting) if node.next_meeting else "none planned"
        label.append(f"  {kind_words(node.kind)} · chair: {visible(node.chair)} · next: {next_meeting}", style=facts)
        return label

    def _cadence_label(self, node: BodyNode) -> Text:
        return Text(visible(node.cadence), style=self.get_component_rich_style("structure--facts", partial=True))

    def on_structure_screen_tree_loaded(self, message: TreeLoaded) -> None:
        tree = self.query_one("#body-tree", Tree)
        selected = self._selected
        self.nodes = {n.id: n for n in message.nodes}
        tree.clear()
        children: dict[int | None, list[BodyNode]] = {}
        for node in message.nodes:
            parent = node.parent_id if node.parent_id in self.nodes else None
            children.setdefault(parent, []).append(node)

        def add(parent: Any, parent_id: int | None) -> None:
            for node in children.get(parent_id, []):
                branch = parent.add(self._label(node), data=node.id, expand=True)
                branch.add_leaf(self._cadence_label(node), data=node.id)
                add(branch, node.id)

        add(tree.root, None)
        wanted = self._wanted or (self.nodes[selected].name if selected in self.nodes else None)
        if wanted:
            self.show_body(wanted)
        elif message.nodes:
            first = tree.get_node_at_line(0)
            tree.move_cursor(first)
            if first is not None and first.data is not None:
                self._selected = first.data
                self.load_detail(first.data)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        if event.node.data is not None and event.node.data != self._selected:
            self._selected = event.node.data
            self.load_detail(event.node.data)

    def on_structure_screen_detail_loaded(self, message: DetailLoaded) -> None:
        d = self.detail = message.detail
        v = visible
        self.query_one("#body-title", Label).update(v(d.name))
        facts = [
            ("Kind", kind_words(d.kind)),
            ("Reports to", v(d.reports_to) if d.reports_to else "nobody (top level)"),
            ("Meets", v(d.cadence)),
            ("Chair now", v(d.chair)),
            ("Quorum", v(d.quorum)),
        ]
        text = Text()
        for key, value in facts:
            text.append(f"{key:<11}", style="bold")
            text.append(f"{value}\n")
        text.rstrip()
        self.query_one("#body-facts", Static).update(text)
        gap = self.get_component_rich_style("structure--gap", partial=True)
        members = self.query_one("#body-members", DataTable)
        members.clear()
        for i, m in enumerate(d.members):
            holders: Any = v(m.holders)
            if m.by == "role" and m.holders == "nobody":
                holders = Text("nobody in post", style=gap)
            members.add_row(member_words(m.who) if m.by == "role" else v(m.who), m.by,
                            CAPACITY_LABELS.get(m.capacity, m.capacity), "yes" if m.voting else "no",
                            holders, key=str(i))
        self.call_after_refresh(members.refresh, layout=True)
        self.query_one("#body-standing", Static).update(
            "\n".join(f"{n}. {v(t)}" for n, t in enumerate(d.standing_items, start=1)) or "No standing items.")
        self.query_one("#body-plan", Static).update(
            "\n".join(f"• {v(p)}" for p in d.forward_plan) or "Nothing planned.")
        self.query_one("#body-timeline", ChairTimeline).show(d.timeline)
        self.data_ready = True

    # ------------------------------------------------------------ public

    def show_body(self, name: str) -> None:
        """Highlight the body called ``name`` in the tree and show its detail."""
        tree = self.query_one("#body-tree", Tree)
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.data in self.nodes and self.nodes[node.data].name == name \
                    and node.children:
                self._wanted = None
                self._selected = node.data
                tree.move_cursor(node)
                tree.scroll_to_node(node)
                self.load_detail(node.data)
                return
        self._wanted = name  # shown once the tree has been read

    # ------------------------------------------------------------ actions

    def action_refresh(self) -> None:
        self.load_tree()

    def action_edit(self) -> None:
        if self.detail is None:
            return

        def saved(result: int | None) -> None:
            if result is not None:
                self.query_one("#structure-status", Static).update("Saved the body.")  # named anew once read
                self.load_tree()

        self.app.push_screen(BodyForm(self.detail), saved)

"""A table that renders only the rows on screen and asks for them by index.

:class:`VirtualTable` is a ScrollView (the line API, as Textualize/toolong
draws its log lines): ``render_line`` finds the row for a screen line by index
in an LRU cache of pages. A missing page is drawn as "…" and fetched in a
thread worker by the ``fetch(offset, limit)`` function the screen gives to
:meth:`VirtualTable.reset` (the screen's function reads the database; this
widget knows nothing of it). ``describe(item)`` turns an item into its key, its
cells and whether it is flagged (drawn in the ``virtual-table--flagged`` style).

The first line is the column headings; clicking one posts
:class:`VirtualTable.HeaderSelected`. Moving the cursor posts
:class:`VirtualTable.Highlighted` with the item under it (None while its page
is being read). ``row_count``, ``get_row_at``, ``get_row_index`` and
``move_cursor`` read like DataTable's, for the rows already read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

Fetch = Callable[[int, int], Sequence[Any]]
Describe = Callable[[Any], tuple[str, Sequence[str], bool]]

PAGE = 100  # rows read at a time
PAGES_KEPT = 20  # pages kept in the cache


class VirtualTable(ScrollView, can_focus=True):
    """Rows fetched a page at a time; only the visible ones are drawn."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header", "virtual-table--cursor", "virtual-table--even", "virtual-table--flagged"}
    DEFAULT_CSS = """
    VirtualTable { background: $surface; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
    VirtualTable > .virtual-table--even { background: $surface-lighten-1; }
    VirtualTable > .virtual-table--cursor { background: $block-cursor-blurred-background; }
    VirtualTable:focus > .virtual-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    VirtualTable > .virtual-table--flagged { color: $text-error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="table.up", tooltip="Move to the row above"),
        Binding("down", "cursor(1)", "Down", show=False, id="table.down", tooltip="Move to the row below"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up", tooltip="Move up a screenful"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down", tooltip="Move down a screenful"),
        Binding("home", "edge(0)", "First row", show=False, id="table.home", tooltip="Move to the first row"),
        Binding("end", "edge(1)", "Last row", show=False, id="table.end", tooltip="Move to the last row"),
    ]

    class Highlighted(Message):
        """The cursor is on ``item`` (None: no rows, or its page is still being read)."""

        def __init__(self, table: "VirtualTable", item: Any) -> None:
            super().__init__()
            self.table, self.item = table, item

    class HeaderSelected(Message):
        def __init__(self, table: "VirtualTable", column: str) -> None:
            super().__init__()
            self.table, self.column = table, column

    class PageRead(Message):
        def __init__(self, generation: int, page: int, items: Sequence[Any]) -> None:
            super().__init__()
            self.generation, self.page, self.items = generation, page, items

    def __init__(self, columns: Sequence[tuple[str, str, int]], describe: Describe, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.columns = list(columns)  # (label, key, width)
        self.describe = describe
        self.cursor_row = 0
        self._total = 0
        self._fetch: Fetch | None = None
        self._generation = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._asked: set[int] = set()
        self._width = sum(width + 2 for _, _, width in self.columns)
        self.virtual_size = Size(self._width, 1)

    # ------------------------------------------------------------ data

    def reset(self, fetch: Fetch, first: Sequence[Any], total: int, keep: str | None = None,
              keep_row: bool = True) -> None:
        """New rows: ``first`` is page 0 (already read), ``total`` how many there are (may grow with
        :meth:`set_total`). The cursor stays on ``keep`` if it is in page 0, else on its row number
        (``keep_row``) or goes to the first row."""
        self._generation += 1
        self._fetch = fetch
        self._pages = OrderedDict({0: list(first)})
        self._asked = set()
        keys = [self.describe(item)[0] for item in first]
        self.set_total(total)
        self.cursor_row = keys.index(keep) if keep in keys else self.cursor_row if keep_row else 0
        self._clamp_and_announce()

    def set_total(self, total: int) -> None:
        self._total = max(total, len(self._pages.get(0, ())))
        self.virtual_size = Size(self._width, self._total + 1)
        if self.container_size:  # (laid out already) the scrollbar it now needs is placed by the
            self._refresh_scrollbars()  # next layout, rather than asked for by it and placed by one more;
            if self.show_vertical_scrollbar:  # and it is given the size that layout gives it (it would ask
                self.vertical_scrollbar.set_reactive(Widget.virtual_size, self.container_size)  # for another)
        self._clamp_and_announce()
        self.refresh()

    @property
    def row_count(self) -> int:
        return self._total

    def item_at(self, index: int) -> Any:
        """The item at row ``index`` if its page has been read, else None (and the page is asked for)."""
        if not 0 <= index < self._total:
            return None
        page = index // PAGE
        items = self._pages.get(page)
        if items is None:
            self.call_later(self._ask, page)  # not from inside render_line
            return None
        self._pages.move_to_end(page)
        return items[index % PAGE] if index % PAGE < len(items) else None

    @property
    def cursor_item(self) -> Any:
        return self.item_at(self.cursor_row)

    def get_row_at(self, index: int) -> list[str]:
        """The cells of row ``index`` (IndexError if it is not read yet)."""
        item = self.item_at(index)
        if item is None:
            raise IndexError(f"row {index} is not read yet")
        return [str(cell) for cell in self.describe(item)[1]]

    def get_row_index(self, key: str) -> int:
        """The row number of ``key`` among the rows read (KeyError if it is not among them)."""
        for page, items in self._pages.items():
            for offset, item in enumerate(items):
                if self.describe(item)[0] == key:
                    return page * PAGE + offset
        raise KeyError(key)

    def _ask(self, page: int) -> None:
        if page not in self._asked and self._fetch is not None:
            self._asked.add(page)
            self._read_page(self._fetch, self._generation, page)

    @work(thread=True, group="virtual-table-pages")
    def _read_page(self, fetch: Fetch, generation: int, page: int) -> None:
        self.post_message(self.PageRead(generation, page, list(fetch(page * PAGE, PAGE))))

    def on_virtual_table_page_read(self, message: PageRead) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pages[message.page] = list(message.items)
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        self._asked.discard(message.page)
        self.refresh()
        if message.page == self.cursor_row // PAGE:
            self.post_message(self.Highlighted(self, self.cursor_item))

    # ------------------------------------------------------------ cursor

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row
        self._clamp_and_announce()

    def _clamp_and_announce(self) -> None:
        self.cursor_row = max(0, min(self.cursor_row, self._total - 1))
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_item))

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, end: int) -> None:
        self.move_cursor(row=self._total - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + round(self.scroll_x)
            for label, key, width in self.columns:
                if x < width + 2:
                    self.post_message(self.HeaderSelected(self, key))
                    return
                x -= width + 2
            return
        self.move_cursor(row=round(self.scroll_y) + offset.y - 1)

    # ------------------------------------------------------------ drawing

    def _cells(self, cells: Sequence[str], style: Style) -> list[Segment]:
        segments = []
        for (_, _, width), cell in zip(self.columns, cells):
            text = cell.plain if isinstance(cell, Text) else str(cell)
            text = text.replace("\n", " ")
            shown = text if len(text) <= width else text[: width - 1] + "…"
            segments.append(Segment(" " + shown.ljust(width) + " ", style))
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = round(self.scroll_x), round(self.scroll_y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("virtual-table--header")
            segments = self._cells([label for label, _, _ in self.columns], style)
        else:
            index = scroll_y + y - 1
            if index >= self._total:
                return Strip.blank(width, base)
            item = self.item_at(index)
            style = base
            if index % 2:
                style += self.get_component_rich_style("virtual-table--even")
            if item is None:
                cells: Sequence[str] = ["…"] + [""] * (len(self.columns) - 1)
            else:
                _, cells, flagged = self.describe(item)
                if flagged:
                    style += self.get_component_rich_style("virtual-table--flagged")
            if index == self.cursor_row:
                style += self.get_component_rich_style("virtual-table--cursor")
            segments = self._cells(cells, style)
        strip = Strip(segments, self._width)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

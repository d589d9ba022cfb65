"""The footer of every screen: its keys drawn as one line by one widget.

Textual's Footer mounts a FooterKey widget for each key (about fifteen on an
area) and removes and mounts them all again whenever the screen's bindings are
refreshed; opening a screen paid for those mounts and for the layout passes
they set off. :class:`KeyFooter` is a single widget that draws the same line:
each key and its description with the footer's component classes
(``footer-key--key``, ``footer-key--description``) and spacing, compact or not,
disabled keys dimmed, the key under the mouse highlighted, the command
palette's key at the right behind its separator, the keys scrolled sideways by
the mouse wheel when they do not fit. Clicking a key runs it (a disabled one
rings the bell), and the tooltip is the binding's of the key under the mouse.
It is repainted only when what it shows changes, and never laid out again.
Binding groups are not used by Convenor: grouped keys are shown as ordinary keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.css.styles import StylesBase
    from textual.screen import Screen

SEPARATOR = "▏"  # the command palette key's left border (Textual's "vkey" border)


def _blank(background: Color) -> Style:
    """The style Textual gives the space a widget leaves empty on ``background``."""
    return Style(bgcolor=background.rich_color) if background.a else Style()


class FooterItem(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget, can_focus=False):
    """The keys of the current screen (and the command palette's), on one line at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--item",
        "footer-key--hover",
        "footer-key--disabled",
        "footer-key--separator",
    }
    DEFAULT_CSS = """
    KeyFooter {
        width: 1fr;
        height: 1;
        dock: bottom;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .footer-key--item {
            background: $footer-item-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--disabled {
            text-style: dim;
        }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--separator {
            color: $foreground 20%;
        }
        &.-compact {
            .footer-key--key {
                padding: 0;
            }
            .footer-key--description {
                padding: 0 0 0 1;
            }
        }
        &.-over-key {
            pointer: pointer;
        }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    """Display in compact style."""
    show_command_palette = reactive(True)
    """Show the key to invoke the command palette, on the right of the footer."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None,
                 show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeyFooter.show_command_palette, show_command_palette)
        self.set_reactive(KeyFooter.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._items: tuple[FooterItem, ...] | None = None  # None: not read from the screen yet
        self._palette: FooterItem | None = None
        self._hover: int | None = None  # index of the item under the mouse (len(items): the palette's)
        self._scroll = 0  # cells the keys are scrolled left by the mouse wheel
        self._max_scroll = 0
        self._spans: list[tuple[int, int, int]] = []  # (start, end, item index) of each drawn item
        self._gaps: list[tuple[int, int, Style]] = []  # (start, end, style) of the spaces between them
        self._drawn: tuple[tuple[Any, ...], Text] | None = None  # (what was shown, the line drawn)

    # ------------------------------------------------------------ what is shown

    def keys_to_show(self) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        """The keys the screen shows now (one per action, as Textual's Footer) and the palette's."""
        app = self.app
        active = self.screen.active_bindings
        items: dict[str, FooterItem] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in items:
                items[binding.action] = FooterItem(binding.key, app.get_key_display(binding), binding.description,
                                                   binding.action, enabled, tooltip)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = FooterItem(binding.key, app.get_key_display(binding), binding.description, binding.action,
                                 enabled, binding.tooltip or binding.description)
        return tuple(items.values()), palette

    def _read_keys(self) -> bool:
        """Read the keys to show; True when they differ from those shown."""
        items, palette = self.keys_to_show()
        if (items, palette) == (self._items, self._palette):
            return False
        self._items, self._palette = items, palette
        self._hover = None
        self.set_class(False, "-over-key")
        self._set_tooltip(None)
        return True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: "Screen[Any]") -> None:
        if not screen.app.app_focus:  # (as Textual's Footer: the keys stay while the app is not focused)
            return
        if self.is_attached and screen is self.screen and self._read_keys():
            self.refresh()

    def watch_compact(self) -> None:
        self.refresh()

    def watch_show_command_palette(self) -> None:
        if self._items is not None:
            self._read_keys()
        self.refresh()

    # ------------------------------------------------------------ drawing

    def _layered(self, *layers: "StylesBase") -> tuple[Style, Color]:
        """The style (and background) of a node with ``layers`` as its styles, nested in this
        widget: what Textual's ``DOMNode.rich_style`` gives a FooterKey or its components."""
        background = Color(0, 0, 0, 0)
        color = Color(255, 255, 255, 0)
        style = Style()
        opacity = 1.0
        for styles in [node.styles for node in reversed(self.ancestors_with_self)] + list(layers):
            has_rule = styles.has_rule
            opacity *= styles.opacity
            if has_rule("background"):
                text_background = background + styles.background.tint(styles.background_tint)
                background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
            else:
                text_background = background
            if has_rule("color"):
                color = styles.color
            style += styles.text_style
            if has_rule("auto_color") and styles.auto_color:
                color = text_background.get_contrast_text(color.a)
        style += Style.from_color((background + color).rich_color if (background.a or color.a) else None,
                                  background.rich_color if background.a else None)
        return style, background

    def _item_layers(self, item: FooterItem, hover: bool) -> list["StylesBase"]:
        names = ["footer-key--item"]
        if hover:
            names.append("footer-key--hover")
        if not item.enabled:
            names.append("footer-key--disabled")
        return [self.get_component_styles(*names)]

    def _item_text(self, item: FooterItem, hover: bool, compact: bool) -> Text:
        """What a FooterKey draws for ``item``."""
        layers = self._item_layers(item, hover)
        key_styles = self.get_component_styles("footer-key--key")
        description_styles = self.get_component_styles("footer-key--description")
        item_style, key_style, description_style = (self._layered(*layers, *more)[0]
                                                    for more in ((), (key_styles,), (description_styles,)))
        key_padding = (0, 0) if compact else (key_styles.padding.left, key_styles.padding.right)
        description_padding = ((1, 0) if compact else
                               (description_styles.padding.left, description_styles.padding.right))
        if item.description:
            text = Text.assemble(
                (" " * key_padding[0] + item.display + " " * key_padding[1], key_style),
                (" " * description_padding[0] + item.description + " " * description_padding[1],
                 description_style))
        else:
            text = Text.assemble((item.display, key_style))
        text.stylize_before(item_style)
        return text

    def _palette_text(self) -> tuple[Text, Style]:
        """The command palette's key: its separator and the key (always compact); and the
        style of its right padding."""
        assert self._palette is not None
        hover = self._hover == len(self._items or ())
        text = self._item_text(self._palette, hover, compact=True)
        _, background = self._layered(*self._item_layers(self._palette, hover))
        _, base = self._layered()
        separator = self.get_component_styles("footer-key--separator").color
        separator_style = Style.from_color((base + separator).rich_color, background.rich_color)
        return Text.assemble((SEPARATOR, separator_style), text), _blank(background)

    def notify_style_update(self) -> None:
        self._drawn = None  # (a theme or class change: drawn again)
        super().notify_style_update()

    def render(self) -> Text:
        if self._items is None:
            self._read_keys()
        shown = (self._items, self._palette, self._hover, self._scroll, self.size.width, self.compact)
        if self._drawn is None or self._drawn[0] != shown:
            self._drawn = shown, self._draw()
        return self._drawn[1]

    def _draw(self) -> Text:
        items = self._items or ()
        width = self.size.width
        _, base = self._layered()
        palette, palette_padding = self._palette_text() if self._palette is not None else (Text(), Style())
        palette_width = palette.cell_len + 1 if palette else 0  # (its right padding, or compact its margin)
        room = max(0, width - palette_width)
        keys = Text()
        spans: list[tuple[int, int, int]] = []
        gaps: list[tuple[int, int]] = []  # (start, end) in the keys' line: the footer's own background
        for index, item in enumerate(items):
            text = self._item_text(item, index == self._hover, self.compact)
            spans.append((keys.cell_len, keys.cell_len + text.cell_len, index))
            keys.append_text(text)
            if self.compact:  # (a compact footer's margin after each key)
                gaps.append((keys.cell_len, keys.cell_len + 1))
                keys.append(" ")
        self._max_scroll = max(0, keys.cell_len - room)
        scroll = self._scroll = min(self._scroll, self._max_scroll)
        shown = keys[scroll:scroll + room] if scroll or keys.cell_len > room else keys
        self._spans = [(max(0, start - scroll), min(room, end - scroll), index)
                       for start, end, index in spans if end - scroll > 0 and start - scroll < room]
        blank = _blank(base)
        self._gaps = [(max(0, start - scroll), min(room, end - scroll), blank)
                      for start, end in gaps if end - scroll > 0 and start - scroll < room]
        if palette:
            self._gaps.append((shown.cell_len, room, blank))
            shown.append(" " * (room - shown.cell_len))
            self._spans.append((room, width, len(items)))
            shown.append_text(palette)
            self._gaps.append((shown.cell_len, width, blank if self.compact else palette_padding))
        shown.no_wrap, shown.end = True, ""
        return shown

    def render_line(self, y: int) -> Strip:
        """The line as rendered, with the spaces between keys (and the palette key's padding) in
        the plain background, as Textual draws the space around widgets."""
        strip = super().render_line(y)
        if not self._gaps:
            return strip
        pieces, at = [], 0
        for start, end, style in self._gaps:
            if end > start:
                pieces += [strip.crop(at, start), Strip([Segment(" " * (end - start), style)], end - start)]
                at = end
        pieces.append(strip.crop(at, strip.cell_length))
        return Strip.join(pieces)

    # ------------------------------------------------------------ the mouse

    def _index_at(self, x: int) -> int | None:
        """The item drawn at ``x`` (len(items): the palette's key), None for the spaces between."""
        return next((index for start, end, index in self._spans if start <= x < end), None)

    def _set_tooltip(self, tooltip: str | None) -> None:
        if self.tooltip != tooltip:
            self.tooltip = tooltip

    def _hover_at(self, index: int | None) -> None:
        if index == self._hover:
            return
        self._hover = index
        self.set_class(index is not None, "-over-key")
        item = self._item(index)
        self._set_tooltip((item.tooltip or None) if item is not None else None)
        self.refresh()

    def _item(self, index: int | None) -> FooterItem | None:
        items = self._items or ()
        if index is None:
            return None
        return self._palette if index == len(items) else items[index]

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_at(self._index_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_at(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item(self._index_at(event.x))
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def _scroll_by(self, cells: int) -> bool:
        scroll = max(0, min(self._scroll + cells, self._max_scroll))
        if scroll == self._scroll:
            return False
        self._scroll = scroll
        self.refresh()
        return True

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._scroll_by(int(self.app.scroll_sensitivity_x)):
            event.stop()
            event.prevent_default()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll_by(-int(self.app.scroll_sensitivity_x)):
            event.stop()
            event.prevent_default()

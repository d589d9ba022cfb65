"""A Footer that is rebuilt only when the keys it shows change.

Textual's Footer removes and composes all its keys again every time the
screen's bindings are refreshed: on each focus change, each mount, each
``refresh_bindings``. Opening a screen sets off several of those, and each
rebuild mounts and styles a dozen FooterKey widgets (about 60 ms on the
Actions area), although the keys shown are nearly always the same.
:class:`KeyFooter` looks at what it would show (each shown key, its
description, whether it is enabled, its tooltip) and rebuilds only when that
changed, at most once per refresh however many times the bindings were
refreshed in between. Its keys are made in the footer's style (compact or
not) rather than restyled as they mount (a FooterKey starts compact and is
then told the footer's style; the command palette's key is left compact, as
Textual's Footer leaves it). It looks and behaves exactly as Textual's Footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyFooter(Footer):
    """Textual's Footer, recomposed only when the keys it would show differ."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown_keys: tuple[Any, ...] | None = None  # what the last composition showed
        self._check_pending = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):  # (that one stays compact)
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def keys_to_show(self) -> tuple[Any, ...]:
        """What compose() would show now: every shown binding and the command palette's."""
        app = self.app
        shown = tuple((binding.key, app.get_key_display(binding), binding.description, binding.action,
                       enabled, tooltip, binding.group)
                      for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                      if binding.show or binding.key == app.COMMAND_PALETTE_BINDING)
        return shown, self.show_command_palette, self.compact, self.combine_groups

    def bindings_changed(self, screen: "Screen[Any]") -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        shown = self.keys_to_show()
        if shown != self._shown_keys:
            self._shown_keys = shown
            await self.recompose()

"""The keys of a screen, as its bindings declare them: for `?` help, the command palette and the user's key map.

Every key is a ``Binding(key, action, description, id=..., tooltip=...)`` in
a ``BINDINGS`` list. :func:`screen_keys` reads the bindings active on a
screen (its own, its focused widget's and the app's), so the help screen and
the palette's "keys" provider need no list of their own. The ids let a user
move keys in ``keymap.toml`` in Convenor's data folder (:func:`read_keymap`,
applied with ``App.set_keymap``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

KEYMAP_FILE = "keymap.toml"
KEY_NAMES = {"question_mark": "?", "escape": "esc", "full_stop": ".", "comma": ","}


class KeymapError(Exception):
    """The key map file could not be used; the message is one sentence."""


@dataclass(frozen=True)
class ScreenKey:
    """One key active on a screen: what to press, what it does, and the node whose action it runs."""

    key: str
    description: str
    tooltip: str
    action: str
    node: DOMNode
    id: str


def describe_key(key: str, display: str | None = None) -> str:
    """A key as people write it: "ctrl+p", "?", "f5"."""
    if display:
        return display
    return "/".join(KEY_NAMES.get(k, k) for k in key.split(","))


def screen_keys(screen: Screen[Any]) -> list[ScreenKey]:
    """The keys that work now on ``screen``, in the order the footer shows them (app keys last).

    Only bindings with an id are listed: every key of Convenor has one;
    Textual's own widget keys (cursor movement and the like) do not.
    """
    found: list[ScreenKey] = []
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if not binding.id or not binding.description or not active.enabled:
            continue
        found.append(ScreenKey(describe_key(key, binding.key_display), binding.description,
                               binding.tooltip or active.tooltip or "", binding.action, active.node, binding.id))
    app_node = screen.app
    found.sort(key=lambda k: k.node is app_node)  # stable: screen keys first, then the areas and help
    return found


def read_keymap(path: Path) -> dict[str, str]:
    """The key map in ``path`` ({binding id: keys}); empty when there is no file.

    The file holds lines such as ``"meetings.invite" = "v"`` (several keys:
    ``"v,ctrl+i"``), at the top level or under ``[keys]``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(f"The key map {path} could not be read ({exc}).") from exc
    import tomli  # only when there is a key map (off the start-up path)

    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise KeymapError(f"The key map {path} is not valid TOML ({exc}).") from exc
    table = data.get("keys", data)
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise KeymapError(f'The key map {path} should hold lines like "meetings.invite" = "v".')
    return {str(k): v.replace(" ", "") for k, v in table.items()}


def binding_ids(classes: Iterable[type[DOMNode]]) -> set[str]:
    """Every binding id declared by ``classes`` (to spot a key map naming one that does not exist)."""
    ids: set[str] = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


class KeysProvider(Provider):
    """The command palette's list of the current screen's keys, found by what they do ("export invite")."""

    async def startup(self) -> None:
        self._keys = [k for k in screen_keys(self.screen) if k.action != "command_palette"]

    def _run(self, key: ScreenKey) -> Any:
        return lambda: self.app.call_later(self.app.run_action, key.action, key.node)

    @staticmethod
    def _help(key: ScreenKey) -> str:
        return f"{key.key} · {key.tooltip}" if key.tooltip else key.key

    async def discover(self) -> Hits:
        for key in self._keys:
            yield DiscoveryHit(key.description, self._run(key), help=self._help(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key in self._keys:
            score = max(matcher.match(key.description), matcher.match(f"{key.description} {key.tooltip}") * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(key.description), self._run(key), help=self._help(key))

"""The app's stylesheet, parsed again only when something in it has changed,
and then only the sources that changed.

Textual re-parses every stylesheet source (the app's .tcss files and every
widget's default CSS) whenever a mode's screen is first shown or switched to,
so that a changed theme reaches every screen (textual PR #5211 notes that
this "could be improved upon in future, by avoiding a CSS refresh when not
strictly required"). In Convenor that made each area key cost a full parse of
all its CSS. This stylesheet skips the re-parse when the theme's variables and
the sources are exactly those it last parsed. When only sources were added
(a screen shown for the first time brings widgets with CSS of their own), it
parses just those: the rules of the others are kept, by source text, in a
cache large enough for all of them (Textual's holds 64, fewer than the sources
of an app with every area open, so every parse would miss). A change of the
theme's variables (nothing else) empties the cache and parses everything again, as before.

The default CSS of widgets not mounted yet can be parsed ahead, in a worker
(:meth:`AppStylesheet.parse_default_css`): the first visit to an area then
finds its widgets' CSS parsed instead of parsing it while the user waits.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from textual.cache import LRUCache
from textual.css.parse import parse
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode
from textual.widget import Widget

PARSED_SOURCES_KEPT = 1024  # far more than the sources of every screen and widget together


class AppStylesheet(Stylesheet):
    """A Textual stylesheet that does not re-parse what it has already parsed."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed_as: tuple | None = None
        self._parse_cache = LRUCache(PARSED_SOURCES_KEPT)

    def _inputs(self) -> tuple:
        return tuple(self._variables.items()), tuple(self.source.items())

    def set_variables(self, variables: dict[str, str]) -> None:
        # Textual empties its caches on every call (each area's first visit makes one); only
        # new values make the parsed rules out of date.
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        inputs = self._inputs()
        if self._parsed_as is not None and inputs == self._parsed_as and not self._require_parse:
            return
        if self._parsed_as is not None and inputs[0] == self._parsed_as[0]:
            self.parse()  # the same variables: only new or changed sources are parsed (the cache has the rest)
        else:
            super().reparse()  # new variables (a theme change), or the first time: all of it, afresh
        self._parsed_as = inputs

    def parse_default_css(self, widget_classes: Iterable[type[DOMNode]]) -> tuple[dict[str, str], dict]:
        """Parse, in the calling thread (a worker), the default CSS of ``widget_classes`` that
        is not parsed yet, as Textual would parse it when such a widget is first mounted.
        Returns the variables it was parsed with and the rules by cache key, for
        :meth:`keep_parsed` to store from the app's thread."""
        variables, variable_tokens = self._variables, self._variable_tokens
        parsed: dict = {}
        for widget_class in widget_classes:
            for read_from, css, tie_breaker, scope in default_css(widget_class):
                key = (css, read_from, True, tie_breaker, scope)
                if key not in parsed and self._parse_cache.get(key) is None:
                    parsed[key] = list(parse(scope, css, read_from, variable_tokens=variable_tokens,
                                             is_default_rules=True, tie_breaker=tie_breaker))
        return variables, parsed

    def keep_parsed(self, variables: dict[str, str], parsed: dict) -> None:
        """Store what :meth:`parse_default_css` parsed, unless the theme changed meanwhile: a
        widget mounted later then finds its CSS parsed."""
        if variables == self._variables:
            for key, rules in parsed.items():
                self._parse_cache[key] = rules


def default_css(widget_class: type[DOMNode]) -> list[tuple[CSSLocation, str, int, str]]:
    """The default CSS sources (location, CSS, tie breaker, scope) a ``widget_class`` adds
    to the stylesheet when mounted (``DOMNode._get_default_css``, for a class)."""
    return DOMNode._get_default_css(SimpleNamespace(_node_bases=widget_class._css_bases(widget_class)))


def widget_classes() -> list[type[Widget]]:
    """Every widget class imported so far."""
    found: list[type[Widget]] = []
    waiting = [Widget]
    while waiting:
        widget_class = waiting.pop()
        found.append(widget_class)
        waiting.extend(widget_class.__subclasses__())
    return found

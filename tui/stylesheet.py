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
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

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

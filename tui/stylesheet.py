"""The app's stylesheet, parsed again only when something in it has changed.

Textual re-parses every stylesheet source (the app's .tcss files and every
widget's default CSS) whenever a mode's screen is first shown or switched to,
so that a changed theme reaches every screen (textual PR #5211 notes that
this "could be improved upon in future, by avoiding a CSS refresh when not
strictly required"). In Convenor that made each area key cost a full parse of
all its CSS. This stylesheet skips the re-parse when the theme's variables and
the sources are exactly those it last parsed; anything new (a theme change, a
screen or widget bringing CSS of its own) is parsed as before.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class AppStylesheet(Stylesheet):
    """A Textual stylesheet that does not re-parse what it has already parsed."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed_as: tuple | None = None

    def _inputs(self) -> tuple:
        return tuple(self._variables.items()), tuple(self.source.items())

    def reparse(self) -> None:
        if self._parsed_as is not None and not self._require_parse and self._inputs() == self._parsed_as:
            return
        super().reparse()
        self._parsed_as = self._inputs()

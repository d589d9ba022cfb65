"""How stored or user-supplied text is shown on a terminal or in a one-line message.

Text from the database or from a file can hold control characters (a terminal
escape such as ``ESC ]0;…BEL`` would retitle the window) and bidi controls
(which reorder what a reader sees). :func:`visible` makes every such character
visible as an escape, so the text can be printed or put on screen safely.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str) -> str:
    """One printable line: newlines, control and bidi characters shown as escapes."""
    if text.isprintable():  # (no control, separator or format character: nothing to escape)
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
    )

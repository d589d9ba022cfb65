"""Cleaning text that came from other systems before it goes into a file."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab/newline/carriage return, DEL, C1 controls, and the
# code points XML 1.0 forbids (lone surrogates, U+FFFE, U+FFFF).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None) -> str:
    """Return ``value`` with control and XML-forbidden characters removed.

    Line breaks are normalised to ``\\n``; everything else (accents, Welsh,
    right-to-left text, emoji) is kept as it is, in NFC form.
    """
    if not value:
        return ""
    if value.isascii() and value.isprintable():  # printable ASCII: nothing to remove or normalise
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(value: str | None) -> str:
    """Like :func:`clean_text` but folds line breaks and tabs into spaces."""
    return " ".join(clean_text(value).split())

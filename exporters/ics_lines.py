"""iCalendar content lines (RFC 5545): text escaping, parameter values, folding.

:mod:`exporters.ics` writes every calendar file, an invitation or a feed of
thousands of meetings, as a list of unfolded content lines
(``NAME;PARAM=VALUE:value``) and hands them to :func:`calendar_bytes`. The
rules here produce the same bytes the icalendar library writes for the same
properties (tests compare the two), except that a backslash followed by
``N`` in the text is kept as it is: icalendar turns it into a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

CRLF = b"\r\n"
# Octets of content on one line. A continuation line starts with a space, so
# no line is longer than 75 octets without its CRLF.
_LINE_OCTETS = 74
# A parameter value holding one of these goes in double quotes (RFC 5545 3.2).
_QUOTABLE = re.compile("[,;:\u2019]")


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    # Each replacement only when its character is there: most values need one or two of them.
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if ";" in value:
        value = value.replace(";", "\\;")
    if "," in value:
        value = value.replace(",", "\\,")
    if "\r" in value:
        value = value.replace("\r\n", "\\n").replace("\r", "\\n")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    return value


def parameter(value: str, *, quote_if: str = "") -> str:
    """A parameter value: RFC 6868 escapes (``^^``, ``^n``, ``^'`` for a double quote), quoted when
    it holds ``,`` ``;`` ``:`` (which would end it) or any character of ``quote_if``."""
    quote = any(char in value for char in quote_if)
    value = (value.replace("^", "^^").replace("\r\n", "^n").replace("\r", "^n").replace("\n", "^n")
             .replace('"', "^'"))
    return f'"{value}"' if quote or _QUOTABLE.search(value) else value


def utc_stamp(moment: datetime) -> str:
    """A UTC DATE-TIME value, e.g. ``20260105T093015Z`` (``moment`` is already in UTC)."""
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"


def local_time(moment: datetime) -> str:
    """A DATE-TIME value without a zone, for use with a TZID parameter: ``20260113T100000``."""
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded (RFC 5545 3.1): CRLF and a space after every 74 octets
    at most, never inside a UTF-8 character and never right after a backslash or caret (so that
    an escape such as ``\\,`` or ``^n`` stays on one line for readers that unfold badly)."""
    data = line.encode("utf-8")
    return data if len(data) <= _LINE_OCTETS else _fold(data)


def _fold(data: bytes) -> bytes:
    parts = []
    start, size = 0, len(data)
    while size - start > _LINE_OCTETS:
        cut = start + _LINE_OCTETS
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: the cut would split a character
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def calendar_bytes(lines: Iterable[str]) -> bytes:
    """The file: every line folded and ended with CRLF."""
    encoded = [line.encode("utf-8") for line in lines]
    return CRLF.join([data if len(data) <= _LINE_OCTETS else _fold(data) for data in encoded]) + CRLF

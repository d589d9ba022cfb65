"""A small TOML writer for arrangements documents (the standard library only reads TOML).

Handles what an arrangements file holds: a top-level table of sections, each
a table or an array of tables; values are strings, integers, booleans, dates,
lists and inline tables. Lists of tables inside an array entry (a meeting's
``items``, an item's ``actions``) become nested ``[[a.b]]`` headers; other
lists of tables are written inline.
"""

from __future__ import annotations

from datetime import date
from typing import Any

NESTED = {"meetings": ("items",), "meetings.items": ("actions",)}
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() and name.isascii() else _string(name)


def value(item: Any) -> str:
    """One TOML value."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return repr(item)
    if isinstance(item, date):
        return item.isoformat()
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{_key(k)} = {value(v)}" for k, v in item.items()) + " }" if item else "{}"
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"cannot write {type(item).__name__} as TOML")


def _table(lines: list[str], path: str, table: dict[str, Any]) -> None:
    nested = NESTED.get(path, ())
    for key, item in table.items():
        if key not in nested:
            lines.append(f"{_key(key)} = {value(item)}")
    for key in nested:
        for entry in table.get(key, ()):
            lines.append(f"\n[[{path}.{key}]]")
            _table(lines, f"{path}.{key}", entry)


def dumps(doc: dict[str, Any]) -> str:
    """The document as TOML text."""
    lines: list[str] = []
    for section, content in doc.items():
        if isinstance(content, dict):
            lines.append(f"[{section}]")
            _table(lines, section, content)
            lines.append("")
        else:
            for entry in content:
                lines.append(f"[[{section}]]")
                _table(lines, section, entry)
                lines.append("")
    return "\n".join(lines) + "\n"

"""`--json` output: the text ``json.dumps(value, indent=2, ensure_ascii=False,
default=str)`` gives, written faster, with terminal-unsafe characters escaped.

Python encodes indented JSON in pure Python; a long listing (thousands of
actions) spends much of its time there. :func:`json_text` writes the same
text, byte for byte, using the C string encoder for each value; anything it
does not know (a key that is not a string, a float) goes to ``json.dumps``.
"""

from __future__ import annotations

import json
import re
import sys
from json.encoder import encode_basestring  # type: ignore[attr-defined]  (the C encoder when available)
from typing import Any

from models.text import BIDI_CONTROLS

# Characters JSON leaves as they are but a terminal acts on (C1 controls, bidi
# controls, line and paragraph separators); written as \\uXXXX escapes, the
# values read back the same.
JSON_UNSAFE = re.compile("[\u0080-\u009f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")
INDENT = "  "


class _Unusual(Exception):
    """A value the fast writer leaves to json.dumps."""


_SCALARS: dict[type, Any] = {
    str: encode_basestring,
    type(None): lambda value: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
}


def _write(value: Any, pad: str, out: list[str]) -> None:
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        out.append(scalar(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + INDENT
        out.append("{")
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            out.append(("\n" if first else ",\n") + inner + encode_basestring(key) + ": ")
            first = False
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                out.append(scalar(item))
            else:
                _write(item, inner, out)
        out.append("\n" + pad + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = pad + INDENT
        out.append("[")
        first = True
        for item in value:
            out.append(("\n" if first else ",\n") + inner)
            first = False
            _write(item, inner, out)
        out.append("\n" + pad + "]")
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is True or value is False:
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        raise _Unusual
    else:
        out.append(encode_basestring(str(value)))  # default=str


def json_text(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=str)``, faster."""
    out: list[str] = []
    try:
        _write(value, "", out)
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return "".join(out)


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, with terminal-unsafe characters as \\uXXXX escapes."""
    sys.stdout.write(JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text(value)) + "\n")

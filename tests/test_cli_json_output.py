"""`--json` text: the fast writer gives exactly what json.dumps(indent=2, ensure_ascii=False,
default=str) gives, so the output every command prints stays the same, byte for byte."""

from __future__ import annotations

import json
from datetime import date
from enum import IntEnum

from tui.cli.output import json_text


class Level(IntEnum):
    HIGH = 3


VALUES = [
    [],
    {},
    [{}],
    {"a": []},
    "plain",
    None,
    True,
    0,
    -17,
    2**70,
    Level.HIGH,
    1.5,
    float("nan"),
    {"nested": {"list": [1, "two", None, False, {"deep": ["é", "\u202e", "\x1b[31m", 'quote " and \\ back']}]}},
    [{"reference": "EXEC-2026-004", "due": date(2026, 3, 10), "overdue": True,
      "latest_update": {"on": "2026-03-01", "note": "line one\nline two\ttab", "by": None}, "version": 2}],
    ("a", "tuple"),
    {1: "int key"},
    {"date": date(2026, 1, 2), "set": {"x"} and "x"},
    ["\u2028\u2029", "\x85", "日本語"],
]


def test_the_same_text_as_json_dumps():
    for value in VALUES:
        assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False, default=str), value


def test_a_value_json_cannot_write_is_written_as_text():
    class Thing:
        def __str__(self) -> str:
            return "a thing"

    assert json_text({"x": Thing()}) == '{\n  "x": "a thing"\n}'

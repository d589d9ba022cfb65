"""Where calendar files go: readable, safe file names, and the folder for one file per meeting."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from exporters.files import ExportError
from exporters.ics_timezone import london_time
from exporters.text import clean_line
from models.views import MeetingView

# Characters Windows, macOS or Linux refuse (or misread) in a file name.
_UNSAFE_FILENAME = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME_BYTES = 150


def _safe_name(text: str) -> str:
    name = _UNSAFE_FILENAME.sub("-", clean_line(text))
    name = " ".join(name.split()).strip(" .")
    encoded = name.encode("utf-8")[:_MAX_NAME_BYTES]
    return encoded.decode("utf-8", errors="ignore").strip(" .")


def invite_filename(meeting: MeetingView) -> str:
    """File name for one meeting's invite, e.g. "2026-01-13 Executive Group.ics"."""
    body = _safe_name(meeting.body) or "Meeting"
    return f"{london_time(meeting.start).date().isoformat()} {body}.ics"


def folder_names(meetings: Sequence[MeetingView]) -> list[str]:
    """One distinct file name per meeting (time, then id, added only when needed)."""
    names = [invite_filename(m) for m in meetings]
    for pass_ in ("time", "id"):
        counts: dict[str, int] = {}
        for name in names:
            counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
        for index, meeting in enumerate(meetings):
            if counts[names[index].casefold()] < 2:
                continue
            stem = names[index][: -len(".ics")]
            if pass_ == "time":
                day, _, body = stem.partition(" ")
                stem = f"{day} {london_time(meeting.start):%H%M} {body}"
            else:
                stem = f"{stem} ({meeting.id})"
            names[index] = f"{stem}.ics"
    return names


def output_folder(output: Path) -> tuple[Path, bool]:
    """The folder for one-file-per-meeting output, created if missing."""
    if output.is_dir():
        return output, False
    if output.exists():
        raise ExportError(f"{str(output)!r} is a file, but these invitations go into a folder, one file per meeting.")
    try:
        output.mkdir()
    except FileNotFoundError as exc:
        raise ExportError(f"The folder {str(output.parent)!r} does not exist.") from exc
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {str(output)!r}: {exc.strerror}.") from exc
    return output, True


def is_folder(output: str | Path) -> bool:
    """Whether the user named a folder: an existing one, or a path ending in a slash."""
    text = str(output)
    return text.endswith(("/", os.sep)) or Path(text).expanduser().is_dir()

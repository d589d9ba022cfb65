"""The schema head read from the migration files without importing Alembic,
so that opening an up-to-date database (every start-up) does not pay for it.

``models.db`` asks Alembic whenever this cannot tell (not one simple chain).
"""

from __future__ import annotations

import re
from pathlib import Path

VERSIONS = Path(__file__).with_name("migrations") / "versions"

_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(None|'[^'\n]*'|"[^"\n]*")\s*$""", re.M)


def head_from_files() -> str | None:
    """The head revision read from the migration files without importing
    Alembic (a quick check at start-up). None when the files are not one
    simple chain: Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue  # not a migration (__init__.py)
        if found["revision"] == "None" or "down_revision" not in found:
            return None
        revisions.add(found["revision"][1:-1])
        if found["down_revision"] != "None":
            parents.add(found["down_revision"][1:-1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None

"""The meeting workspace: what a business manager does to one meeting.

Plain functions over a Session (the caller's transaction, one per user
change): create and reschedule meetings (:mod:`.calendar`), prepare the
agenda (:mod:`.agenda`), take attendance and declarations
(:mod:`.attendance`), write minutes, resolutions and actions and approve
them (:mod:`.minutes`), and read a meeting whole (:mod:`.record`).

Every change is audited (models.audit) and, where the user edited a record
they had read, version-checked through models.editing.apply_changes, so
another officer's change is reported, never overwritten.
"""

from models.meetings.common import (
    AGENDA_STATUSES,
    ITEM_STATES,
    MINUTES_STATUSES,
    PURPOSES,
    SOURCES,
    NeedsConfirmation,
)

__all__ = ["AGENDA_STATUSES", "ITEM_STATES", "MINUTES_STATUSES", "PURPOSES", "SOURCES", "NeedsConfirmation"]

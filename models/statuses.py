"""The fixed lists of statuses and capacities (the contract's vocabulary).

Kept in a module of their own, with nothing else, so that the rules and the
quick read-only paths can use them without building every view class;
:mod:`models.views` re-exports them.
"""

MEETING_STATUSES = ("planned", "confirmed", "held", "cancelled", "postponed")
ATTENDANCE_STATUSES = ("present", "apologies", "absent", "deputy")
ACTION_STATUSES = ("open", "in_progress", "completed", "cancelled")
OPEN_ACTION_STATUSES = ACTION_STATUSES[:2]  # still to be done
CLOSED_ACTION_STATUSES = ACTION_STATUSES[2:]
CAPACITIES = ("chair", "member", "adviser", "participant_observer", "officer")
ITEM_PURPOSES = ("decision", "assurance", "information")

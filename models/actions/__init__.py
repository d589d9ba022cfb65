"""The action log as a working tool: add, update (one or several), escalate.

Textual-free commands over a session (the caller's one transaction):

- :func:`add_action`, :func:`update_action`, :func:`bulk_update` (models.actions.edit)
- :func:`escalate_action`, :func:`escalate_concern`, :func:`escalations_for`
  (models.actions.escalation)
- :func:`filter_actions` (models.actions.listing): the log with the filters of
  the Actions area and ``convenor actions``, each written once as SQL text in
  :mod:`models.action_read`.
- ``models.actions.window``: the Actions area's pages (``count_actions``,
  ``action_window``), filtered the same way.
"""

from models.actions.common import STATUSES, ActionProblem, find_action
from models.actions.edit import UNCHANGED, Updated, add_action, bulk_update, update_action
from models.actions.escalation import (
    Escalation,
    body_parents,
    escalate_action,
    escalate_concern,
    escalations_for,
)
from models.actions.listing import ActionFilter, check_filter, describe_filter, filter_actions

__all__ = [
    "STATUSES", "UNCHANGED", "ActionFilter", "ActionProblem", "Escalation", "Updated",
    "add_action", "body_parents", "bulk_update", "check_filter", "describe_filter", "escalate_action", "escalate_concern", "escalations_for",
    "filter_actions", "find_action", "update_action",
]

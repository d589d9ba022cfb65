"""indexes for the Actions area's pages

The Actions area reads one window of the action log at a time, filtered and
ordered in SQL. A body's log (its own actions and those escalated to it) and
an owner's actions are read in due-date order (``ix_action_body_id_due``,
``ix_action_escalated_to_body_id_due``, ``ix_action_owner_id_due``).

Revision ID: 0007_action_sorts
Revises: 0006
Create Date: 2026-11-26 03:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0007_action_sorts'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_body_id_due', ['body_id', 'due'], unique=False)
        batch_op.create_index('ix_action_escalated_to_body_id_due', ['escalated_to_body_id', 'due'], unique=False)
        batch_op.create_index('ix_action_owner_id_due', ['owner_id', 'due'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_owner_id_due')
        batch_op.drop_index('ix_action_escalated_to_body_id_due')
        batch_op.drop_index('ix_action_body_id_due')

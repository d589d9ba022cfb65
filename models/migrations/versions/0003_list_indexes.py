"""indexes on the columns lists filter and sort by

The meeting view and the calendar feed find an agenda item's actions by
``action.item_id``; a person's actions and attendance by ``owner_id`` and
``attendance.person_id``; the outstanding and overdue lists filter by status
and sort by due date (``ix_action_status_due``); the meetings list filters by
status; a person's bodies by ``bodymember.person_id``. (Agenda items by meeting
and position, updates by action and references by prefix already have indexes:
the unique constraints and ``ix_actionupdate_action_id``.)

Revision ID: 0003_list_indexes
Revises: 0005
Create Date: 2026-11-25 23:53:11.600368
"""

from __future__ import annotations

from alembic import op


revision = '0003_list_indexes'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_action_status_due', ['status', 'due'], unique=False)

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('bodymember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bodymember_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_status'))

    with op.batch_alter_table('bodymember', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bodymember_person_id'))

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_person_id'))

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_status_due')
        batch_op.drop_index(batch_op.f('ix_action_owner_id'))
        batch_op.drop_index(batch_op.f('ix_action_item_id'))

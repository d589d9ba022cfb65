"""the meeting workspace: agenda issue, item purpose/source/state/papers, declarations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Columns are only added (never a table rebuilt), so SQLite keeps every row: a rebuild
    # would drop the old table, and with foreign keys on that cascades to its children.
    op.create_table(
        'declaration',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('nature', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['agendaitem.id'], name=op.f('fk_declaration_item_id_agendaitem'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_declaration_meeting_id_meeting'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_declaration_person_id_person'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration')),
    )
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_meeting_id'), ['meeting_id'], unique=False)

    op.add_column('meeting', sa.Column('agenda_issued_on', sa.Date(), nullable=True))
    op.add_column('meeting', sa.Column('agenda_revised', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('agendaitem', sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('agendaitem', sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('agendaitem', sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                          server_default='listed'))
    op.add_column('agendaitem', sa.Column('papers', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('agendaitem', sa.Column('carried_from_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('agendaitem', schema=None) as batch_op:
        batch_op.drop_column('carried_from_id')
        batch_op.drop_column('papers')
        batch_op.drop_column('state')
        batch_op.drop_column('source')
        batch_op.drop_column('purpose')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('agenda_revised')
        batch_op.drop_column('agenda_issued_on')

    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_meeting_id'))

    op.drop_table('declaration')

"""policy stacking: county-level policies, land prices of carriers

Revision ID: 0004_policy_stacking
Revises: 0003_park_geography
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_policy_stacking"
down_revision: str | None = "0003_park_geography"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("county", sa.String(length=64), nullable=True))
    with op.batch_alter_table("carrier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("land_price_yuan_m2", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("carrier", schema=None) as batch_op:
        batch_op.drop_column("land_price_yuan_m2")
    with op.batch_alter_table("policy", schema=None) as batch_op:
        batch_op.drop_column("county")

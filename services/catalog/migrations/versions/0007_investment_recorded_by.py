"""investments say who last entered them through the API and when (the account's role, its API key's
id and name): a fund's account records its rounds without a source. Existing rows keep every value;
who entered them before is not known, so their new columns stay null.

Revision ID: 0007_investment_recorded_by
Revises: 0006_investments
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_investment_recorded_by"
down_revision: str | None = "0006_investments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("investment") as batch:
        batch.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("recorded_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("recorded_by_role", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("recorded_by_key_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("investment") as batch:
        batch.drop_column("recorded_by_key_id")
        batch.drop_column("recorded_by_role")
        batch.drop_column("recorded_by")
        batch.drop_column("recorded_at")

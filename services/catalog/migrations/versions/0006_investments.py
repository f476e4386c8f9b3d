"""investments: funds' rounds in companies (a fund's portfolio, a park's funds holding its tenants)

Revision ID: 0006_investments
Revises: 0005_import_jobs
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_investments"
down_revision: str | None = "0005_import_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "investment",
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.String(length=24), nullable=False),
        sa.Column("amount_yuan", sa.Float(), nullable=True),
        sa.Column("share_pct", sa.Float(), nullable=True),
        sa.Column("invested_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("is_generated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fund_id"], ["fund.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fund_id", "company_id", "round", "invested_on"),
    )
    op.create_index(op.f("ix_investment_company_id"), "investment", ["company_id"], unique=False)
    op.create_index(op.f("ix_investment_fund_id"), "investment", ["fund_id"], unique=False)
    op.create_index(op.f("ix_investment_round"), "investment", ["round"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_investment_round"), table_name="investment")
    op.drop_index(op.f("ix_investment_fund_id"), table_name="investment")
    op.drop_index(op.f("ix_investment_company_id"), table_name="investment")
    op.drop_table("investment")

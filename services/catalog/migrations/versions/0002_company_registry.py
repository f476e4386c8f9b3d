"""company registry facts, dated company financials, provider certificates

Revision ID: 0002_company_registry
Revises: 0001
Create Date: 2026-12-05 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_company_registry"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows already stored get an empty list of notes.
EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.add_column(sa.Column("founded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("website", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("registered_address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("registered_address_source", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("office_address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("office_lng_bd09", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("office_lat_bd09", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("registry_source", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("registry_as_of", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("data_notes", sa.JSON(), nullable=False, server_default=EMPTY_LIST))

    with op.batch_alter_table("provider", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certificate_level", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("certificate_no", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("lng_bd09", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("lat_bd09", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("data_notes", sa.JSON(), nullable=False, server_default=EMPTY_LIST))

    op.create_table(
        "company_financial",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("total_assets_yuan", sa.Float(), nullable=True),
        sa.Column("liquid_assets_yuan", sa.Float(), nullable=True),
        sa.Column("fixed_assets_yuan", sa.Float(), nullable=True),
        sa.Column("revenue_yoy_pct", sa.Float(), nullable=True),
        sa.Column("profit_yoy_pct", sa.Float(), nullable=True),
        sa.Column("gross_margin_pct", sa.Float(), nullable=True),
        sa.Column("net_margin_pct", sa.Float(), nullable=True),
        sa.Column("eps_yuan", sa.Float(), nullable=True),
        sa.Column("book_value_per_share_yuan", sa.Float(), nullable=True),
        sa.Column("pe", sa.Float(), nullable=True),
        sa.Column("pb", sa.Float(), nullable=True),
        sa.Column("shareholders", sa.Integer(), nullable=True),
        sa.Column("not_reported", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("is_generated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "as_of"),
    )
    with op.batch_alter_table("company_financial", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_financial_company_id"), ["company_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("company_financial", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_financial_company_id"))
    op.drop_table("company_financial")

    with op.batch_alter_table("provider", schema=None) as batch_op:
        for name in ("data_notes", "lat_bd09", "lng_bd09", "address", "certificate_no", "certificate_level"):
            batch_op.drop_column(name)

    with op.batch_alter_table("company", schema=None) as batch_op:
        for name in (
            "data_notes",
            "registry_as_of",
            "registry_source",
            "office_lat_bd09",
            "office_lng_bd09",
            "office_address",
            "registered_address_source",
            "registered_address",
            "website",
            "founded_on",
        ):
            batch_op.drop_column(name)

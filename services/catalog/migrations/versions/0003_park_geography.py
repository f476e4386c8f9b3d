"""park geography (province, city, county with adcodes) and located tenancies

Revision ID: 0003_park_geography
Revises: 0002_company_registry
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_park_geography"
down_revision: str | None = "0002_company_registry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("park", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province_code", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("city_code", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("county", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("county_code", sa.String(length=6), nullable=True))
        batch_op.create_index("ix_park_city_code", ["city_code"], unique=False)
        batch_op.create_index("ix_park_county_code", ["county_code"], unique=False)
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("placement_source", sa.String(length=24), server_default="officer", nullable=False)
        )
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("review_status", sa.String(length=16), server_default="unreviewed", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_tenancy_placement_source"), ["placement_source"], unique=False)
    # Tenancies made before placements were recorded: the demo generator's, or entered by hand.
    op.execute("UPDATE tenancy SET placement_source = 'generated' WHERE is_generated")


def downgrade() -> None:
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenancy_placement_source"))
        batch_op.drop_column("review_status")
        batch_op.drop_column("address")
        batch_op.drop_column("confidence")
        batch_op.drop_column("placement_source")
    with op.batch_alter_table("park", schema=None) as batch_op:
        batch_op.drop_index("ix_park_county_code")
        batch_op.drop_index("ix_park_city_code")
        batch_op.drop_column("county_code")
        batch_op.drop_column("county")
        batch_op.drop_column("city_code")
        batch_op.drop_column("province_code")

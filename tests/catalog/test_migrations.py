from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from services.catalog.models import Base
from shared.settings import Settings


def test_migrations_match_the_models(catalog_settings: Settings) -> None:
    """The Alembic migrations (already applied by the fixture) build exactly the ORM's schema."""
    engine = create_engine(catalog_settings.sqlalchemy_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []

"""Bring a database to the newest schema with Alembic (the same migrations on SQLite and PostgreSQL)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from shared.settings import Settings
from shared.storage import private_sqlite

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def alembic_config(settings: Settings) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", settings.sqlalchemy_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    private_sqlite(settings.sqlalchemy_url)
    command.upgrade(alembic_config(settings), revision)

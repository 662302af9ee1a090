"""`python -m masthead.operations.database_ensure postgres://…/name`: create the database
if missing."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def database_ensure(url: str) -> bool:
    """True when the database had to be created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


if __name__ == "__main__":
    for url in sys.argv[1:]:
        if database_ensure(url):
            print(f"created database {urlsplit(url).path.lstrip('/')}")

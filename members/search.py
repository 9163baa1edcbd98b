"""Word-form-aware directory search on a full-text index over each member's lemmas.

`Member.search_text` holds the lemmas (see `core.textnorm`); the database indexes that column:
SQLite with an FTS5 table kept in step by triggers, PostgreSQL with a stored, generated
'simple' tsvector column (no stemming: the words are already lemmas) under a GIN index. The
stored column matters: an expression index would recompute the vector of every matching row.
A query's words are lemmatised the same way and each must begin a word of the profile, so
"гончара" finds "гончарная".
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from core.textnorm import search_terms
from members.models import Member


def query_terms(text: str) -> list[str]:
    # Lemmas are letters and digits only, so they are safe inside the quoted query syntax.
    return list(dict.fromkeys(term for term in search_terms(text) if term.isalnum()))


def filter_by_text(members: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Return the members whose lemmas start with every word of the query."""
    terms = query_terms(text)
    if not terms:
        return members
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{term}':*" for term in terms)
        return members.filter(
            RawSQL(
                "members_member.search_vector @@ to_tsquery('simple', %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
    match = " AND ".join(f'"{term}"*' for term in terms)
    return members.filter(
        id__in=RawSQL(
            "SELECT rowid FROM members_member_fts WHERE members_member_fts MATCH %s", [match]
        )
    )


SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE members_member_fts USING fts5("
    "search_text, content='members_member', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER members_member_fts_insert AFTER INSERT ON members_member BEGIN "
    "INSERT INTO members_member_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER members_member_fts_delete AFTER DELETE ON members_member BEGIN "
    "INSERT INTO members_member_fts(members_member_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER members_member_fts_update AFTER UPDATE OF search_text ON members_member "
    "BEGIN INSERT INTO members_member_fts(members_member_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO members_member_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO members_member_fts(members_member_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS members_member_fts_update",
    "DROP TRIGGER IF EXISTS members_member_fts_delete",
    "DROP TRIGGER IF EXISTS members_member_fts_insert",
    "DROP TABLE IF EXISTS members_member_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE members_member ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX members_member_search_gin ON members_member USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS members_member_search_gin",
    "ALTER TABLE members_member DROP COLUMN IF EXISTS search_vector",
]

"""The store: strategies, revisions, KPI reference data, actuals, review and audit.

SQLAlchemy 2 tables with Alembic migrations; SQLite by default, PostgreSQL by URL. Service
functions take the session as their first argument and keyword-only arguments after it; they
never commit — the caller's transaction (`db.transaction`) is the boundary.
"""

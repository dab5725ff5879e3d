"""The web app (FastAPI, server-rendered pages, JSON API). `create_app()` builds it."""

from .app import create_app

__all__ = ["create_app"]

"""The web app and JSON API (issue 6): thin shells over the same core as the CLI. See docs/web.md."""

from armswatch.web.app import create_app

__all__ = ["create_app"]

"""The ASGI app: ``create_app(db_path)`` wires the routers, templates, static files and errors.

Pages are rendered on the server; JavaScript and CSS come from the package (plotly.min.js from the
installed plotly package), never from a CDN, so the app works offline. /docs is rendered from the
OpenAPI document (FastAPI's default page would load Swagger UI from a CDN).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import armswatch
from armswatch.review.links import http_url
from armswatch.terms import TERMS
from armswatch.web import errors
from armswatch.web.database import WebDatabase
from armswatch.web.headers import SecurityHeaders
from armswatch.web.limits import BodyLimit

HERE = Path(__file__).parent


def plotly_js() -> Path:
    return Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


def create_app(db_path: str | Path | None = None) -> FastAPI:
    app = FastAPI(title="armswatch", version=armswatch.__version__, docs_url=None, redoc_url=None,
                  description="JSON API over SIPRI's Arms Transfers Database: the same filters and "
                  f"JSON shapes as the armswatch CLI. {armswatch.ATTRIBUTION}.")
    app.state.web = WebDatabase(db_path)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals["ATTRIBUTION"] = armswatch.ATTRIBUTION
    app.state.templates.env.globals["TERMS"] = TERMS  # SIPRI's terms in every footer (issue 20)
    app.state.templates.env.filters["http_url"] = http_url  # links only to http(s) (links.py)
    errors.install(app)
    from armswatch.web import api_analytics, api_evidence, api_register, diff, pages, spending

    for module in (api_register, api_analytics, api_evidence, diff, pages):
        app.include_router(module.router)
    app.include_router(spending.api)
    app.include_router(spending.pages)

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def _plotly(request: Request) -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> FileResponse:  # browsers ask for it whatever the page links
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(BodyLimit)
    app.add_middleware(errors.CatchAll)        # outside BodyLimit: it answers what escapes
    app.add_middleware(SecurityHeaders)        # outermost: error pages get the headers too
    app.router.on_shutdown.append(app.state.web.close)
    return app

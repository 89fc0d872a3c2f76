"""The server-rendered pages: overview, country, pair, search, check, review queue, sign-in, /docs.

Each route parses the URL (all state lives there, so links are shareable), calls one view or core
function and renders a template. Forms post with an anti-forgery token (auth.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from armswatch.errors import UsageError
from armswatch.parties import registry
from armswatch.register.releases import current_release
from armswatch.review import store
from armswatch.web import api_examples, auth, views
from armswatch.reconcile.extraction import possible_claims
from armswatch.web.checking import annotate, checker, text_document, upload_documents
from armswatch.web.deps import (RELEASE, country_series, page_writer, read_con, table_view, web,
                                writing)
from armswatch.web.responses import attribution
from armswatch.web.tables import TableView

router = APIRouter(include_in_schema=False)  # security headers: headers.py, on every page


CSRF_SLOT = "__armswatch_csrf__"  # cached pages are rendered once; each answer fills in its token
USER_SLOT = "__armswatch_user__"  # ... and who is signed in (issue 19)


def _html(request: Request, con, template: str, **context) -> str:
    """A page rendered with the anti-forgery slot, SIPRI's attribution and the release."""
    source = attribution(current_release(con))
    signed_in = bool(request.cookies.get(auth.TOKEN_COOKIE))
    return request.app.state.templates.get_template(template).render(
        request=request, csrf=CSRF_SLOT, user_slot=USER_SLOT, signed_in=signed_in, source=source,
        **context)


def _answer(request: Request, html: str, status_code: int = 200) -> HTMLResponse:
    csrf = auth.csrf_value(request)
    if USER_SLOT in html:
        with web(request).reader() as con:
            html = html.replace(USER_SLOT, escape(auth.signed_in_as(con, request)))
    response = HTMLResponse(html.replace(CSRF_SLOT, csrf), status_code=status_code)
    if request.cookies.get(auth.CSRF_COOKIE) != csrf:
        _cookie(request, response, auth.CSRF_COOKIE, csrf)
    return response


def _cookie(request: Request, response, name: str, value: str) -> None:
    """Cookies only this site's own top-level pages send back, never readable by script."""
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def render(request: Request, template: str, con, **context) -> HTMLResponse:
    return _answer(request, _html(request, con, template, **context))


def cached_page(request: Request, key: tuple, template: str, build) -> HTMLResponse:
    """A page whose content depends only on the URL (and sign-in): rendered once per generation."""
    signed_in = bool(request.cookies.get(auth.TOKEN_COOKIE))
    html = web(request).cached(("page", template, signed_in, *key),
                               lambda con: _html(request, con, template, **build(con)))
    return _answer(request, html)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _data_page(request: Request, release_id: int | None, **context) -> dict[str, object]:
    """A data page's context: its view model and the releases a visitor can switch to (read
    once per database generation)."""
    releases = web(request).cached(("release-choices",), views.release_choices)
    return {**context, "releases": releases, "release_asked": release_id}


@router.get("/")
def overview(request: Request, period: Optional[str] = Query(None, max_length=20),
             release_id: Optional[int] = RELEASE):
    return cached_page(request, ("overview", period, release_id), "overview.html",
                       lambda con: _data_page(request, release_id,
                                              page=views.overview(con, period, release_id)))


SPENDING = re.compile(r"^\s*(?:(?:military\s+)?(?:spending|expenditure)|milex)\s+(?:of\s+|in\s+)?(.+)$|"
                      r"^(.+?)\s+(?:military\s+)?(?:spending|expenditure|milex)\s*$", re.IGNORECASE)


@router.get("/search")
def search(q: str = Query(..., min_length=1, max_length=200)):
    """A party name or alias opens its page; 'Russia -> Burma' opens the pair; 'Burma spending'
    or 'milex Burma' opens its military expenditure."""
    spending = SPENDING.match(q)
    if spending:
        name = registry().resolve((spending.group(1) or spending.group(2)).strip())
        return _see(f"/spending/country/{quote(name)}")
    for arrow in ("→", "->"):
        if arrow in q:
            supplier, recipient = (registry().resolve(p.strip()) for p in q.split(arrow, 1))
            return _see(f"/pair/{quote(supplier)}/{quote(recipient)}")
    return _see(f"/country/{quote(registry().resolve(q.strip()))}")


@router.get("/country/{name}")
def country(request: Request, name: str, role: views.Role = views.Role.imports,
            designation: Optional[str] = Query(None, max_length=200),
            release_id: Optional[int] = RELEASE, table: TableView = Depends(table_view)):
    canonical = registry().resolve(name)
    if canonical != name:  # one shareable address per country
        return _see(str(request.url.replace(path=f"/country/{quote(canonical)}")))
    series = country_series(request, name, release_id)
    return cached_page(request, ("country", name, role.value, designation, release_id, table),
                       "country.html", lambda con: _data_page(
                           request, release_id, designation=designation or "", page=views.country(
                               con, series, role.value, designation, table, release_id)))


@router.get("/pair/{supplier}/{recipient}")
def pair(request: Request, supplier: str, recipient: str, release_id: Optional[int] = RELEASE):
    return cached_page(request, ("pair", supplier, recipient, release_id), "pair.html",
                       lambda con: _data_page(request, release_id, page=views.pair(
                           con, supplier, recipient, release_id)))


@dataclass(frozen=True)
class Article:
    """What the check form holds: the text and what the reader says of it. ``published``
    (YYYY-MM-DD) anchors relative dates ("last year"); all of it is kept when stored."""

    text: str = ""
    title: str = ""
    url: str = ""
    outlet: str = ""
    published: str = ""

    def document(self):
        return text_document(self.text, self.title, self.url, self.outlet, self.published)


PUBLISHED = r"^(\d{4}-\d{2}-\d{2})?$"


def article_form(text: str = Form(""), title: str = Form("", max_length=500),
                 url: str = Form("", max_length=2000), outlet: str = Form("", max_length=200),
                 published: str = Form("", max_length=10, pattern=PUBLISHED)) -> Article:
    return Article(text, title.strip(), url.strip(), outlet.strip(), published.strip())


@router.get("/check")
def check_form(request: Request, con=Depends(read_con)):
    return render(request, "check.html", con, results=None, article=Article())


@router.post("/check")
def check(request: Request, csrf_token: str = Form(""), article: Article = Depends(article_form),
          file: Optional[UploadFile] = File(None), con=Depends(read_con)):
    auth.check_csrf(request, csrf_token)
    if file is not None and file.filename:
        documents, skipped = upload_documents(file.filename, file.file.read())
    elif article.text.strip():
        documents, skipped = [article.document()], []
    else:
        raise UsageError("Paste an article's text or choose a file to check.", field="text")
    checking = checker(web(request), con, None)
    results = [(result, annotate(result, possible_claims(document)))
               for result, document in zip(map(checking.check_document, documents), documents)]
    return render(request, "check.html", con, results=results, skipped=skipped, article=article)


def _store(request: Request, con, article: Article, who: auth.User) -> RedirectResponse:
    result = checker(web(request), con, None).check_document(article.document())
    with writing(request, who) as write_con:
        store.store_checked(write_con, [result], stored_by=who.name)
    return _see("/review?state=pending")


@router.post("/check/store")
def check_store(request: Request, csrf_token: str = Form(""),
                article: Article = Depends(article_form), con=Depends(read_con)):
    """Store a checked article; signed out, the sign-in form carries the article along and
    stores it once the token is accepted (nothing typed is lost; issue 18)."""
    auth.check_csrf(request, csrf_token)
    if not request.cookies.get(auth.TOKEN_COOKIE):
        return render(request, "login.html", con, next="/review?state=pending", pending=article)
    return _store(request, con, article, page_writer(request, "store"))


@router.get("/review")
def review_queue(request: Request, state: Optional[str] = Query("pending", max_length=20)):
    return cached_page(request, ("review", state or None), "review.html",
                       lambda con: {"page": views.review_queue(con, state or None)})


@router.post("/review/{claim_id}")
def review(request: Request, claim_id: str, csrf_token: str = Form(""),
           action: str = Form(...), note: str = Form("", max_length=5000)):
    auth.check_csrf(request, csrf_token)
    who = page_writer(request, "review")
    with writing(request, who) as con:
        store.review(con, claim_id, action, note or None, who.name)  # type: ignore[arg-type]
    return _see("/review?state=pending")


@router.get("/login")
def login_form(request: Request, next: str = Query("/review", max_length=500), con=Depends(read_con)):
    return render(request, "login.html", con, next=auth.safe_next(next), pending=None)


@router.post("/login")
def login(request: Request, csrf_token: str = Form(""), token: str = Form(...),
          next: str = Form("/review"), article: Article = Depends(article_form),
          con=Depends(read_con)):
    """Sign in; with an article carried from "Store for review", store it as well."""
    auth.check_csrf(request, csrf_token)
    user = auth.check_token(con, token)
    response = (_store(request, con, article, auth.allowed(user, "store")) if article.text.strip()
                else _see(auth.safe_next(next)))
    _cookie(request, response, auth.TOKEN_COOKIE, token)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")):
    auth.check_csrf(request, csrf_token)
    response = _see("/")
    response.delete_cookie(auth.TOKEN_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


@router.get("/docs")
async def docs(request: Request):
    """The API reference, rendered from the OpenAPI document (works offline), with an example
    request for every endpoint and the app's own answer to it (api_examples.py)."""
    generation = web(request).generation
    kept = getattr(request.app.state, "docs_answers", None)
    if kept is None or kept[0] != generation:
        kept = request.app.state.docs_answers = (generation, await api_examples.answers(request.app))
    with web(request).reader() as con:
        return render(request, "docs.html", con, spec=request.app.openapi(),
                      examples=api_examples.EXAMPLES, answers=kept[1])

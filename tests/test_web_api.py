"""The JSON API, in process (issue 6): the CLI's shapes, downloads with attribution, the token,
forms' anti-forgery token, and one test pinning the JSON error shape for every error path."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armswatch.cli.main import _register_commands, app as cli_app
from armswatch.web import create_app
from armswatch.web.auth import create_token
from armswatch.web.limits import UPLOAD_LIMIT

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "Source: SIPRI Arms Transfers Database (c) SIPRI"
# Written for these tests: one claim the register documents, one it does not.
ARTICLE = ("Myanmar received 6 Su-30 fighter aircraft from Russia in 2022, the junta said.\n"
           "Russia delivered 40 T-90 tanks to Myanmar in 2021, according to the ministry.")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    application = create_app(path)
    with application.state.web.writer() as con:
        token = create_token(con, "tester").token
    with TestClient(application) as client:
        yield client, token, path


@pytest.fixture(scope="module")
def client(served):
    return served[0]


@pytest.fixture(scope="module")
def token(served):
    return served[1]


def _cli_json(path: Path, *args: str) -> object:
    _register_commands()
    result = CliRunner().invoke(cli_app, ["--db", str(path), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_deals_are_the_cli_json(served):
    client, _, path = served
    response = client.get("/api/deals", params={"supplier": "Russia", "recipient": "Burma",
                                                "from": 2010, "to": 2024})
    assert response.status_code == 200
    assert response.json() == _cli_json(path, "deals", "--supplier", "Russia", "--recipient",
                                        "Burma", "--from", "2010", "--to", "2024", "--format", "json")
    assert response.headers["x-attribution"].startswith(SOURCE)


def _newest(client) -> str:
    """The release id of SIPRI's 2026 per-year deliveries (to 2025): the API's default."""
    return next(str(r["release_id"]) for r in client.get("/api/releases").json()
                if r["file_name"].startswith("deliveries-by-year"))


def test_flows_and_factsheet_are_the_cli_json(served):
    client, _, path = served
    flows = client.get("/api/flows?recipient=Myanmar&from=2014&to=2019&by=supplier").json()
    assert flows == _cli_json(path, "flows", "--recipient", "Myanmar", "--from", "2014", "--to",
                              "2019", "--by", "supplier", "--release", _newest(client),
                              "--format", "json")
    assert {"China", "Russia"} <= {row["supplier"] for row in flows[:3]}
    sheet = client.get("/api/factsheet?period=2020-24&top=5").json()
    assert sheet == _cli_json(path, "factsheet", "--period", "2020-24", "--top", "5", "--release",
                              _newest(client), "--format", "json")


def test_the_api_opens_on_the_newest_data(client):
    """Issue 18: with the bundle, SIPRI's 2026 deliveries (to 2025) and the latest complete
    five-year period, which reproduce SIPRI's March 2026 fact sheet (United States 42% of
    exports, Ukraine the largest importer); a period past the data is refused with its years."""
    sheet = client.get("/api/factsheet?top=1").json()
    assert sheet["period"] == [2021, 2025] and sheet["release"].startswith("release ")
    assert "deliveries-by-year" in sheet["release"]
    assert round(sheet["exporters"][0]["share"]) == 42 and sheet["importers"][0]["party"] == "Ukraine"
    register = next(r["release_id"] for r in client.get("/api/releases").json()
                    if r["file_name"].startswith("trade-register"))
    refused = client.get(f"/api/factsheet?period=2021-2025&release={register}")
    assert refused.status_code == 422 and "covers 1950-2024" in refused.json()["error"]["message"]
    assert refused.json()["error"]["field"] == "period"


def test_csv_and_parquet_downloads_carry_the_attribution(client):
    csv = client.get("/api/deals?supplier=Russia&recipient=Myanmar&format=csv")
    assert csv.text.startswith('"deal_id","supplier","recipient"')  # a spreadsheet's header row
    assert unquote(csv.headers["x-attribution"]).startswith(f"{SOURCE}. release ")
    assert "attachment" in csv.headers["content-disposition"]
    packed = client.get("/api/deals?supplier=Russia&recipient=Myanmar&format=zip")
    with zipfile.ZipFile(io.BytesIO(packed.content)) as archive:
        assert archive.namelist() == ["deals.csv", "sources.txt"]
        assert archive.read("deals.csv").decode() == csv.text
        assert archive.read("sources.txt").decode().startswith(f"{SOURCE}. release ")
    parquet = client.get("/api/deliveries?supplier=Russia&recipient=Myanmar&format=parquet")
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.schema.metadata[b"attribution"].decode().startswith(SOURCE)
    assert table.column_names[:4] == ["deal_id", "supplier", "recipient", "year"]


def test_parties_resolve_aliases(client):
    assert client.get("/api/parties/Burma").json()["name"] == "Myanmar"
    assert client.get("/api/parties/Turkey").json()["name"] == "Turkiye"


def test_country_and_pair_views(client):
    country = client.get("/api/countries/Burma").json()
    assert country["party"]["name"] == "Myanmar"
    suppliers = {row["main_supplier"] for row in country["dependence"]}
    assert {"China", "Russia"} & suppliers
    pair = client.get("/api/pairs/Russia/Myanmar").json()
    assert {item["kind"] for item in pair["timeline"]} >= {"order", "delivery"}
    assert pair["attribution"].startswith(SOURCE)


def test_check_store_and_review_need_the_token(client, token):
    checked = client.post("/api/check", json={"text": ARTICLE}).json()
    # the learned extractor may also read an order beside each delivery (issue 15): the
    # deliveries' verdicts are the ones the register settles
    verdicts = {(c["weapon"], c["status"]): c for c in checked["claims"]}
    assert verdicts[("Su-30", "delivered")]["verdict"] == "documented"
    assert verdicts[("T-90", "delivered")]["verdict"] == "undocumented"
    assert client.post("/api/check", json={"text": ARTICLE, "store": True}).status_code == 401
    auth = {"Authorization": f"Bearer {token}"}
    stored = client.post("/api/check", json={"text": ARTICLE, "store": True}, headers=auth).json()
    assert stored["stored"]["claims_new"] == len(checked["claims"])
    claim_id = verdicts[("T-90", "delivered")]["claim_id"]
    assert client.post(f"/api/claims/{claim_id}/review", json={"action": "reject"}).status_code == 401
    decision = client.post(f"/api/claims/{claim_id}/review", json={"action": "reject", "note": "no"},
                           headers=auth).json()
    assert (decision["action"], decision["reviewer"], decision["note"]) == ("reject", "tester", "no")
    shown = client.get(f"/api/claims/{claim_id}").json()
    assert shown["state"] == "rejected" and len(shown["history"]) == 1
    assert client.get("/api/documents").json()[0]["claims"] == len(checked["claims"])


def test_forms_need_the_anti_forgery_token(client):
    page = client.get("/check", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = client.post("/check", data={"text": ARTICLE, "csrf_token": csrf},
                     headers={"accept": "text/html", "Origin": "http://testserver"})
    assert ok.status_code == 200 and 'class="claim verdict-documented"' in ok.text
    forged = client.post("/check", data={"text": ARTICLE, "csrf_token": "forged"},
                         headers={"Origin": "http://testserver"})
    assert forged.json()["error"] == {
        "code": "csrf-failed", "field": "csrf_token", "message": "The form's anti-forgery token is "
        "missing or stale; reload the page and submit again."}


def test_the_check_page_lists_possible_claims_below_the_threshold_apart(client):
    page = client.get("/check", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    # an own sentence whose best reading stays under the transfer model's bar (0.186 since the
    # eighth round's model, which reads the register's timeline of a pair's deals: "... for
    # Poland", a pair the register has trading K2 tanks, now reads 0.36; Romania, not in it, 0.07)
    text = ARTICLE + "\nOfficials discussed K2 tanks for Romania in 2022."
    shown = client.post("/check", data={"text": text, "csrf_token": csrf},
                        headers={"accept": "text/html", "Origin": "http://testserver"}).text
    listed = shown.split('<ol class="verdicts">')[1].split("</ol>")[0]
    checked = [item for item in listed.split("<li ") if 'data-verdict="possible"' not in item]
    assert not any("K2" in item for item in checked)  # not among the checked claims
    assert re.search(r'data-verdict="possible">.*\n<strong>South Korea → Romania: K2 \([a-z ]+, '
                     r'2022\)</strong>, confidence 0\.\d\d: below the threshold, not checked', listed)
    assert re.search(r'<mark class="claim verdict-possible" [^>]*>[^<]*K2[^<]*<sup>\d+</sup></mark>',
                     shown)


def test_the_check_pages_published_date_anchors_relative_dates(client):
    """Issue 18: the check form's published date reaches the extractor ("last year" of an
    article published in June 2023 is 2022); a date not written YYYY-MM-DD is refused by name."""
    page = client.get("/check", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"text": "Russia delivered six Su-30SME fighter jets to Myanmar last year.",
            "csrf_token": csrf, "title": "Jets", "published": "2023-06-01"}
    html = {"accept": "text/html", "Origin": "http://testserver"}
    shown = client.post("/check", data=form, headers=html).text
    assert "Russia → Myanmar: 6 Su-30SME (delivered, 2022)" in shown
    assert 'name="published" type="date" value="2023-06-01"' in shown  # kept in the form
    refused = client.post("/check", data={**form, "published": "June 2023"}, headers=html)
    assert refused.status_code == 422 and "The field: <code>published</code>" in refused.text


def _errors(client, token) -> dict[str, object]:
    bearer = {"Authorization": f"Bearer {token}"}
    return {
        "unknown party": client.get("/api/parties/Burmah"),
        "unknown party in a filter": client.get("/api/deals?recipient=Burmah"),
        "year not a number": client.get("/api/deals?from=abc"),
        "inverted years": client.get("/api/deals?from=2020&to=2010"),
        "unknown category": client.get("/api/flows?category=Lasers"),
        "unknown release": client.get("/api/deals?release=99"),
        "unknown route": client.get("/api/nothing"),
        "wrong method": client.delete("/api/deals"),
        "malformed JSON": client.post("/api/check", content=b"{not json",
                                      headers={"content-type": "application/json"}),
        "missing field": client.post("/api/check", json={"title": "no text"}),
        "oversized upload": client.post("/api/check", json={"text": "x" * (UPLOAD_LIMIT + 1)}),
        "no token": client.post("/api/claims/c0/review", json={"action": "accept"}),
        "unknown token": client.post("/api/claims/c0/review", json={"action": "accept"},
                                     headers={"Authorization": "Bearer nope"}),
        "unknown claim": client.post("/api/claims/c0/review", json={"action": "accept"},
                                     headers=bearer),
        "bad action": client.post("/api/claims/c0/review", json={"action": "maybe"}, headers=bearer),
        "forged form": client.post("/review/c0", data={"action": "accept", "csrf_token": "x"}),
        "refused import": client.post("/api/releases", headers=bearer,
                                      files={"file": ("x.csv", b"not,a,sipri,export\n")}),
    }


EXPECTED = {  # path: (status, code, the detail keys beside code and message)
    "unknown party": (404, "unknown-party", {"party", "suggestions"}),
    "unknown party in a filter": (404, "unknown-party", {"party", "suggestions"}),
    "year not a number": (422, "bad-request", {"field", "problems"}),
    "inverted years": (422, "bad-request", set()),
    "unknown category": (422, "bad-request", {"choices"}),
    "unknown release": (404, "unknown-release", {"release", "choices"}),
    "unknown route": (404, "not-found", {"path"}),
    "wrong method": (405, "method-not-allowed", {"method"}),
    "malformed JSON": (422, "bad-request", {"field", "problems"}),
    "missing field": (422, "bad-request", {"field", "problems"}),
    "oversized upload": (413, "payload-too-large", {"limit_bytes"}),
    "no token": (401, "token-required", set()),
    "unknown token": (401, "token-invalid", set()),
    "unknown claim": (404, "unknown-claim", {"claim_id", "suggestions"}),
    "bad action": (422, "bad-request", {"field", "problems"}),
    "forged form": (403, "csrf-failed", {"field"}),
    "refused import": (422, "import-refused", {"report"}),
}


def test_every_error_path_answers_the_one_json_shape(client, token):
    seen = {}
    for name, response in _errors(client, token).items():
        body = response.json()
        assert list(body) == ["error"], name
        error = body["error"]
        assert isinstance(error.pop("message"), str) and "Traceback" not in response.text, name
        seen[name] = (response.status_code, error.pop("code"), set(error))
    assert seen == EXPECTED


def test_pinned_error_bodies(client):
    assert client.get("/api/parties/Burmah").json() == {"error": {
        "code": "unknown-party", "message": "Unknown party 'Burmah'. Did you mean Myanmar, Burkina Faso?",
        "party": "Burmah", "suggestions": ["Myanmar", "Burkina Faso"]}}
    assert client.post("/api/check", json={"text": "x" * (UPLOAD_LIMIT + 1)}).json() == {"error": {
        "code": "payload-too-large", "limit_bytes": UPLOAD_LIMIT,
        "message": "The upload is over the limit of 1,048,576 bytes (1,024 KiB); send a smaller file."}}
    assert client.get("/api/deals?from=abc").json()["error"]["field"] == "from"
    # the web's words, not the CLI's flags (issue 18)
    assert client.get("/api/deals?from=2020&to=2019").json()["error"]["message"] == (
        "'from' 2020 is after 'to' 2019; swap them.")
    page = client.get("/?period=2024-2020", headers={"accept": "text/html"})
    assert page.status_code == 422 and "<h1>&#39;from&#39; 2024 is after &#39;to&#39; 2020; swap them.</h1>" in page.text


def test_pages_render_with_the_attribution(client):
    for url in ("/", "/country/Myanmar", "/pair/Russia/Myanmar", "/check", "/review", "/docs",
                "/login"):
        page = client.get(url, headers={"accept": "text/html"})
        assert page.status_code == 200, url
        assert SOURCE in page.text, url
        assert "cdn" not in page.text.lower(), url
    assert client.get("/search?q=Burma", follow_redirects=False).headers["location"] == "/country/Myanmar"
    burma = client.get("/spending/country/Burma", follow_redirects=False)
    assert burma.status_code == 303 and burma.headers["location"].endswith("/spending/country/Myanmar")
    unknown = client.get("/country/Burmah", headers={"accept": "text/html"})
    assert unknown.status_code == 404 and 'href="/country/Myanmar"' in unknown.text


def test_openapi_lists_every_endpoint_and_docs_name_them(client):
    spec = client.get("/openapi.json").json()
    from armswatch.web import api_analytics, api_evidence, api_register, diff, spending

    routers = [m.router for m in (api_register, api_analytics, api_evidence, diff)] + [spending.api]
    routes = {(m, r.path) for router in routers for r in router.routes for m in r.methods
              if r.include_in_schema}
    listed = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert routes == listed
    guide = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    for method, path in sorted(listed):
        assert f"`{method} {path}`" in guide, (method, path)


def test_docs_show_an_example_and_its_answer_for_every_endpoint(client):
    """Issue 18: /docs has an example request per endpoint, and the app's own answer to each
    reading one (asked in process, so it cannot drift); every parameter is described."""
    from armswatch.web.api_examples import EXAMPLES

    spec = client.get("/openapi.json").json()
    endpoints = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert endpoints == set(EXAMPLES)
    undescribed = [(p, q["name"]) for p, ops in spec["paths"].items() for op in ops.values()
                   for q in op.get("parameters", []) if not q.get("description")]
    assert undescribed == []
    page = client.get("/docs", headers={"accept": "text/html"}).text
    asked = [k for k, e in EXAMPLES.items() if e.recorded is None]
    assert re.findall(r"Answer: HTTP (\d+)", page) == ["200"] * len(asked)
    assert "&#34;supplier&#34;: &#34;China&#34;,\n  &#34;tiv&#34;: 762.45" in page  # Myanmar 2014-19


def test_openapi_states_enums_formats_bounds_content_types_and_errors(client):
    """Issue 14, finding 11: a client generated from the document sends only what is accepted."""
    spec = client.get("/openapi.json").json()
    deals = {p["name"]: p["schema"] for p in spec["paths"]["/api/deals"]["get"]["parameters"]}
    assert deals["status"]["enum"] == ["New", "Second hand", "Second hand but modernized"]
    assert "Aircraft" in deals["category"]["enum"] and deals["format"]["$ref"].endswith("TableFormat")
    assert deals["limit"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 1_000_000}
    assert deals["from"]["anyOf"][0] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    period = spec["paths"]["/api/factsheet"]["get"]["parameters"][0]["schema"]["anyOf"][0]
    assert [bool(re.fullmatch(period["pattern"], p)) for p in ("2020-2024", "2020-24", "2024", "20-24")] == [
        True, True, True, False]
    by = {p["name"]: p["schema"] for p in spec["paths"]["/api/flows"]["get"]["parameters"]}["by"]
    assert re.fullmatch(by["items"]["pattern"], "year,supplier")
    assert list(spec["paths"]["/api/deals"]["get"]["responses"]["200"]["content"]) == [
        "application/json", "text/csv", "application/vnd.apache.parquet", "application/zip"]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            writes = method == "post" and path != "/api/check/file"
            codes = {"404", "422", "500"} | ({"401", "413"} if writes else set())
            for code in codes:
                assert operation["responses"][code]["content"] == error, (method, path, code)
    review = spec["paths"]["/api/claims/{claim_id}/review"]["post"]["requestBody"]
    body = spec["components"]["schemas"][review["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert sorted(body["properties"]) == ["action", "note", "seen"]   # no reviewer: the token's name


def test_by_takes_both_forms_in_the_api_and_the_cli(served):
    """Issue 14, finding 11: by=year,supplier and by=year&by=supplier, --by year,supplier and
    --by year --by supplier are one grouping."""
    client, _, path = served
    query = "/api/flows?recipient=Myanmar&from=2014&to=2019"
    api = [client.get(f"{query}&{by}").json() for by in ("by=year,supplier", "by=year&by=supplier")]
    cli = [_cli_json(path, "flows", "--recipient", "Myanmar", "--from", "2014", "--to", "2019",
                     *by, "--release", _newest(client), "--format", "json")
           for by in (["--by", "year,supplier"], ["--by", "year", "--by", "supplier"])]
    assert api[0] == api[1] == cli[0] == cli[1]
    assert [(r["year"], r["supplier"]) for r in api[0][:2]] == [(2014, "China"), (2014, "Russia")]

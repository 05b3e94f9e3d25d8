"""Every page as people see it, in headless Chromium (Debian's chromium + chromium-driver), over the real project:
at desktop (1280 px) and phone (390 px) widths, each page must load without a console error, must not scroll
sideways at 390 px, and must pass axe-core (shipped in tests/fixtures/axe-core, MPL-2.0; no network at test time)
without a serious or critical violation. A screenshot of each is kept in $KGRAPH_SCREENSHOTS, or in pytest's
temporary directory; the folder is printed at the end of the run."""

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest
from conftest import ROOT

from tests.e2e.conftest import needs_chromium, start_server, stop_server

AXE = Path(__file__).parent.parent / "fixtures" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RESULTS_QUERY = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?label LIMIT 5"
PAGES = {
    "home": "/",
    "timeline": "/timeline",
    "ontology": "/kgraph/ontology",
    "dumps": "/dumps/",
    "article": "/sources/article?start=169&end=189",
    "person": "/kgraph/id/person/nikol-pashinyan",
    "statement": "/kgraph/id/statement/pashinyan-1in-am-interview-2021-02-23",
    "proposition": "/kgraph/id/proposition/pashinyan-failed-to-use-iskanders-early-in-war",
    "quote": "/kgraph/id/quote/sarkissian-accusation",
    "organisation": "/kgraph/id/org/anama",
    "weapon": "/kgraph/id/weapon/9k720-e",
    "interpretation": "/kgraph/id/interpretation/call-as-retraction",
    # HTML views for browsers where the endpoint offers one (checked below: a page that answers RDF is skipped)
    "service description": "/sparql",
    "void": "/.well-known/void",
    "results": "/sparql?query=" + quote(RESULTS_QUERY),
}

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # the faster engines (a cold build in seconds, not minutes): the pages are what is under test here, and
    # tests/test_robustness_reasoner.py and tests/test_validate.py show that they give the same graph and report
    process, base = start_server(tmp_path_factory.mktemp("pages"), "--reasoner", "rules", "--validator", "rudof",
                                 project=ROOT)
    httpx.get(base + "/dumps/", timeout=300)  # the dumps are written on first request: not within a page load
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory, request):
    folder = Path(os.environ.get("KGRAPH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    request.config.kgraph_screenshots = folder  # printed at the end of the run (tests/e2e/conftest.py)
    return folder


def _serves_html(site: str, path: str) -> bool:
    response = httpx.get(site + path, headers={"Accept": BROWSER_ACCEPT}, timeout=60)
    return response.status_code == 200 and response.headers["content-type"].startswith("text/html")


def _load(browser, url: str, width: int, height: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(width, height)
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")
    if urlsplit(url).path == "/":  # the query editor: wait for YASGUI to have drawn itself
        WebDriverWait(browser, 20).until(lambda b: b.execute_script("return !!window.kgraphYasgui"))


def _axe_violations(browser) -> list[dict]:
    if not browser.execute_script("return !!window.axe"):
        browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
    assert isinstance(result, list), result
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_in_chromium(site, browser, screenshots, page, width):
    path = PAGES[page]
    if page in ("service description", "void", "results") and not _serves_html(site, path):
        pytest.skip(f"{path} has no HTML view for browsers on this branch")
    browser.get_log("browser")  # start each page with an empty console
    _load(browser, site + path, *WIDTHS[width])
    browser.save_screenshot(str(screenshots / f"{page.replace(' ', '-')}-{width}.png"))
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
    if width == "phone":
        sizes = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{path} scrolls sideways at 390 px: {sizes}"
    assert _axe_violations(browser) == []


# ---- what the resource pages and their RDF say (the same server, without the browser) ----

PERSON = "/kgraph/id/person/nikol-pashinyan"


def test_types_are_labels_with_their_prefixed_names_as_hints(site):
    page = httpx.get(site + PERSON, headers={"Accept": BROWSER_ACCEPT}, timeout=60).text
    types = page.split('<ul class="types"', 1)[1].split("</ul>", 1)[0]
    assert types.count("<li") == 2  # "person" and "agent", each standing for the classes of that name
    assert ('<li><a href="/kgraph/ontology#Person">person</a> <small class="curie">'
            '<a href="/kgraph/ontology#Person">kg:Person</a> · ') in types
    assert ">schema:Person</a>" in types and ">prov:Agent</a>" in types
    labels = [item.split(">", 2)[2].split("<", 1)[0] for item in types.split("<li")[1:]]
    assert labels == ["person", "agent"]


def test_an_incoming_link_is_shown_by_its_most_specific_property_only(site):
    page = httpx.get(site + PERSON, headers={"Accept": BROWSER_ACCEPT}, timeout=60).text
    incoming = page.split("<h2>Incoming links</h2>", 1)[1]
    rows = [row for row in incoming.split("<tr>") if "/statement/pashinyan-1in-am-interview-2021-02-23\"" in row]
    assert len(rows) == 1 and '<a href="/kgraph/ontology#agent">agent</a>' in rows[0]
    query = ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { statement:pashinyan-1in-am-interview-2021-02-23 ?p "
             "person:nikol-pashinyan }")
    reply = httpx.post(site + "/sparql", data={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert int(reply.text.split()[1]) == 2  # kg:agent and its super-property prov:wasAssociatedWith


def test_json_ld_is_compacted_with_the_project_context(site):
    document = httpx.get(site + PERSON, headers={"Accept": "application/ld+json"}, timeout=60)
    assert document.status_code == 200 and document.headers["content-type"] == "application/ld+json"
    body = document.json()
    assert body["@context"] == httpx.get(site + "/context.jsonld", timeout=60).json()["@context"]
    assert body["@id"] == "person:nikol-pashinyan" and "kg:Person" in body["@type"]
    assert body["rdfs:label"] == {"@language": "en", "@value": "Nikol Pashinyan"}
    from rdflib import Graph
    turtle = httpx.get(site + PERSON, headers={"Accept": "text/turtle"}, timeout=60).text
    assert Graph().parse(data=document.text, format="json-ld").isomorphic(Graph().parse(data=turtle, format="turtle"))


def test_turtle_uses_a_prefix_per_kind_of_resource(site):
    turtle = httpx.get(site + PERSON, headers={"Accept": "text/turtle"}, timeout=60).text
    assert "\nperson:nikol-pashinyan " in turtle and "office:prime-minister-of-armenia" in turtle
    assert "kgr:person" not in turtle and "\\/" not in turtle
    dump = httpx.get(site + "/dumps/kgraph.ttl", timeout=120).text
    assert "@prefix person: <https://w3id.org/kgraph/id/person/> ." in dump and "kgr:person\\/" not in dump
    assert "\nperson:nikol-pashinyan " in dump


# ---- the timeline ----

def test_timeline_dots_never_overlap_and_the_undated_column_holds_the_bound_dated(site):
    import re
    page = httpx.get(site + "/timeline", headers={"Accept": BROWSER_ACCEPT}, timeout=60).text
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="6"', page)]
    assert len(dots) == page.count('class="statement')
    assert all((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 >= 12 ** 2 for i, a in enumerate(dots) for b in dots[i + 1:])
    query = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p WHERE {
        ?s a kg:Statement ; kg:factuality/kg:ofProposition ?p ; kg:latestDate ?latest
        FILTER NOT EXISTS { ?s kg:date ?day } FILTER NOT EXISTS { ?s kg:dateMonth ?month } } }"""
    reply = httpx.post(site + "/sparql", data={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    undated = int(reply.text.split()[1])
    assert undated > 0 and page.count('class="statement undated"') == undated
    assert f"{undated} of them undated" in page
    assert "undated, between 2021-02-23 and 2021-04-27" in page  # their bounds, in the tooltip


def test_timeline_stacks_a_day_answers_last():
    from kgraph.formats import Term
    from kgraph.serve._pages import timeline_model

    def row(statement, day):  # as the query workers send a row's terms
        return {"statement": Term("uri", f"https://w3id.org/kgraph/id/statement/{statement}"),
                "proposition": Term("uri", "https://w3id.org/kgraph/id/proposition/p"),
                "stance": Term("uri", "https://w3id.org/kgraph/id/x"), "stanceLabel": Term("literal", "denies"),
                "date": Term("literal", day, None, "http://www.w3.org/2001/XMLSchema#date")}
    # "a-answer" sorts first by name, answers "b-question" the same day, and is itself answered by "c"
    found = [row("a-answer", "2021-02-25"), row("b-question", "2021-02-25"), row("c", "2021-02-25"),
             row("d-later", "2021-03-10")]
    kg = "https://w3id.org/kgraph/id/statement/"
    model = timeline_model(found, [(kg + "a-answer", kg + "b-question"), (kg + "c", kg + "a-answer")])
    same_day = [d for d in model["dots"] if d["x"] == model["dots"][0]["x"]]
    assert [d["href"].rsplit("/", 1)[1] for d in sorted(same_day, key=lambda d: d["y"])] == \
        ["b-question", "a-answer", "c"]
    assert len({d["y"] for d in same_day}) == 3 and model["undated"] == 0


# ---- the ontology page ----

def test_ontology_page_has_contents_sections_and_axioms(site):
    page = httpx.get(site + "/kgraph/ontology", headers={"Accept": BROWSER_ACCEPT}, timeout=60).text
    contents = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    for key in ("metadata", "classes", "object_properties", "datatype_properties", "annotation_properties",
                "individuals"):
        assert f'<a href="#{key}">' in contents and f'<section id="{key}"' in page
    assert '<li><a href="#holdsOffice">kg:holdsOffice</a></li>' in contents
    office = page.split('<div class="term" id="holdsOffice">', 1)[1].split("</div>", 1)[0]
    assert ('<th scope="row">Property chain</th><td class="axioms"><span><a href="#holdsPosition" '
            'title="https://w3id.org/kgraph/ontology#holdsPosition">kg:holdsPosition</a> <b>o</b> '
            '<a href="#ofOffice" title="https://w3id.org/kgraph/ontology#ofOffice">kg:ofOffice</a></span>') in office
    assert '<th scope="row">Subproperty of</th>' in office and ">kg:speaksFor</a>" in office
    assert '<th scope="row">Domain</th><td class="axioms"><span><a href="#Person"' in office
    person = page.split('<div class="term" id="Person">', 1)[1].split("</div>", 1)[0]
    assert '<th scope="row">Subclass of</th>' in person and '<th scope="row">In domain of</th>' in person
    assert "<code>https://w3id.org/kgraph/ontology/3.0.0</code>" in page  # the version IRI, in the metadata
    assert "<b>Transitive</b>" not in page and ">Transitive</span>" in page  # a characteristic
    assert "deprecated" in page and 'class="term deprecated"' in page


def test_class_expressions_are_written_in_manchester_syntax():
    from rdflib import Graph as RdflibGraph

    from kgraph.serve._ontology_doc import ontology_model

    graph = RdflibGraph().parse(format="turtle", data="""
        @prefix kg: <https://w3id.org/kgraph/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        kg:Denial a owl:Class ; owl:equivalentClass [ owl:intersectionOf ( kg:Statement
            [ a owl:Restriction ; owl:onProperty kg:factuality ; owl:someValuesFrom kg:Negative ] ) ] ;
          rdfs:subClassOf [ a owl:Restriction ; owl:onProperty kg:agent ; owl:maxQualifiedCardinality 1 ;
                            owl:onClass [ owl:unionOf ( kg:Person kg:Organization ) ] ] ,
                          [ owl:complementOf kg:Question ] .
        kg:agent a owl:ObjectProperty .""")

    from kgraph.formats import Term

    def term_of(term):  # as the query workers send a row's terms
        kind = {"URIRef": "uri", "BNode": "bnode", "Literal": "literal"}[type(term).__name__]
        return Term(kind, str(term), getattr(term, "language", None))
    model = ontology_model([{"s": term_of(s), "p": term_of(p), "o": term_of(o)} for s, p, o in graph])
    denial = next(t for t in model["sections"][0]["terms"] if t["id"] == "Denial")
    axioms = {name: [str(item) for item in items] for name, items in denial["axioms"]}

    def a(name):
        return f'<a href="#{name}" title="https://w3id.org/kgraph/ontology#{name}">kg:{name}</a>'
    assert axioms["Equivalent to"] == [f"{a('Statement')} <b>and</b> ({a('factuality')} <b>some</b> {a('Negative')})"]
    assert sorted(axioms["Subclass of"]) == [
        f"{a('agent')} <b>max</b> 1 ({a('Person')} <b>or</b> {a('Organization')})",
        f"<b>not</b> {a('Question')}"]


def test_the_editor_shows_a_syntax_error_with_a_caret(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _load(browser, site + "/", *WIDTHS["desktop"])
    browser.execute_script("kgraphYasgui.getTab().getYasqe().setValue('SELECT *\\nWHERE { ?s ?p ?o .\\n  FILTER( }')")
    browser.execute_script("kgraphYasgui.getTab().getYasqe().query()")
    shown = WebDriverWait(browser, 30).until(
        lambda b: "^ unexpected" in b.find_element(By.CSS_SELECTOR, ".yasr").text and b.find_element(
            By.CSS_SELECTOR, ".yasr").text)
    assert "    3 |   FILTER( }" in shown and "^ unexpected '}'" in shown


def test_result_links_in_the_editor_stay_on_this_server(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _load(browser, site + "/", *WIDTHS["desktop"])
    browser.execute_script("kgraphYasgui.getTab().getYasqe().setValue("
                           "'SELECT ?person WHERE { ?person a kg:Person } ORDER BY ?person LIMIT 3')")
    browser.execute_script("kgraphYasgui.getTab().getYasqe().query()")
    links = WebDriverWait(browser, 30).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".yasr table tbody a[href*='/kgraph/id/person/']") or False)
    hrefs = [link.get_attribute("href") for link in links]
    assert len(hrefs) == 3 and all(h.startswith(site + "/kgraph/id/person/") for h in hrefs), hrefs
    browser.get(hrefs[0])
    assert browser.find_element(By.CSS_SELECTOR, "h1").text  # the resource's page, from this server

"""Wikidata links: the links file, `kgraph link` against a real local SPARQL server, and the federated queries.

The stand-in for https://query.wikidata.org/sparql is a real `oxigraph serve` on a loopback port, loaded with the
recorded extract in tests/fixtures/wikidata/extract.ttl; every request goes over real HTTP.
"""

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from conftest import free_port
from rdflib import RDF, SKOS, Dataset, Graph, Namespace, URIRef

from kgraph import link
from kgraph.namespaces import KGR, WD

ROOT = Path(__file__).resolve().parents[1]
LINKS = ROOT / "data" / "links-wikidata.trig"
QUERIES = sorted((ROOT / "queries").glob("federated-*.rq"))
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
DCTERMS = Namespace("http://purl.org/dc/terms/")
PUTIN = KGR["person/vladimir-putin"]


@pytest.fixture
def project(tmp_path):
    """A small project: Putin and Russia as the data has them, and the real links file minus Putin's link."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "persons.ttl").write_text(
        "PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
        "PREFIX kgr: <https://w3id.org/kgraph/id/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "kgr:person\\/vladimir-putin a kg:Person ; rdfs:label \"Vladimir Putin\"@en ;\n"
        "    kg:citizenOf kgr:state\\/russia .\n"
        "kgr:state\\/russia a kg:State ; rdfs:label \"Russia\"@en .\n"
        "kgr:org\\/kremlin a kg:Organization ; rdfs:label \"Kremlin\"@en .\n",
        encoding="utf-8")
    text = LINKS.read_text(encoding="utf-8")
    without = re.sub(r"^ *kgr:person\\/vladimir-putin skos:exactMatch wd:Q7747 \.\n", "", text, flags=re.MULTILINE)
    assert without != text, "the links file no longer has Putin's link in the expected form"
    (tmp_path / "data" / "links-wikidata.trig").write_text(without, encoding="utf-8")
    return tmp_path


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "link", *args], capture_output=True, text=True,
                          timeout=60)


# --- the links file -----------------------------------------------------------------------------------------------

def _links_graph() -> Graph:
    """The links file's graph kgg:outside, where every link is (a fact from outside the article)."""
    dataset = Dataset().parse(LINKS, format="trig")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {"https://w3id.org/kgraph/graph/outside"}
    return dataset.graph(URIRef("https://w3id.org/kgraph/graph/outside"))


def test_links_file_is_well_formed():
    graph = _links_graph()
    links = list(graph.subject_objects(SKOS.exactMatch)) + list(graph.subject_objects(SKOS.closeMatch))
    assert len(links) >= 10
    for subject, obj in links:
        assert str(subject).startswith(str(KGR)), subject
        assert str(obj).startswith(str(WD)), obj
        assert re.fullmatch(r"Q[1-9][0-9]*", str(obj)[len(str(WD)):]), obj
    assert len({s for s, _ in links}) == len(links), "a resource is linked to two items"
    assert len({o for _, o in links}) == len(links), "two resources are linked to the same item"
    assert not list(graph.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))
    linkset = KGR["linkset/wikidata"]
    assert (linkset, DCTERMS.source, URIRef("https://www.wikidata.org/")) in graph
    assert (linkset, RDF.type, URIRef("http://rdfs.org/ns/void#Linkset")) in graph


def test_every_link_cites_its_evidence():
    """Each link line is preceded by a comment naming its QID (the evidence), as the README promises."""
    lines = LINKS.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        match = re.search(r"skos:(?:exact|close)Match wd:(Q\d+) \.$", line)
        if match:
            comments = []
            for previous in reversed(lines[:i]):
                if not previous.lstrip().startswith("#"):
                    break
                comments.append(previous)
            assert any(match.group(1) in c for c in comments), f"no evidence comment for {line}"


def test_linked_subjects_exist_in_data():
    data_files = list((ROOT / "data").rglob("*.ttl"))
    assert data_files, "the project has article data"  # never a silent pass
    data = Graph()
    for path in data_files:
        data.parse(path, format="turtle")
    subjects = set(data.subjects())
    links = _links_graph()
    missing = sorted(str(s) for match in (SKOS.exactMatch, SKOS.closeMatch)
                     for s, _ in links.subject_objects(match) if s not in subjects)
    assert not missing, f"linked resources absent from the data: {missing}"


# --- names --------------------------------------------------------------------------------------------------------

def test_name_normalisation_and_transliteration():
    assert link.normalise("İlham Əliyev") == "ilham aliyev"
    assert "serzh sargsyan" in link.name_variants("Serzh Sarkissian")
    assert "movses hakobyan" in link.name_variants("Movses Hakopian")
    assert "armen sarkissian" not in link.name_variants("Serzh Sarkissian")


def test_find_unlinked_skips_linked_and_non_linkable(project):
    graph = link.load_project_graph(project)
    unlinked = {r.iri: r for r in link.find_unlinked(graph)}
    assert PUTIN in unlinked and KGR["org/kremlin"] not in unlinked and KGR["state/russia"] not in unlinked
    assert unlinked[PUTIN].type_name == "Person" and unlinked[PUTIN].country_qids == {"Q159"}
    assert set(link.find_unlinked(graph, {"State"})) == set()


# --- kgraph link against the stand-in -----------------------------------------------------------------------------

def test_link_proposes_the_right_candidate_not_the_namesakes(project, wikidata_stand_in):
    proposals = [p for p in link.propose_links(root=project, endpoint=wikidata_stand_in) if p.resource.iri == PUTIN]
    qids = [p.candidate.qid for p in proposals]
    assert qids[0] == "Q7747", qids
    assert {"Q19300851", "Q21287326"} <= set(qids[1:]), "the namesakes should be shown, ranked below"
    best = proposals[0]
    assert "label exact" in best.evidence and "type P31=Q5" in best.evidence and "country Q159" in best.evidence
    assert best.score - proposals[1].score >= link.ACCEPT_MARGIN
    assert [p.candidate.qid for p in link.best_proposals(proposals)] == ["Q7747"]


def test_cli_accept_writes_the_link_atomically(project, wikidata_stand_in):
    links_file = project / "data" / "links-wikidata.trig"
    before = links_file.read_text(encoding="utf-8")
    result = _run_cli("--root", str(project), "--endpoint", wikidata_stand_in, "--type", "Person", "--accept")
    assert result.returncode == 0, result.stderr
    assert re.search(r"kgr:person/vladimir-putin\s+wd:Q7747\s+Vladimir Putin\s+1\.80", result.stdout), result.stdout
    assert "accepted 1 link(s)" in result.stdout
    after = links_file.read_text(encoding="utf-8")
    assert after.startswith(before)
    graph = link.load_project_graph(project)
    assert (PUTIN, SKOS.exactMatch, WD.Q7747) in graph
    assert (PUTIN, SKOS.exactMatch, WD.Q19300851) not in graph and (PUTIN, SKOS.exactMatch, WD.Q21287326) not in graph
    assert sorted(p.name for p in links_file.parent.iterdir()) == ["links-wikidata.trig", "persons.ttl"]
    again = _run_cli("--root", str(project), "--endpoint", wikidata_stand_in, "--type", "Person")
    assert again.returncode == 0 and "no candidates" in again.stdout


def test_bare_label_match_is_never_accepted(project, wikidata_stand_in):
    """org/kremlin unlinked: the only label match is the fortress Q133274, with no claims: shown, never accepted."""
    links_file = project / "data" / "links-wikidata.trig"
    links_file.write_text(re.sub(r"^ *kgr:org\\/kremlin skos:closeMatch wd:Q2060629 \.\n", "",
                                 links_file.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8")
    proposals = link.propose_links(root=project, endpoint=wikidata_stand_in, types={"Organization"})
    assert [p.candidate.qid for p in proposals] == ["Q133274"]
    assert link.best_proposals(proposals) == []


def test_failed_write_leaves_the_links_file_intact(project, wikidata_stand_in, monkeypatch):
    links_file = project / "data" / "links-wikidata.trig"
    before = links_file.read_bytes()
    proposals = link.best_proposals(link.propose_links(root=project, endpoint=wikidata_stand_in, types={"Person"}))

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(link.os, "replace", broken_replace)
    with pytest.raises(link.LinkError, match="cannot write"):
        link.accept_links(proposals, links_file, wikidata_stand_in)
    assert links_file.read_bytes() == before
    assert sorted(p.name for p in links_file.parent.iterdir()) == ["links-wikidata.trig", "persons.ttl"]


def test_endpoint_down_is_one_clear_line(project):
    closed = f"http://127.0.0.1:{free_port()}/query"
    result = _run_cli("--root", str(project), "--endpoint", closed)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("kgraph: error: cannot reach the Wikidata endpoint " + closed)


def test_http_error_is_one_clear_line(project, wikidata_stand_in):
    wrong = wikidata_stand_in.rsplit("/", 1)[0] + "/no-such-service"
    result = _run_cli("--root", str(project), "--endpoint", wrong)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert re.fullmatch(r"kgraph: error: the Wikidata endpoint \S+ answered HTTP 4\d\d: .*\n", result.stderr)


def test_answer_that_is_not_sparql_json_is_one_clear_error(project):
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>maintenance</html>",
                                                                   headers={"content-type": "text/html"}))
    with httpx.Client(transport=transport) as client, \
            pytest.raises(link.LinkError, match="did not answer with SPARQL JSON results"):
            link.propose_links(root=project, endpoint="http://wikidata.invalid/sparql", client=client)


def test_request_is_a_sparql_protocol_post(project):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"head": {"vars": []}, "results": {"bindings": []}})

    with httpx.Client(transport=httpx.MockTransport(handler),
                      headers={"User-Agent": link.USER_AGENT, "Accept": "application/sparql-results+json"}) as client:
        link.propose_links(root=project, endpoint="http://wikidata.invalid/sparql", client=client)
    assert seen and all(r.method == "POST" for r in seen)
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen[0].headers["accept"] == "application/sparql-results+json"
    assert seen[0].headers["user-agent"].startswith("kgraph-link/")
    assert b"Vladimir+Putin" in seen[0].content


# --- federated queries --------------------------------------------------------------------------------------------

def _run_federated(name: str, service_url: str) -> list[dict]:
    text = (ROOT / "queries" / name).read_text(encoding="utf-8")
    assert f"SERVICE <{WIKIDATA_SPARQL}>" in text, "federated queries must name Wikidata's endpoint (allow-list)"
    for key in ("# title:", "# question:", "# expected use:"):
        assert key in text, f"{name} lacks its {key} header"
    store = pyoxigraph.Store()
    store.load(path=str(LINKS), format=pyoxigraph.RdfFormat.TRIG)
    solutions = store.query(text.replace(f"<{WIKIDATA_SPARQL}>", f"<{service_url}>"), use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]
    return [{v: (s[v].value if s[v] is not None else None) for v in variables} for s in solutions]


def test_federated_query_files_exist():
    assert {q.name for q in QUERIES} >= {"federated-positions-held.rq", "federated-birth-dates.rq",
                                          "federated-capitals.rq"}


def test_federated_positions_held(wikidata_stand_in):
    rows = _run_federated("federated-positions-held.rq", wikidata_stand_in)
    assert rows == [{"person": str(PUTIN), "item": str(WD.Q7747), "position": str(WD.Q218295),
                     "positionLabel": "President of Russia", "office": str(KGR["office/president-of-russia"])}]


def test_federated_birth_dates(wikidata_stand_in):
    rows = _run_federated("federated-birth-dates.rq", wikidata_stand_in)
    assert rows == [{"person": str(PUTIN), "item": str(WD.Q7747), "birthDate": "1952-10-07T00:00:00Z"}]


def test_federated_capitals(wikidata_stand_in):
    rows = _run_federated("federated-capitals.rq", wikidata_stand_in)
    assert [(r["state"], r["capitalLabel"], r["place"]) for r in rows] == [
        (str(KGR["state/armenia"]), "Yerevan", str(KGR["place/yerevan"])),
        (str(KGR["state/azerbaijan"]), "Baku", str(KGR["place/baku"])),
    ]

"""The worker's answers: written by pyoxigraph's own serialisers where they fit the caps, row by row by ours past
them. Both must say the same thing, and the row and byte caps must hold on either path (README: Row and byte caps)."""

import csv
import io

import pyoxigraph
import pytest

from kgraph.formats import write_select
from kgraph.namespaces import PREFIXES
from kgraph.serve._inspect import inspect
from kgraph.serve._messages import Job
from kgraph.serve._worker import CHARGE_BOUND, count_solutions, execute

SELECT_FORMATS = ("json", "xml", "csv", "tsv")
PARSED = {"json": pyoxigraph.QueryResultsFormat.JSON, "xml": pyoxigraph.QueryResultsFormat.XML,
          "tsv": pyoxigraph.QueryResultsFormat.TSV}
PREFIX_MAP = {prefix: str(iri) for prefix, iri in PREFIXES.items()}


@pytest.fixture(scope="module")
def store(built_project):
    return built_project.open()


def _job(query: str, **options) -> Job:
    return Job(inspect(query, prefixes=PREFIX_MAP, services={}).text, PREFIX_MAP, None, **options)  # the served union


def _competency(project_root):
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((project_root / "queries").glob("*.rq"))
            if "SERVICE" not in path.read_text(encoding="utf-8").upper()}


def _solutions(body: bytes, key: str) -> list:
    """An answer as comparable rows: parsed by pyoxigraph (JSON, XML, TSV), or as CSV records (CSV cannot say a
    term's kind, so both writers write the same text)."""
    if key == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    parsed = pyoxigraph.parse_query_results(body, format=PARSED[key])
    if isinstance(parsed, pyoxigraph.QueryBoolean):
        return [bool(parsed)]
    variables = [v.value for v in parsed.variables]
    return [variables] + [tuple(solution[v] for v in variables) for solution in parsed]


def _as_before(store, job: Job) -> bytes:
    """What the worker wrote before pyoxigraph's serialisers did: its rows through our writers."""
    rows = execute(store, Job(job.query, job.prefixes, job.default_graph, mode="rows", max_rows=job.max_rows,
                              max_bytes=job.max_bytes))
    return write_select(rows.variables, rows.rows, job.result_format)


@pytest.mark.parametrize("key", SELECT_FORMATS)
def test_every_competency_answer_says_what_it_said_before_in_every_format(store, project_root, key):
    for name, query in _competency(project_root).items():
        job = _job(query, result_format=key)
        reply = execute(store, job)
        if reply.form != "SELECT":
            continue
        assert reply.truncated is None, name
        before = _as_before(store, job)
        assert _solutions(reply.body, key) == _solutions(before, key), name
        assert reply.count == len(_solutions(before, key)) - 1, name


@pytest.mark.parametrize("key", SELECT_FORMATS)
def test_counting_is_exact_when_values_hold_row_boundaries(key):
    store = pyoxigraph.Store()
    tricky = ["a\nb", "a\r\nb", '"<result>",', "\t<result>\n</result>", "plain"]
    for i, text in enumerate(tricky):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(f"http://example.org/{i}"),
                                  pyoxigraph.NamedNode("http://example.org/p"), pyoxigraph.Literal(text)))
    reply = execute(store, Job("SELECT ?s ?o WHERE { ?s ?p ?o }", {}, result_format=key))
    assert (reply.count, reply.truncated) == (len(tricky), None)
    assert count_solutions(reply.body, key) == len(tricky)


@pytest.mark.parametrize("key", SELECT_FORMATS)
def test_the_row_cap_holds_on_the_new_path(store, key):
    reply = execute(store, _job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", result_format=key, max_rows=7))
    assert (reply.count, reply.truncated) == (7, "rows")
    assert len(_solutions(reply.body, key)) - 1 == 7


@pytest.mark.parametrize("key", SELECT_FORMATS)
def test_the_byte_cap_holds_on_the_new_path(store, key):
    reply = execute(store, _job("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", result_format=key, max_bytes=4000))
    assert reply.truncated == "bytes"
    assert 0 < reply.count < 100
    assert len(reply.body) < 2 * 4000 + 1000  # the cap is on the estimate of before: the same order of size


def test_an_answer_just_within_the_caps_is_whole(store):
    whole = execute(store, _job("SELECT ?p ?o WHERE { <https://w3id.org/kgraph/id/person/nikol-pashinyan> ?p ?o }"))
    again = execute(store, _job("SELECT ?p ?o WHERE { <https://w3id.org/kgraph/id/person/nikol-pashinyan> ?p ?o }",
                                max_rows=whole.count, max_bytes=len(whole.body) * CHARGE_BOUND))
    assert (again.truncated, again.count, again.body) == (None, whole.count, whole.body)


@pytest.mark.parametrize("key", ("turtle", "nt", "jsonld", "rdfxml"))
def test_graph_answers_keep_their_triples_and_caps(store, key):
    describe = "DESCRIBE <https://w3id.org/kgraph/id/person/nikol-pashinyan>"
    reply = execute(store, _job(describe, graph_format=key))
    rows = execute(store, _job(describe, mode="rows"))
    parse_format = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                    "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML}[key]
    parsed = {(q.subject.value, q.predicate.value, q.object.value)
              for q in pyoxigraph.parse(reply.body, format=parse_format)}
    assert parsed == {(s[1], p[1], o[1]) for s, p, o in rows.rows}
    assert (reply.count, reply.truncated) == (len(rows.rows), None)
    capped = execute(store, _job(describe, graph_format=key, max_rows=3))
    assert (capped.count, capped.truncated) == (3, "rows")
    assert len(list(pyoxigraph.parse(capped.body, format=parse_format))) == 3
    small = execute(store, _job(describe, graph_format=key, max_bytes=200))
    assert small.truncated == "bytes" and small.count < len(rows.rows)

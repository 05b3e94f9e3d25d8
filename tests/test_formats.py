"""kgraph.formats' own writers (a worker's row-by-row path past a cap, and the store mode's answers) read back by
pyoxigraph's parsers: every kind of term and an unbound variable come back as they were, CSV as pyoxigraph writes it."""

import pyoxigraph
import pytest

from kgraph.formats import term_of, write_boolean, write_select

PARSED = {"json": pyoxigraph.QueryResultsFormat.JSON, "xml": pyoxigraph.QueryResultsFormat.XML,
          "tsv": pyoxigraph.QueryResultsFormat.TSV}
EVERY_KIND = """SELECT ?iri ?blank ?tagged ?typed ?text ?unbound WHERE {
  BIND(<http://example.org/s> AS ?iri) BIND(BNODE("b") AS ?blank) BIND("chat"@fr AS ?tagged) BIND(42 AS ?typed)
  BIND("a, \\"quoted\\"\\nline\\ttab <x> & \\\\" AS ?text) }"""
TRIPLE_TERM = 'SELECT ?t WHERE { BIND(<<( <http://example.org/s> <http://example.org/p> "o" )>> AS ?t) }'


def _rows(query: str) -> tuple[list[str], list]:
    solutions = pyoxigraph.Store().query(query)
    variables = [v.value for v in solutions.variables]
    return variables, [[term_of(solution[v]) for v in variables] for solution in solutions]


def _read_back(body: bytes, key: str, variables: list[str]) -> list:
    return [[term_of(s[v]) for v in variables] for s in pyoxigraph.parse_query_results(body, format=PARSED[key])]


@pytest.mark.parametrize("key", sorted(PARSED))
def test_every_kind_of_term_reads_back_as_it_was(key):
    variables, rows = _rows(EVERY_KIND)
    assert _read_back(write_select(variables, rows, key), key, variables) == rows


@pytest.mark.parametrize("key", ["json", "xml"])
def test_a_triple_term_reads_back_as_it_was(key):
    variables, rows = _rows(TRIPLE_TERM)
    assert rows[0][0].kind == "triple"
    assert _read_back(write_select(variables, rows, key), key, variables) == rows


def test_a_triple_term_in_tsv_reads_back_as_it_was():
    variables, rows = _rows(TRIPLE_TERM)
    assert _read_back(write_select(variables, rows, "tsv"), "tsv", variables) == rows


def test_csv_is_pyoxigraphs_csv():
    variables, rows = _rows(EVERY_KIND)
    expected = pyoxigraph.Store().query(EVERY_KIND).serialize(format=pyoxigraph.QueryResultsFormat.CSV)
    assert write_select(variables, rows, "csv") == expected


@pytest.mark.parametrize("key", sorted(PARSED))
@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_reads_back_as_it_was(key, value):
    assert bool(pyoxigraph.parse_query_results(write_boolean(value, key), format=PARSED[key])) is value


def test_an_unknown_result_format_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown result format ttl"):
        write_select(["x"], [], "ttl")

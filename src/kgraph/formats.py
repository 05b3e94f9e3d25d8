"""Every format kgraph reads or writes, in one registry: its short name, media type, other names, file extension,
pyoxigraph format, rdflib name and the W3C format IRI of the service description; and the one writer of SELECT and
ASK answers, which the endpoint and the command line share.

Only the standard library and pyoxigraph are imported here: query worker processes use the writers.
"""

import json
import re
from dataclasses import dataclass
from typing import NamedTuple, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
# XML 1.0 cannot represent these characters at all (not even as references): its Char production excludes them
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What of it pyoxigraph's XML writer can carry, in UTF-8: C0 controls but tab, newline, CR; U+FFFE, U+FFFF.
NOT_XML_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
REPLACEMENT_CHARACTER = "\ufffd"


@dataclass(frozen=True)
class Format:
    key: str                          # the short name: `format=`, `--format`, a worker's job
    media_type: str
    aliases: tuple[str, ...] = ()     # further media types and format= names that select it
    extension: str = ""               # a dump's file extension
    rdf: pyoxigraph.RdfFormat | None = None               # an RDF syntax, for pyoxigraph
    results: pyoxigraph.QueryResultsFormat | None = None  # a SPARQL results syntax, for pyoxigraph
    rdflib: str = ""                  # rdflib's name of the syntax
    w3c: str = ""                     # its local name under http://www.w3.org/ns/formats/

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")

    @property
    def iri(self) -> str:
        return W3C_FORMATS + self.w3c


# SELECT and ASK: the first is the default.
SPARQL_JSON = Format("json", "application/sparql-results+json", ("application/json", "json", "srj"), "srj",
                     results=pyoxigraph.QueryResultsFormat.JSON, w3c="SPARQL_Results_JSON")
RESULT_FORMATS = (
    SPARQL_JSON,
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "xml", "srx"), "srx",
           results=pyoxigraph.QueryResultsFormat.XML, w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", ("csv",), "csv", results=pyoxigraph.QueryResultsFormat.CSV, w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", ("tsv",), "tsv", results=pyoxigraph.QueryResultsFormat.TSV,
           w3c="SPARQL_Results_TSV"),
)
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle", "turtle", "ttl",
                                          "n3", "text/n3", "text/rdf+n3"),  # Turtle is N3 without its extensions
                "ttl", pyoxigraph.RdfFormat.TURTLE, rdflib="turtle", w3c="Turtle")
N_TRIPLES = Format("nt", "application/n-triples", ("text/plain", "nt", "ntriples", "n-triples"), "nt",
                   pyoxigraph.RdfFormat.N_TRIPLES, rdflib="nt", w3c="N-Triples")
JSON_LD = Format("jsonld", "application/ld+json", ("jsonld", "json-ld", "application/json", "application/x-json+ld",
                                                  "json"),
                 "jsonld", pyoxigraph.RdfFormat.JSON_LD, rdflib="json-ld", w3c="JSON-LD")
RDF_XML = Format("rdfxml", "application/rdf+xml", ("rdfxml", "rdf", "xml", "application/xml", "text/xml", "rdf+xml"),
                 "rdf", pyoxigraph.RdfFormat.RDF_XML, rdflib="xml", w3c="RDF_XML")
N_QUADS = Format("nquads", "application/n-quads", ("nq",), "nq", pyoxigraph.RdfFormat.N_QUADS, rdflib="nquads",
                 w3c="N-Quads")
TRIG = Format("trig", "application/trig", (), "trig", pyoxigraph.RdfFormat.TRIG, rdflib="trig", w3c="TriG")
# CONSTRUCT, DESCRIBE and Linked Data RDF views (triples only): the first is the default.
GRAPH_FORMATS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
# The dump syntaxes, by file extension (`kgraph export --format`, the files under /dumps/).
DUMP_FORMATS = {f.extension: f for f in (TURTLE, N_TRIPLES, N_QUADS, TRIG, JSON_LD, RDF_XML)}
FORMATS = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS + (N_QUADS, TRIG)}
# Syntaxes where prefixes shorten the output (the others would ignore or refuse them).
PREFIXED = frozenset({TURTLE.key, TRIG.key, RDF_XML.key})


# ---- terms, as they cross process boundaries, and the SELECT / ASK writers ----

class Term(NamedTuple):
    """An RDF term of an answer: `kind` is 'uri', 'bnode', 'literal' or 'triple' (whose `value` is the three terms)."""

    kind: str
    value: "str | tuple[Term, Term, Term]"
    language: str | None = None
    datatype: str | None = None

    @property
    def text(self) -> str:
        """The value of an IRI, blank node or literal ('' for a triple term)."""
        return self.value if isinstance(self.value, str) else ""


Row = list[Term | None]


def term_of(term: object) -> Term | None:
    """A pyoxigraph term (or None, for an unbound variable) as a Term."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, pyoxigraph.Literal):
        return Term("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, pyoxigraph.Triple):
        parts = cast(tuple[Term, Term, Term], (term_of(term.subject), term_of(term.predicate), term_of(term.object)))
        return Term("triple", parts)  # a triple's terms are never unbound
    return Term("literal", str(term))


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term.value, tuple):
        return {"type": "triple", "value": dict(zip(("subject", "predicate", "object"), map(_json_term, term.value),
                                                    strict=True))}
    result: dict[str, object] = {"type": term.kind, "value": term.value}
    if term.language:
        result["xml:lang"] = term.language
    elif term.kind == "literal" and term.datatype not in (XSD_STRING, None):
        result["datatype"] = term.datatype
    return result


def turtle_term(term: Term) -> str:
    """The term as Turtle (and SPARQL) writes it."""
    if isinstance(term.value, tuple):
        return "<<( " + " ".join(map(turtle_term, term.value)) + " )>>"  # RDF 1.2's triple term
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    text = '"' + term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t") + '"'
    if term.language:
        return f"{text}@{term.language}"
    return text if term.datatype in (XSD_STRING, None) else f"{text}^^<{term.datatype}>"


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    text = f"_:{term.value}" if term.kind == "bnode" else turtle_term(term) if term.kind == "triple" else term.text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _xml_text(value: str) -> str:
    """`value` as XML 1.0 character data: escaped, and every character XML 1.0 cannot hold (C0 controls other than
    tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF) replaced by U+FFFD."""
    return escape(NOT_XML_CHAR.sub(REPLACEMENT_CHARACTER, value))


def _xml_term(term: Term) -> str:
    if isinstance(term.value, tuple):
        parts = "".join(f"<{name}>{_xml_term(t)}</{name}>"
                        for name, t in zip(("subject", "predicate", "object"), term.value, strict=True))
        return f"<triple>{parts}</triple>"
    if term.kind == "uri":
        return f"<uri>{_xml_text(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype not in (XSD_STRING, None):
        return f"<literal datatype={quoteattr(str(term.datatype))}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


def write_select(variables: list[str], rows: list[Row], key: str) -> bytes:
    """A SELECT answer in the result format named `key` (json, xml, csv, tsv)."""
    if key == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    if key == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                 for v, t in zip(variables, row, strict=True) if t is not None) + "</result>\n"
            for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head>\n<results>\n{results}</results></sparql>\n").encode()
    if key == "csv":
        lines = [",".join(variables)] + [",".join(_csv_term(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if key == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else turtle_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown result format {key}")  # a programming error: keys come from RESULT_FORMATS


def write_boolean(value: bool, key: str) -> bytes:
    """An ASK answer in the result format named `key`."""
    if key == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if key == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return (("true" if value else "false") + ("\r\n" if key == "csv" else "\n")).encode()


def serialize_triples(triples: list[pyoxigraph.Triple], key: str, prefixes: dict[str, str]) -> bytes:
    """Triples in the RDF syntax named `key`, with `prefixes` where the syntax uses them."""
    chosen = FORMATS[key]
    assert chosen.rdf is not None, f"{key} is not an RDF syntax"
    written = pyoxigraph.serialize(triples, format=chosen.rdf, prefixes=prefixes if key in PREFIXED else None)
    assert written is not None  # no output given: the bytes are returned
    return written

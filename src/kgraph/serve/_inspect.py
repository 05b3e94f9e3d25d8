"""Inspect a SPARQL request before anything evaluates it: form, dataset clauses, SERVICE targets, updates.

pyoxigraph follows SERVICE to any URL and cannot be interrupted from Python, so nothing reaches it before this module
has decided what the query may touch. A faithful SPARQL lexer (IRIs, the four string forms, comments, prefixed names
with escapes, variables) finds every ``SERVICE``, ``FROM`` and ``FROM NAMED`` clause and the query form; SERVICE
targets must resolve (PREFIX/BASE applied, ``\\u`` escapes decoded) to an allow-listed IRI, and allowed targets may be
rewritten to a local stand-in. Queries that mention "service" anywhere are parsed a second time by rdflib, whose
algebra must name exactly the same SERVICE targets (defence in depth against a lexer mistake).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


class RequestRefused(Exception):
    """A request the endpoint will not evaluate; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class QuerySyntaxError(RequestRefused):
    def __init__(self, message: str):
        super().__init__(400, message)


_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = r"[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w.:\-\u00B7]|{_PLX})*(?:[\w:\-\u00B7]|{_PLX}))?"
_TOKENS = [
    ("WS", r"\s+"),
    ("COMMENT", r"#[^\r\n]*"),
    ("IRI", rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>"),
    ("STRING", r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''" r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
               r"|'(?:[^'\\\n\r]|\\.)*'" r'|"(?:[^"\\\n\r]|\\.)*"'),
    ("BNODE", r"_:[\w](?:[\w.\-]*[\w\-])?"),
    ("PNAME", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("VAR", r"[?$][\w\u00B7]+"),
    ("NAME", r"[A-Za-z_][\w]*"),
    ("LANG", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    ("NUMBER", r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"),
    ("PUNCT", r"\^\^|\|\||&&|!=|<=|>=|[{}()\[\],;.*+\-/!=<>|^?]"),
]
_LEXER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TOKENS))


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass
class QueryPlan:
    """What a query is and what it touches, decided before evaluation."""

    form: str | None               # SELECT, CONSTRUCT, DESCRIBE, ASK; None if not found (the parser will say why)
    text: str                      # the query to evaluate (allowed SERVICE targets rewritten)
    services: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)

    @property
    def has_dataset_clause(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)


def tokenize(query: str) -> list[Token]:
    tokens, position = [], 0
    while position < len(query):
        match = _LEXER.match(query, position)
        if match is None or match.end() == position:
            line, column = line_column(query, position)
            raise QuerySyntaxError(f"syntax error at line {line}, column {column}: unexpected character "
                                   f"{query[position]!r}")
        if match.lastgroup not in ("WS", "COMMENT"):
            tokens.append(Token(match.lastgroup, match.group(), position, match.end()))
        position = match.end()
    return tokens


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _iri_of(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "IRI":
        iri = re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                     lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])
        return urljoin(base, iri) if base else iri
    if token.kind == "PNAME":
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            return None
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def inspect(query: str, *, prefixes: dict[str, str], allowed_services: frozenset[str] | set[str],
            service_map: dict[str, str] | None = None) -> QueryPlan:
    """Decide what `query` is and whether it may run; raise `RequestRefused` (400/403) if not."""
    service_map = service_map or {}
    tokens = tokenize(query)
    declared, base = dict(prefixes), None
    form = None
    services, from_graphs, from_named = [], [], []
    rewrites: list[tuple[int, int, str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.text.upper() if token.kind == "NAME" else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if word == "PREFIX" and form is None and following is not None and index + 2 < len(tokens):
            declared[following.text[:-1]] = _iri_of(tokens[index + 2], declared, base) or ""
            index += 3
            continue
        if word == "BASE" and form is None and following is not None:
            base = _iri_of(following, declared, base)
            index += 2
            continue
        if form is None and word in UPDATE_KEYWORDS:
            raise RequestRefused(403, f"SPARQL Update ({word}) is not allowed: this endpoint is read-only")
        if form is None and word in QUERY_FORMS:
            form = word
        elif word == "SERVICE":
            target_index = index + 1
            if target_index < len(tokens) and tokens[target_index].text.upper() == "SILENT":
                target_index += 1
            target = tokens[target_index] if target_index < len(tokens) else None
            if target is None or target.kind == "VAR":
                raise RequestRefused(403, "SERVICE with a variable endpoint is not allowed; name an allowed "
                                          f"endpoint: {', '.join(sorted(allowed_services)) or '(none)'}")
            iri = _iri_of(target, declared, base)
            if iri is None or iri not in allowed_services:
                raise RequestRefused(403, f"SERVICE <{iri or target.text}> is not allowed; allowed endpoints: "
                                          f"{', '.join(sorted(allowed_services)) or '(none)'}")
            services.append(iri)
            if iri in service_map:
                rewrites.append((target.start, target.end, f"<{service_map[iri]}>"))
        elif word == "FROM" and following is not None:
            named = following.text.upper() == "NAMED"
            target = tokens[index + 2] if named and index + 2 < len(tokens) else following
            iri = _iri_of(target, declared, base)
            if iri is None:
                raise QuerySyntaxError(f"FROM{' NAMED' if named else ''} needs an IRI, got {target.text!r}")
            (from_named if named else from_graphs).append(iri)
        index += 1
    # form None: not a query at all; the engine's parser rejects it (with line and column) before evaluating anything
    if re.search("service", query, re.IGNORECASE):
        _cross_check_services(query, declared, services)
    text = query
    for start, end, replacement in sorted(rewrites, reverse=True):
        text = text[:start] + replacement + text[end:]
    return QueryPlan(form, text, services, from_graphs, from_named)


def _cross_check_services(query: str, prefixes: dict[str, str], services: list[str]) -> None:
    """Second opinion from rdflib's parser + algebra: the SERVICE targets must match what the lexer found."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    try:
        algebra = translateQuery(parseQuery(query), initNs=prefixes).algebra
    except Exception as error:  # noqa: BLE001 - any failure of the second parser means "cannot verify"
        raise QuerySyntaxError(f"queries that use SERVICE must also be accepted by a second parser (rdflib), "
                               f"which says: {str(error).splitlines()[0][:300]}") from None
    found: list[str] = []

    def walk(node):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                if isinstance(term, Variable) or not isinstance(term, URIRef):
                    raise RequestRefused(403, "SERVICE with a variable endpoint is not allowed")
                found.append(str(term))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    if sorted(found) != sorted(services):
        raise RequestRefused(403, "the SERVICE clauses of this query could not be verified; refused")

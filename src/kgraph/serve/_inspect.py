"""Parse a SPARQL request once, decide on what was parsed, and hand the evaluator only that.

pyoxigraph follows ``SERVICE`` to any URL, so what it evaluates must be exactly what this module checked. A check of
one reading followed by the evaluation of another is a parser differential by construction (issue 10: ``SERVICE:x``
read as one prefixed name here, as ``SERVICE`` + ``:x`` by Oxigraph; ``\\u0022`` read as a quote by rdflib, as an
escape inside a string by Oxigraph). So the query is tokenised here by the SPARQL 1.1 grammar's own terminals
(longest match, as the grammar says), every decision is taken on those tokens, and the text the evaluator receives is
a **canonical re-serialisation of the same tokens**:

- prefixed names are expanded to full IRIs, and relative IRIs are resolved against ``BASE`` (by Oxigraph's own IRI
  resolver); ``PREFIX`` and ``BASE`` declarations are then dropped;
- ``\\u``/``\\U`` escapes are decoded and strings re-encoded with the four escapes ``\\\\ \\" \\n \\r`` only, so that
  no ``\\u`` sequence is left anywhere in the text (a parser that expands them before parsing reads the same query);
- comments are dropped and tokens are separated by one space;
- every bare word must be a SPARQL keyword or built-in function name.

In that text the only way an evaluator can see ``SERVICE`` is as a keyword token this module also saw, followed by
the target IRI it allowed (rewritten to where the operator said it may be fetched). What cannot be canonicalised is
refused with 400: a lone surrogate, a character an IRI may not contain, a string holding ``\\u``. Size and nesting
depth are checked before and during tokenising (deep nesting crashed Oxigraph's recursive parser), and tokenising
has its own deadline.
"""

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import pyoxigraph

from kgraph.errors import QuerySyntaxError, RequestRefused

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
# Every bare word of SPARQL 1.1 (keywords and built-in calls) and of the SPARQL 1.2 additions pyoxigraph parses.
KEYWORDS = frozenset(["BASE", "PREFIX", "SELECT", "DISTINCT", "REDUCED", "AS", "CONSTRUCT", "WHERE", "DESCRIBE", "ASK", "FROM", "NAMED", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET", "VALUES", "SILENT", "GRAPH", "OPTIONAL", "SERVICE", "BIND", "UNDEF", "MINUS", "UNION", "FILTER", "NOT", "IN", "EXISTS", "SEPARATOR", "DEFAULT", "ALL", "DATA", "INTO", "TO", "USING", "LATERAL", "VERSION", "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "ISTRIPLE", "LANGDIR", "HASLANG", "HASLANGDIR", "STRLANGDIR"]) | UPDATE_KEYWORDS
LOWER_CASE_WORDS = frozenset({"a", "true", "false"})  # case-sensitive in the grammar
# Built-ins whose value differs from one evaluation to the next: an answer using them must not be cached or shared
NONDETERMINISTIC_CALLS = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})
OPENERS, CLOSERS = frozenset({"(", "{", "[", "<<", "{|"}), frozenset({")", "}", "]", ">>", "|}"})
GLUED_PAIRS = frozenset({("(", ")"), ("[", "]"), ("<<", "("), (")", ">>")})  # NIL, ANON, triple terms <<( )>>
GLUING = frozenset({"(", ")", "]", ">>"})  # punctuation that may be glued to what precedes it


@dataclass(frozen=True)
class Limits:
    """Bounds checked before anything else looks at a query."""

    max_bytes: int = 65536        # UTF-8 bytes of query text
    max_depth: int = 64           # nesting of ( { [ << {|
    seconds: float = 1.0          # time to tokenise and canonicalise


# ---- the SPARQL 1.1 terminals (grammar section 19.8), with the grammar's own character classes ----

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"
_TERMINALS = [
    ("IRI", rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]++|{_UCHAR})*>"),
    # Every repetition below is linear: its alternatives start with different characters and runs are possessive
    # (no way to split a run between two iterations: `(x+)*y` would be exponential on a run of x without y)
    ("STRING", r"'''(?:[^'\\]++|\\.|'(?!''))*'''" r'|"""(?:[^"\\]++|\\.|"(?!""))*"""'
               r"|'(?:[^'\\\n\r]++|\\.)*'" r'|"(?:[^"\\\n\r]++|\\.)*"'),
    ("BNODE", rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("PNAME", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("VAR", rf"[?$]{_VARNAME}"),
    ("NAME", r"[A-Za-z][A-Za-z0-9_]*"),
    ("LANG", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?"),
    ("NUMBER", rf"[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+)"),
    ("PUNCT", r"\^\^|\|\||&&|!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\],;.*+\-/!=<>|^?~]"),
    ("ERROR", r"[^ \t\r\n#]"),
    ("END", r"\Z"),
]
# One match per token: white space and comments before it are skipped (possessively: never given back), so the
# regular expression engine, not a Python loop, walks over them.
_LEXER = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*+(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _TERMINALS)
                    + ")", re.DOTALL)
_KINDS = ("", *(name for name, _ in _TERMINALS))  # group number -> terminal name (group 0 is the whole match)
_ESCAPE = re.compile(rf"{_UCHAR}|\\(.)", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI_FORBIDDEN = re.compile(r"[<>\"{}|^`\\\x00-\x20]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DEADLINE_EVERY = 256  # tokens between two looks at the clock


class Token(NamedTuple):
    kind: str
    text: str
    start: int


@dataclass
class QueryPlan:
    """What a query is and touches, decided on the one parse whose canonical text `text` is what gets evaluated."""

    form: str                      # SELECT, CONSTRUCT, DESCRIBE or ASK
    text: str                      # the canonical query: the only text an evaluator ever receives
    services: list[str] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    original: str = ""
    origins: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, offset in original) per token
    deterministic: bool = True     # False if it calls RAND, NOW, UUID, STRUUID or BNODE: never cached

    @property
    def has_dataset_clause(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)

    def locate(self, message: str) -> str:
        """An evaluator's "error at 1:COLUMN" (in the canonical text) rewritten to the original line and column."""
        found = re.search(r"\b(\d+):(\d+)\b", message)
        if not found or not self.origins:
            return message
        line, column = line_column(self.original, self._original_offset(int(found.group(2))))
        return f"{message[:found.start()]}{line}:{column}{message[found.end():]}"

    def point(self, message: str) -> str:
        """The original line an evaluator's "error at 1:COLUMN" is on, with a caret under the token it names."""
        found = re.search(r"\b(\d+):(\d+)\b", message)
        if not found or not self.origins:
            return ""
        return pointer(self.original, self._original_offset(int(found.group(2))))

    def _original_offset(self, canonical_column: int) -> int:
        # Oxigraph counts columns in UTF-8 bytes; the canonical text is one line
        offset = len(self.text.encode("utf-8")[:canonical_column - 1].decode("utf-8", "ignore"))
        return max((o for o in self.origins if o[0] <= offset), default=self.origins[0])[1]


def line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_TOKEN_AT = re.compile(r"""<[^>\s]*>?|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|[?$]\w+|[^\W\d][\w.-]*(?::[\w.-]*)?"""
                       r"|:[\w.-]*|\d+(?:\.\d+)?|\S")


def pointer(text: str, offset: int) -> str:
    """Two lines for an error message: the line of `text` holding `offset`, and a caret under that column naming
    the token that starts there (or the end of the query)."""
    line, column = line_column(text, offset)
    source = text[offset - column + 1:].split("\n", 1)[0].rstrip("\r")
    token = _TOKEN_AT.match(text, offset)
    unexpected = f"unexpected {token.group()!r}" if token else "unexpected end of the query"
    margin = "".join("\t" if c == "\t" else " " for c in source[:column - 1])
    return f"\n{line:>5} | {source}\n      | {margin}^ {unexpected}"


def tokenize(query: str, deadline: float, max_depth: int = Limits.max_depth) -> list[Token]:
    """The tokens of `query`; refuses as soon as brackets nest deeper than `max_depth` or the deadline passes, so
    that refusing a hostile query costs little."""
    tokens: list[Token] = []
    position, depth = 0, 0
    append = tokens.append
    for match in _LEXER.finditer(query):
        group = match.lastindex
        assert group is not None  # every match is one of the terminals' named groups
        token = Token(_KINDS[group], match.group(group), match.start(group))
        if match.start() != position or token.kind == "ERROR":  # every character belongs to exactly one match
            raise _syntax(query, token.start, f"unexpected character {query[token.start:token.start + 1]!r}")
        if token.kind == "END":
            return tokens
        if token.kind == "PUNCT":
            depth += (token.text in OPENERS) - (token.text in CLOSERS)
            if depth > max_depth:
                raise RequestRefused(400, f"the query nests deeper than {max_depth} levels of brackets; flatten it",
                                     "depth")
        append(token)
        position = match.end()
        if len(tokens) % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            raise RequestRefused(400, "the query took too long to read; send a shorter one", "inspection-time")
    raise _syntax(query, position, "unexpected end")


def _syntax(query: str, offset: int, message: str) -> QuerySyntaxError:
    line, column = line_column(query, offset)
    return QuerySyntaxError(f"syntax error at line {line}, column {column}: {message}{pointer(query, offset)}")


def _unescape(text: str, query: str, offset: int, allowed_echar: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            if not allowed_echar or match.group(1) not in _ECHAR:
                raise _syntax(query, offset, f"invalid escape \\{match.group(1)}")
            return _ECHAR[match.group(1)]
        return chr(int(match.group()[2:], 16)) if int(match.group()[2:], 16) <= 0x10FFFF else "\ud800"

    value = _ESCAPE.sub(replace, text)
    if _SURROGATE.search(value):
        raise _syntax(query, offset, "a \\u escape names a surrogate (or no character at all); write the character")
    return value


@lru_cache(maxsize=256)
def _resolve(base: str, relative: str) -> str:
    """RFC 3986 resolution by oxiri, the IRI library Oxigraph itself uses (through its Turtle parser)."""
    document = f"<{relative}> <{relative}> <{relative}> .".encode()
    quad = next(iter(pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.TURTLE, base_iri=base)))
    assert isinstance(quad.subject, pyoxigraph.NamedNode)  # the document's subject is the IRI written
    return quad.subject.value


@lru_cache(maxsize=4096)
def _iri_problem(iri: str) -> str | None:
    """Why `iri` is not an absolute IRI Oxigraph accepts as it is (None if it is); the same IRIs recur."""
    if _IRI_FORBIDDEN.search(iri):
        return "holds a character IRIs may not contain"
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as error:
        return f"is not a valid IRI ({error})"
    return None


class _Canonicaliser:
    """One pass over the tokens: the decisions and the canonical text, from the same tokens."""

    def __init__(self, query: str, prefixes: Mapping[str, str], services: Mapping[str, str], limits: Limits,
                 base: str | None = None):
        self.query, self.prefixes, self.services, self.limits = query, dict(prefixes), services, limits
        self.base = base
        self.parts: list[str] = []    # canonical tokens, joined by one space
        self.starts: list[int] = []   # where each came from in the original text
        self.plan = QueryPlan(form="", text="", original=query)

    def emit(self, text: str, origin: int, glued: bool = False) -> None:
        if glued and self.parts:
            self.parts[-1] += text
        else:
            self.parts.append(text)
            self.starts.append(origin)

    def iri(self, token: Token) -> str:
        """The absolute IRI a token names (IRI or prefixed name), checked as Oxigraph will check it."""
        if token.kind == "IRI":
            iri = _unescape(token.text[1:-1], self.query, token.start, allowed_echar=False)
            if _IRI_FORBIDDEN.search(iri):
                raise _syntax(self.query, token.start, f"the IRI {token.text} holds a character IRIs may not contain")
            if not _SCHEME.match(iri):
                if self.base is None:
                    raise _syntax(self.query, token.start, f"the relative IRI {token.text} needs a BASE")
                try:
                    iri = _resolve(self.base, iri)
                except (SyntaxError, ValueError) as error:
                    raise _syntax(self.query, token.start, f"{token.text} cannot be resolved against <{self.base}> "
                                                           f"({str(error).splitlines()[0][:200]})") from None
        elif token.kind == "PNAME":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                raise _syntax(self.query, token.start, f"the prefix {prefix}: is not declared")
            iri = self.prefixes[prefix] + (re.sub(r"\\(.)", r"\1", local) if "\\" in local else local)
        else:
            raise _syntax(self.query, token.start, f"expected an IRI, found {token.text!r}")
        problem = _iri_problem(iri)
        if problem:
            raise _syntax(self.query, token.start, f"<{iri}> {problem}")
        return iri

    def string(self, token: Token) -> str:
        quotes = 3 if token.text[:3] in ('"""', "'''") else 1
        value = _unescape(token.text[quotes:-quotes], self.query, token.start, allowed_echar=True)
        if re.search(r"\\[uU]", value):
            raise _syntax(self.query, token.start, "a string holding a backslash followed by 'u' cannot be passed on "
                                                   "safely; split it (CONCAT) or avoid it")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'

    def run(self, tokens: list[Token]) -> QueryPlan:
        index, form = 0, None
        while index < len(tokens):
            token = tokens[index]
            word = token.text.upper() if token.kind == "NAME" else None
            if word in ("PREFIX", "BASE"):
                if form is not None:
                    raise _syntax(self.query, token.start, f"{word} is only allowed before the query form")
                index = self.declaration(tokens, index, word)
                continue
            if form is None:
                if word in UPDATE_KEYWORDS:
                    raise RequestRefused(403, f"SPARQL Update ({word}) is not allowed: this endpoint is read-only",
                                         "update")
                if word not in QUERY_FORMS:
                    raise _syntax(self.query, token.start, "expected SELECT, CONSTRUCT, DESCRIBE or ASK, found "
                                                           f"{token.text!r}")
                form = self.plan.form = word
            if word is not None:  # a NAME
                index = self.word(tokens, index, word)
                continue
            if token.kind in ("VAR", "NUMBER") or (token.kind == "PUNCT" and token.text not in GLUING):
                self.parts.append(token.text)  # the common case, without a call
                self.starts.append(token.start)
            else:
                self.term(token, tokens[index - 1] if index else None)
            index += 1
        if form is None:
            raise QuerySyntaxError("the request holds no query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)")
        self.plan.text = " ".join(self.parts)
        self.plan.origins = list(zip(accumulate((len(part) + 1 for part in self.parts), initial=0), self.starts, strict=False))
        return self.plan

    def declaration(self, tokens: list[Token], index: int, word: str) -> int:
        if word == "BASE":
            target = self.operand(tokens, index + 1, "BASE needs an IRI")
            if target.kind != "IRI":
                raise _syntax(self.query, target.start, f"BASE needs an IRI, found {target.text!r}")
            self.base = self.iri(target)
            return index + 2
        name = self.operand(tokens, index + 1, "PREFIX needs a name")
        if name.kind != "PNAME" or not name.text.endswith(":") or name.text.count(":") != 1:
            raise _syntax(self.query, name.start, f"PREFIX needs a name ending with ':', found {name.text!r}")
        target = self.operand(tokens, index + 2, "PREFIX needs an IRI")
        if target.kind != "IRI":
            raise _syntax(self.query, target.start, f"PREFIX needs an IRI, found {target.text!r}")
        self.prefixes[name.text[:-1]] = self.iri(target)
        return index + 3

    def operand(self, tokens: list[Token], index: int, message: str) -> Token:
        if index >= len(tokens):
            raise _syntax(self.query, len(self.query), message)
        return tokens[index]

    def word(self, tokens: list[Token], index: int, word: str) -> int:
        token = tokens[index]
        if token.text in LOWER_CASE_WORDS:
            self.emit(token.text, token.start)
            return index + 1
        if word not in KEYWORDS:
            raise _syntax(self.query, token.start, f"unknown keyword {token.text!r}")
        if word in UPDATE_KEYWORDS:
            raise RequestRefused(403, f"SPARQL Update ({word}) is not allowed: this endpoint is read-only", "update")
        if word in NONDETERMINISTIC_CALLS:
            self.plan.deterministic = False
        self.emit(word, token.start)
        if word == "SERVICE":
            return self.service(tokens, index + 1)
        if word == "FROM":
            return self.dataset_clause(tokens, index + 1)
        return index + 1

    def service(self, tokens: list[Token], index: int) -> int:
        allowed = ", ".join(sorted(self.services)) or "(none)"
        target = self.operand(tokens, index, "SERVICE needs an endpoint IRI")
        if target.kind == "NAME" and target.text.upper() == "SILENT":
            self.emit("SILENT", target.start)
            index += 1
            target = self.operand(tokens, index, "SERVICE SILENT needs an endpoint IRI")
        if target.kind not in ("IRI", "PNAME"):
            raise RequestRefused(403, f"SERVICE needs the IRI of an allowed endpoint ({allowed}), not "
                                      f"{target.text!r}", "service")
        iri = self.iri(target)
        if iri not in self.services:
            raise RequestRefused(403, f"SERVICE <{iri}> is not allowed; allowed endpoints: {allowed}", "service")
        self.plan.services.append(iri)
        self.emit(f"<{self.services[iri]}>", target.start)
        return index + 1

    def dataset_clause(self, tokens: list[Token], index: int) -> int:
        target = self.operand(tokens, index, "FROM needs an IRI")
        named = target.kind == "NAME" and target.text.upper() == "NAMED"
        if named:
            self.emit("NAMED", target.start)
            index += 1
            target = self.operand(tokens, index, "FROM NAMED needs an IRI")
        iri = self.iri(target)
        (self.plan.from_named_graphs if named else self.plan.from_graphs).append(iri)
        self.emit(f"<{iri}>", target.start)
        return index + 1

    def term(self, token: Token, previous: Token | None) -> None:
        if token.kind in ("IRI", "PNAME"):
            self.emit(f"<{self.iri(token)}>", token.start)
        elif token.kind == "STRING":
            self.emit(self.string(token), token.start)
        elif token.kind == "LANG":
            if previous is None or previous.kind != "STRING":
                raise _syntax(self.query, token.start, f"a language tag ({token.text}) must follow a string")
            self.emit(token.text, token.start, glued=True)
        else:  # VAR, BNODE, NUMBER, PUNCT: their grammar has no escapes and their text is already canonical
            # Oxigraph wants "COALESCE(" and "()" / "[]" without a space (the grammar allows one); gluing them
            # cannot make a different token
            glued = previous is not None and (
                (token.text == "(" and previous.kind == "NAME") or (previous.text, token.text) in GLUED_PAIRS)
            self.emit(token.text, token.start, glued)


def inspect(query: str, *, prefixes: Mapping[str, str], services: Mapping[str, str],
            limits: Limits = Limits(), base: str | None = None) -> QueryPlan:
    """Parse `query` once and return its plan; raise `RequestRefused` (400/403/413) if it may not run.

    `base` is the service's base IRI for a query without `BASE` (the SPARQL Protocol lets the service define it; the
    endpoint gives its own URL); without one, a relative IRI is refused.

    `services` maps each allowed SERVICE IRI to the IRI the evaluator is to call instead (a relay, a mirror, or the
    IRI itself). Every text an evaluator receives comes from here.
    """
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise RequestRefused(413, f"the query is {size} bytes; this endpoint accepts at most {limits.max_bytes} "
                                  f"({limits.max_bytes // 1024} KiB); send a shorter one",
                             "query-size")
    if _SURROGATE.search(query):
        raise QuerySyntaxError("the query holds a lone surrogate, which is not a character")
    deadline = time.monotonic() + limits.seconds
    return _Canonicaliser(query, prefixes, services, limits, base).run(tokenize(query, deadline, limits.max_depth))

"""Every media type the endpoint speaks, in one place, with content negotiation and SELECT/ASK result writers.

Only the standard library and python-mimeparse are imported here: query worker processes use the writers.
"""

import json
import re
from dataclasses import dataclass

import mimeparse
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# XML 1.0 cannot represent these characters at all (not even as references): its Char production excludes them
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT_CHARACTER = "\ufffd"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    aliases: tuple[str, ...] = ()     # further media types and format= names that select it

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


# SELECT and ASK: the first is the default.
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json", "json", "srj")),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "xml", "srx")),
    Format("csv", "text/csv", ("csv",)),
    Format("tsv", "text/tab-separated-values", ("tsv",)),
)
# CONSTRUCT, DESCRIBE and Linked Data RDF views: the first is the default.
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle", "turtle", "ttl",
                                     "n3", "text/n3", "text/rdf+n3")),  # Turtle is N3 without its extensions
    Format("nt", "application/n-triples", ("text/plain", "nt", "ntriples", "n-triples")),
    Format("jsonld", "application/ld+json", ("jsonld", "json-ld", "application/json", "application/x-json+ld",
                                             "json")),
    Format("rdfxml", "application/rdf+xml", ("rdfxml", "rdf", "xml", "application/xml", "text/xml",
                                             "rdf+xml")),
)
FORMATS_BY_KEY = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS}


EXACT_FITNESS = 110  # python-mimeparse's fitness of a range naming the type and subtype (a wildcard scores less)
# Negotiation costs offers x ranges on the event loop: a 31 KB Accept of 3,000 ranges took 67 ms a request. Real
# clients send a handful; past these bounds the rest of the header is not read.
MAX_ACCEPT_CHARS = 2048
MAX_MEDIA_RANGES = 32


def _media_ranges(accept: str) -> list[tuple]:
    """The Accept header's media ranges as python-mimeparse parses them; a malformed range is ignored (RFC 9110
    lets a server disregard what it cannot parse), not the whole header. Only the first MAX_MEDIA_RANGES ranges
    within the first MAX_ACCEPT_CHARS characters are read (a range cut short there is malformed, so ignored)."""
    ranges = []
    for part in accept[:MAX_ACCEPT_CHARS].split(",", MAX_MEDIA_RANGES)[:MAX_MEDIA_RANGES]:
        try:
            ranges.append(mimeparse.parse_media_range(part))
        except (mimeparse.MimeTypeParseException, ValueError):
            continue
    return ranges


def format_values(values: list[str] | tuple[str, ...] | str | None) -> tuple[str, ...]:
    """Every `format=` value of a request, in order: repeated parameters one after the other, and a comma-separated
    list of media types (as SPARQLWrapper sends) split into its members, each without parameters (`;q=`…)."""
    if isinstance(values, str):
        values = [values]
    return tuple(member.split(";")[0].strip().lower() for value in values or () for member in value.split(",")
                 if member.split(";")[0].strip())


def _named(values: tuple[str, ...], offers: tuple[Format, ...], extra: tuple[str, ...]) -> Format | str | None:
    """The first `format=` value that names one of `offers` (or of `extra`), in the request's order."""
    for wanted in values:
        for offer in offers:
            if wanted in (offer.key, offer.media_type, *offer.aliases):
                return offer
        if wanted in extra:
            return wanted
    return None


def negotiate(accept: str | None, offers: tuple[Format, ...], format_parameter=None,
              extra: tuple[str, ...] = ()) -> Format | str | None:
    """The best of `offers` (or of the `extra` media types, e.g. text/html) for a request; None means 406.

    The one place where a representation is chosen. `format_parameter` (a short name or media type, a list of them,
    or several values; see `format_values`) wins over Accept when one of its values names something on offer: the
    first that does. When none does, Accept decides, and without Accept that is a 406. No Accept header (and no
    `format=`) gives the first offer. Otherwise RFC 9110: an offer's quality is the one of the most specific range
    that matches it (python-mimeparse), so `q=0` excludes a type even when a wildcard admits everything else; ties
    go to the earlier offer.
    """
    values = format_values(format_parameter)
    if values:
        named = _named(values, offers, extra)
        if named is not None or not accept or not accept.strip():
            return named
    if not accept or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    if not ranges:
        return offers[0]
    best, best_rank = None, None
    for order, offer in enumerate((*offers, *(media for media in extra if "/" in media))):
        media_type, aliases = (offer, ()) if isinstance(offer, str) else (offer.media_type, offer.aliases)
        quality, fitness = mimeparse.quality_and_fitness_parsed(media_type, ranges)
        if quality == 0 and fitness >= 0:
            continue  # excluded: no wildcard or alias brings it back
        for alias in (a for a in aliases if "/" in a):  # an alias counts when it is named, not through a wildcard
            alias_quality, alias_fitness = mimeparse.quality_and_fitness_parsed(alias, ranges)
            if alias_fitness >= EXACT_FITNESS and alias_quality > quality:
                quality, fitness = alias_quality, alias_fitness
        rank = (quality, fitness, -order)
        if quality > 0 and (best_rank is None or rank > best_rank):
            best, best_rank = offer, rank
    return best


# ---- SELECT / ASK writers (work on plain tuples so that rows can also cross process boundaries) ----

def term_tuple(term) -> tuple | None:
    """A pyoxigraph term as ('uri'|'bnode'|'literal'|'triple', value, language, datatype)."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return ("uri", term.value, None, None)
    if kind == "BlankNode":
        return ("bnode", term.value, None, None)
    if kind == "Literal":
        return ("literal", term.value, term.language, term.datatype.value)
    if kind == "Triple":
        return ("triple", (term_tuple(term.subject), term_tuple(term.predicate), term_tuple(term.object)), None, None)
    return ("literal", str(term), None, None)


def _json_term(term: tuple) -> dict:
    kind, value, language, datatype = term
    if kind == "triple":
        return {"type": "triple", "value": dict(zip(("subject", "predicate", "object"), map(_json_term, value)))}
    result = {"type": kind, "value": value}
    if language:
        result["xml:lang"] = language
    elif kind == "literal" and datatype not in (XSD_STRING, None):
        result["datatype"] = datatype
    return result


def _turtle_term(term: tuple) -> str:
    kind, value, language, datatype = term
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":
        return "<< " + " ".join(map(_turtle_term, value)) + " >>"
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t") + '"'
    if language:
        return f"{text}@{language}"
    return text if datatype in (XSD_STRING, None) else f"{text}^^<{datatype}>"


def _csv_term(term: tuple | None) -> str:
    if term is None:
        return ""
    kind, value, _, _ = term
    text = f"_:{value}" if kind == "bnode" else _turtle_term(term) if kind == "triple" else value
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _xml_text(value: str) -> str:
    """`value` as XML 1.0 character data: escaped, and every character XML 1.0 cannot hold (C0 controls other than
    tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF) replaced by U+FFFD."""
    return escape(NOT_XML_CHAR.sub(REPLACEMENT_CHARACTER, value))


def _xml_term(term: tuple) -> str:
    kind, value, language, datatype = term
    if kind == "uri":
        return f"<uri>{_xml_text(value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{_xml_text(value)}</bnode>"
    if kind == "triple":
        parts = "".join(f"<{name}>{_xml_term(t)}</{name}>" for name, t in zip(("subject", "predicate", "object"), value))
        return f"<triple>{parts}</triple>"
    if language:
        return f"<literal xml:lang={quoteattr(language)}>{_xml_text(value)}</literal>"
    if datatype not in (XSD_STRING, None):
        return f"<literal datatype={quoteattr(datatype)}>{_xml_text(value)}</literal>"
    return f"<literal>{_xml_text(value)}</literal>"


def write_select(variables: list[str], rows: list[list[tuple | None]], key: str) -> bytes:
    if key == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    if key == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                 for v, t in zip(variables, row) if t is not None) + "</result>\n"
            for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head>\n<results>\n{results}</results></sparql>\n").encode()
    if key == "csv":
        lines = [",".join(variables)] + [",".join(_csv_term(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if key == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else _turtle_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown result format {key}")


def write_boolean(value: bool, key: str) -> bytes:
    if key == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if key == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return (("true" if value else "false") + ("\r\n" if key == "csv" else "\n")).encode()

"""Curation: register a source text, write the Web Annotation selectors of a quote, re-check every quote.

Three public entry points, one per command: `add_source`, `quote` and `check_quotes`. Offsets are Unicode code points
of the UTF-8-decoded stored text, start inclusive, end exclusive (`text[start:end] == exact`), as in `data/quotes.ttl`.
"""

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kgraph.errors import InputError, KgraphError
from kgraph.files import write_atomically
from kgraph.load import ProjectFiles, parse_file
from kgraph.namespaces import KG, KGR, OA

SOURCES_DIR = Path("data") / "sources"
CONTEXT_CHARS = 32  # the most characters of oa:prefix and oa:suffix, as the existing quotes have
LABEL_CHARS = 57  # a quote's label shows this much of its text, then "…"
SOURCE_NS, QUOTE_NS = Namespace(KGR["source/"]), Namespace(KGR["quote/"])
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SourceFiles = list[tuple[Path, Graph]]  # each data file with its statements
PREFIX_DECLARATION = re.compile(r"^@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>")


class CurationError(KgraphError):
    """A curation command cannot do what it was asked without writing something wrong."""


# --- kgraph add-source ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisteredSource:
    iri: URIRef
    text_path: Path
    description_path: Path
    sha256: str
    title_quote: URIRef | None  # the quote of the title, when the title occurs once in the text


def add_source(root: Path, text_file: Path, *, title: str, url: str, published: str, publisher: str,
               authors: list[str], slug: str | None = None) -> RegisteredSource:
    """Copy `text_file` under data/sources/ and describe it in data/source-SLUG.ttl, as data/source.ttl describes the
    article: title, date, author(s), publisher, URL, local copy and SHA-256, and the quote of its title. Refuses a
    text or a slug already registered; writes every file atomically, and nothing if any check fails."""
    root = root.resolve()
    content = _read_bytes(text_file)
    text = _decode(text_file, content)
    _check_date(published)
    slug = slug or _slugify(f"{published} {title}")
    if not SLUG.match(slug):
        raise CurationError(f"--id {slug!r}: use lower-case letters, digits and single hyphens")
    digest = hashlib.sha256(content).hexdigest()
    iri = SOURCE_NS[slug]
    text_path = SOURCES_DIR / f"{slug}.txt"
    description_path = Path("data") / f"source-{slug}.ttl"
    _refuse_duplicates(root, iri, digest, [text_path, text_path.with_name(text_path.name + ".sha256"),
                                           description_path])
    title_quote = QUOTE_NS[f"{slug}-title"] if text.count(title) == 1 else None
    turtle = _source_turtle(iri, slug, title=title, url=url, published=published, publisher=publisher,
                            authors=authors, local_copy=text_path.as_posix(), digest=digest,
                            with_title_quote=title_quote is not None)
    if title_quote is not None:
        turtle += "\n" + _quote_turtle(title_quote, iri, text, text.index(title), len(title))
    _write_all({root / text_path: content,
                root / text_path.with_name(text_path.name + ".sha256"): f"{digest}  {text_path.name}\n".encode(),
                root / description_path: turtle.encode()})  # the description last: it is what makes it a source
    return RegisteredSource(iri, text_path, description_path, digest, title_quote)


def _read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def _decode(path: Path, content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start}): store the text as UTF-8") from None


def _check_date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise CurationError(f"--date {value!r}: give the publication day as YYYY-MM-DD") from None


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:8])


def _refuse_duplicates(root: Path, iri: URIRef, digest: str, paths: list[Path]) -> None:
    for path in paths:
        if (root / path).exists():
            raise CurationError(f"{path} already exists: {iri} is registered already (choose another --id)")
    for source, registered_digest, path in _registered_sources(root):
        if source == iri:
            raise CurationError(f"{path}: {iri} is described already (choose another --id)")
        if registered_digest == digest:
            raise CurationError(f"this text is registered already as {source} ({path}, SHA-256 {digest})")


def _registered_sources(root: Path) -> Iterator[tuple[Node, str, Path]]:
    for path in ProjectFiles.discover(root).data:
        graph = parse_file(path)
        for source in graph.subjects(KG.sha256, None):
            yield source, str(graph.value(source, KG.sha256)), path.relative_to(root)


def _source_turtle(iri: URIRef, slug: str, *, title: str, url: str, published: str, publisher: str,
                   authors: list[str], local_copy: str, digest: str, with_title_quote: bool) -> str:
    agents = ", ".join(_iri(a) for a in authors)
    return (
        f"# A source registered by `kgraph add-source`: its citation and the checksum of the stored text.\n\n"
        f"@prefix kg: <{KG}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        f"@prefix schema: <http://schema.org/> .\n@prefix oa: <{OA}> .\n"
        f"@prefix quote: <{QUOTE_NS}> .\n@prefix source: <{SOURCE_NS}> .\n\n"
        f"source:{slug} a kg:Article ;\n"
        f"    rdfs:label {_string(f'{title} ({_long_date(published)})')}@en ;\n"
        f"    dcterms:title {_string(title)}@en ;\n"
        f"    schema:headline {_string(title)}@en ;\n"
        f"    dcterms:creator {agents} ;\n"
        f"    schema:author {agents} ;\n"
        f"    dcterms:publisher {_iri(publisher)} ;\n"
        f"    schema:publisher {_iri(publisher)} ;\n"
        f"    dcterms:issued \"{published}\"^^xsd:date ;\n"
        f"    schema:datePublished \"{published}\"^^xsd:date ;\n"
        f"    schema:url <{_checked_url(url)}> ;\n"
        f"    kg:localCopy {_string(local_copy)} ;\n"
        f"    kg:sha256 \"{digest}\"^^xsd:hexBinary"
        + (f" ;\n    kg:quote quote:{slug}-title .\n" if with_title_quote else " .\n")
    )


def _long_date(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _checked_url(url: str) -> str:
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
        raise CurationError(f"--url {url!r}: give the absolute http(s) URL of the source")
    return url


def _iri(name: str) -> str:
    """An agent given as a full IRI or relative to https://w3id.org/kgraph/id/ (`person/jane-doe`)."""
    iri = name if re.match(r"^https?://", name) else str(KGR) + name
    if re.search(r"[\s<>\"{}|\\^`]", iri):
        raise CurationError(f"{name!r} is not an IRI")
    return f"<{iri}>"


# --- kgraph quote -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int


def quote(root: Path, source: str, exact: str, name: str | None = None) -> str:
    """The Turtle of a kg:Quote of `exact` in `source` (a slug, `source:slug` or the IRI), with its two selectors, in
    the shape of data/quotes.ttl. Refuses text that does not occur in the source's stored text (naming the nearest
    match) or that occurs more than once (naming every occurrence)."""
    iri, text, text_path = _source_text(root.resolve(), source)
    if not exact:
        raise CurationError("the text to quote is empty")
    starts = [m.start() for m in re.finditer(re.escape(exact), text)]
    if not starts:
        raise CurationError(f"the text does not occur in {text_path}; nearest match: {_nearest(text, exact)}")
    if len(starts) > 1:
        places = ", ".join(f"{s}–{s + len(exact)}" for s in starts)
        raise CurationError(f"the text occurs {len(starts)} times in {text_path} (at {places}): quote a longer span "
                            "that occurs once")
    name = name or _slugify(exact)[:48].rstrip("-")
    if not SLUG.match(name):
        raise CurationError(f"--id {name!r}: use lower-case letters, digits and single hyphens")
    return _quote_turtle(QUOTE_NS[name], iri, text, starts[0], len(exact))


def _source_text(root: Path, source: str) -> tuple[URIRef, str, Path]:
    iri = URIRef(source if source.startswith("http") else SOURCE_NS + source.removeprefix("source:"))
    for path in ProjectFiles.discover(root).data:
        local_copy = parse_file(path).value(iri, KG.localCopy)
        if local_copy is not None:
            text_path = Path(str(local_copy))
            return iri, _decode(text_path, _read_bytes(root / text_path)), text_path
    raise CurationError(f"no source {iri} with a kg:localCopy in data/ (register it with `kgraph add-source`)")


def _nearest(text: str, wanted: str) -> str:
    """The span of `text`, as long as `wanted` and starting at a word, most like it (difflib's ratio), looked for around
    their longest common block; with its offsets."""
    block = difflib.SequenceMatcher(None, text, wanted, autojunk=False).find_longest_match(0, len(text), 0, len(wanted))
    anchor = block.a - block.b
    starts = [p for p in range(max(0, anchor - len(wanted)), min(len(text), anchor + len(wanted)) + 1)
              if p == 0 or not text[p - 1].isalnum()] or [max(0, anchor)]
    best = max(starts, key=lambda p: (difflib.SequenceMatcher(None, text[p:p + len(wanted)], wanted).ratio(), -p))
    return f"{best}–{best + len(wanted)} {text[best:best + len(wanted)]!r}"


def _quote_turtle(iri: URIRef, source: URIRef, text: str, start: int, length: int) -> str:
    end = start + length
    exact = text[start:end]
    name = iri[len(QUOTE_NS):]
    prefix, suffix = text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]
    shown = " ".join(exact.split())
    label = shown if len(shown) <= LABEL_CHARS + 1 else shown[:LABEL_CHARS].rstrip() + "…"
    selector_lines = [f"    oa:exact {_string(exact)}"]
    selector_lines += [f"    oa:prefix {_string(prefix)}"] if prefix else []
    selector_lines += [f"    oa:suffix {_string(suffix)}"] if suffix else []
    return (
        f"quote:{name} a kg:Quote ;\n"
        f"    rdfs:label {_string('Quote: ' + label)}@en ;\n"
        f"    oa:hasSource source:{source[len(SOURCE_NS):]} ;\n"
        f"    oa:hasSelector <{iri}#text>, <{iri}#position> .\n"
        f"<{iri}#text> a oa:TextQuoteSelector ;\n"
        f"    rdfs:label \"Text selector of quote {name}\"@en ;\n"
        + " ;\n".join(selector_lines) + " .\n"
        f"<{iri}#position> a oa:TextPositionSelector ;\n"
        f"    rdfs:label \"Position selector of quote {name}\"@en ;\n"
        f"    oa:start {start} ;\n"
        f"    oa:end {end} .\n"
    )


def _string(value: str) -> str:
    """A Turtle string literal with the escapes data/quotes.ttl uses (the text itself kept verbatim otherwise)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + '"'


# --- kgraph check-quotes ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteProblem:
    path: Path  # the data file, relative to the project
    line: int | None
    subject: Node
    message: str

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{location}: {self.subject}: {self.message}"


@dataclass(frozen=True)
class QuoteCheck:
    quotes: int
    sources: int
    problems: tuple[QuoteProblem, ...]


def check_quotes(root: Path) -> QuoteCheck:
    """Every quote of the data against its source's stored text: the text at its offsets is its oa:exact, between its
    oa:prefix and oa:suffix, and prefix + exact + suffix occurs once; and every source's text against its SHA-256
    (kg:sha256, and the .sha256 file beside the text)."""
    root = root.resolve()
    files = [(path, parse_file(path)) for path in ProjectFiles.discover(root).data]
    graph = Graph()
    for _, part in files:
        graph += part
    problems: list[QuoteProblem] = []
    texts: dict[Node, str | None] = {}
    for source in sorted(set(graph.subjects(KG.localCopy, None)), key=str):
        texts[source] = _checked_source(root, files, graph, source, problems)
    quotes = sorted(set(graph.subjects(RDF.type, KG.Quote)), key=str)
    for quote_iri in quotes:
        problems += _quote_problems(root, files, graph, quote_iri, texts)
    return QuoteCheck(len(quotes), len(texts), tuple(problems))


def _checked_source(root: Path, files: SourceFiles, graph: Graph, source: Node,
                    problems: list[QuoteProblem]) -> str | None:
    text_path = Path(str(graph.value(source, KG.localCopy)))
    try:
        content = (root / text_path).read_bytes()
    except OSError as error:
        problems.append(_problem(root, files, source, f"its kg:localCopy {text_path} cannot be read: {error.strerror}"))
        return None
    digest = hashlib.sha256(content).hexdigest()
    recorded = str(graph.value(source, KG.sha256))
    if recorded != digest:
        problems.append(_problem(root, files, source, f"kg:sha256 {recorded} but {text_path} has SHA-256 {digest}"))
    checksum_file = root / text_path.with_name(text_path.name + ".sha256")
    if checksum_file.is_file() and checksum_file.read_text(encoding="utf-8").split()[:1] != [digest]:
        problems.append(_problem(root, files, source, f"{checksum_file.relative_to(root)} does not hold the SHA-256 "
                                                      f"of {text_path} ({digest})"))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(_problem(root, files, source, f"{text_path} is not UTF-8 text"))
        return None


def _quote_problems(root: Path, files: SourceFiles, graph: Graph, quote_iri: Node,
                    texts: dict[Node, str | None]) -> list[QuoteProblem]:
    source = graph.value(quote_iri, OA.hasSource)
    if source not in texts:
        return [_problem(root, files, quote_iri, f"its oa:hasSource {source} has no stored text (kg:localCopy)")]
    text = texts[source]
    if text is None:
        return []  # the source's own problem is reported
    chosen = list(graph.objects(quote_iri, OA.hasSelector))
    by_type = {kind: [s for s in chosen if (s, RDF.type, OA[kind]) in graph]
               for kind in ("TextQuoteSelector", "TextPositionSelector")}
    if any(len(found) != 1 for found in by_type.values()):
        return [_problem(root, files, quote_iri, "needs exactly one oa:TextQuoteSelector and one "
                                                 "oa:TextPositionSelector")]
    [selector], [position] = by_type["TextQuoteSelector"], by_type["TextPositionSelector"]
    exact = str(graph.value(selector, OA.exact))
    prefix, suffix = str(graph.value(selector, OA.prefix) or ""), str(graph.value(selector, OA.suffix) or "")
    start, end = int(str(graph.value(position, OA.start))), int(str(graph.value(position, OA.end)))
    problems = []
    if text[start:end] != exact:
        problems.append(_problem(root, files, position, f"oa:start {start} / oa:end {end} select "
                                 f"{_clip(text[start:end])}, not its oa:exact {_clip(exact)}"))
    elif text[max(0, start - len(prefix)):start] != prefix:
        problems.append(_problem(root, files, selector, f"oa:prefix {_clip(prefix)} is not the text before it "
                                 f"({_clip(text[max(0, start - len(prefix)):start])})"))
    elif text[end:end + len(suffix)] != suffix:
        problems.append(_problem(root, files, selector, f"oa:suffix {_clip(suffix)} is not the text after it "
                                 f"({_clip(text[end:end + len(suffix)])})"))
    elif text.count(prefix + exact + suffix) != 1:
        problems.append(_problem(root, files, selector, "prefix + exact + suffix occurs "
                                 f"{text.count(prefix + exact + suffix)} times: the text selector alone is ambiguous"))
    return problems


def _clip(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _problem(root: Path, files: SourceFiles, subject: Node, message: str) -> QuoteProblem:
    """The problem, located at the line of the data file where `subject` is described (its first line as a subject)."""
    for path, graph in files:
        if (subject, None, None) in graph:
            return QuoteProblem(path.relative_to(root), _subject_line(path, subject), subject, message)
    return QuoteProblem(Path("data"), None, subject, message)


def _subject_line(path: Path, subject: Node) -> int | None:
    lines, iri = path.read_text(encoding="utf-8").splitlines(), str(subject)
    declared = [m.groups() for m in map(PREFIX_DECLARATION.match, lines) if m]
    spellings = [f"<{iri}>"] + [f"{prefix or ''}:{iri[len(ns):]}" for prefix, ns in declared
                                if iri.startswith(ns) and len(iri) > len(ns)]
    for number, line in enumerate(lines, start=1):
        if any(line.startswith(spelling + " ") for spelling in spellings):
            return number
    return None


# --- writing ----------------------------------------------------------------------------------------------------------

def _write_all(files: dict[Path, bytes]) -> None:
    """Each file atomically, in order; if one fails, the ones already written are removed again."""
    written = []
    try:
        for target, payload in files.items():
            write_atomically(target, payload)
            written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise

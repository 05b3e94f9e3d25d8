"""Link stage: propose Wikidata items for kgraph resources that have none, and record accepted links.

Public entry points: ``propose_links(...)`` (returns ranked proposals), ``accept_links(...)`` (appends the best
proposal of each resource to ``data/links-wikidata.trig``, in its graph ``kgg:outside``, atomically), and ``add_arguments(parser)`` / ``run(args)``
for the ``kgraph link`` subcommand.

For each resource of a linkable kind without a ``skos:exactMatch`` to a ``wd:`` item, one SPARQL query is sent over
HTTP (POST form, ``application/sparql-results+json``) to a Wikidata endpoint, asking for items whose English label or
alias equals the resource's label or one of its transliteration variants. Each candidate is scored on the evidence:
label match, ``wdt:P31`` class against the kind's expected classes, country (``wdt:P27``/``wdt:P17``) against the
Wikidata items of the states the resource is related to in our graph, and birth date (``wdt:P569``) where our graph
has one. Links are never accepted blindly: only the best candidate, above a threshold, and clearly ahead of the next.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kgraph.errors import KgraphError
from kgraph.files import write_atomically
from kgraph.formats import SPARQL_JSON, TRIG
from kgraph.load import ProjectFiles
from kgraph.namespaces import (
    GRAPH_ALIGNMENTS,
    GRAPH_ONTOLOGY,
    GRAPH_OUTSIDE,
    KG,
    KGR,
    SCHEMA,
    WD,
    bind_prefixes,
)
from kgraph.terms import rdflib_graph

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
LINKS_FILE = Path("data") / "links-wikidata.trig"
USER_AGENT = "kgraph-link/0.1 (https://w3id.org/kgraph; open knowledge graph of the Schrodinger's Iskanders affair)"
TIMEOUT_S = 20.0
ACCEPT_THRESHOLD = 1.2
ACCEPT_MARGIN = 0.2

# The linkable kinds: our class (kg: local name), the IRI kind under kgr:, and the Wikidata classes (wdt:P31 values)
# that count as a type match. The class QIDs are query hints for scoring, not links; a kind with no entry scores no
# type evidence either way.
TYPE_TABLE: dict[str, dict[str, Any]] = {
    "Person": {"kind": "person", "classes": {"Q5"}},                                   # human
    "State": {"kind": "state", "classes": {"Q6256", "Q3624078"}},                      # country, sovereign state
    "Place": {"kind": "place", "classes": {"Q515", "Q486972", "Q82794"}},              # city, settlement, region
    "Organization": {"kind": "org", "classes": {"Q43229", "Q3918"}},                   # organization, university
    "Office": {"kind": "office", "classes": {"Q4164871"}},                             # position
    "WeaponSystem": {"kind": "weapon", "classes": set()},
    "Event": {"kind": "event", "classes": {"Q198"}},                                   # war
    "Agreement": {"kind": "agreement", "classes": set()},
}
_KIND_TO_TYPE = {spec["kind"]: name for name, spec in TYPE_TABLE.items()}
_TYPE_ALIASES = {"organisation": "Organization", "weapon": "WeaponSystem", "country": "State"}

_WDT = "http://www.wikidata.org/prop/direct/"
_LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name,
                     URIRef("http://xmlns.com/foaf/0.1/name"))

# Transliteration alternations seen in this affair's names (Armenian, Azerbaijani and Russian names in English):
# each pair is tried both ways, on whole lower-cased names.
_TRANSLIT = [
    ("sarkissian", "sargsyan"), ("sarkisian", "sargsyan"), ("hakopian", "hakobyan"), ("ian", "yan"),
    ("aliyev", "aliev"), ("mammadov", "mamedov"), ("iy", "i"), ("kh", "x"), ("dmitry", "dmitri"),
]


class LinkError(KgraphError):
    """The link stage cannot go on: the endpoint, its answer, or an input file is unusable."""


# --- the resources we want to link ------------------------------------------------------------------------------

@dataclass
class Resource:
    iri: URIRef
    type_name: str
    labels: list[str]
    country_qids: set[str] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)

    @property
    def short(self) -> str:
        return "kgr:" + str(self.iri)[len(str(KGR)):] if str(self.iri).startswith(str(KGR)) else str(self.iri)


@dataclass
class Candidate:
    qid: str
    label: str = ""
    description: str = ""
    matched_names: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    birth_dates: set[str] = field(default_factory=set)


@dataclass
class Proposal:
    resource: Resource
    candidate: Candidate
    score: float
    evidence: list[str]


def load_project_graph(root: Path) -> Graph:
    """The ontology and every statement of the data of the project at ``root`` (whatever its named graph), in one
    graph, read by the load stage (a malformed file is an InputError naming its line and column)."""
    files = ProjectFiles.discover(root)
    graph = rdflib_graph(chain(files.quads(GRAPH_ONTOLOGY), files.quads(GRAPH_ALIGNMENTS), files.data_quads()))
    bind_prefixes(graph)
    return graph


def _qid(node: object) -> str | None:
    text = str(node)
    if isinstance(node, URIRef) and text.startswith(str(WD)):
        qid = text[len(str(WD)):]
        return qid if re.fullmatch(r"Q[1-9][0-9]*", qid) else None
    return None


def _type_of(graph: Graph, iri: URIRef) -> str | None:
    for cls in graph.objects(iri, RDF.type):
        if str(cls).startswith(str(KG)):
            local = str(cls)[len(str(KG)):]
            if local in TYPE_TABLE:
                return local
    text = str(iri)
    if text.startswith(str(KGR)):
        path = text[len(str(KGR)):].split("/")
        if len(path) == 2 and path[1]:  # kind/slug, not agreement/<slug>/article-4
            return _KIND_TO_TYPE.get(path[0])
    return None


def _labels(graph: Graph, iri: URIRef) -> list[str]:
    labels: list[str] = []
    for predicate in _LABEL_PREDICATES:
        for value in graph.objects(iri, predicate):
            if (isinstance(value, Literal) and (value.language in (None, "en") or not value.language)
                    and str(value) not in labels):
                labels.append(str(value))
    if not labels:  # fall back on the slug: person/nikol-pashinyan -> "nikol pashinyan"
        labels.append(str(iri).rstrip("/").rsplit("/", 1)[-1].replace("-", " "))
    return labels


def find_unlinked(graph: Graph, types: set[str] | None = None) -> list[Resource]:
    """Resources of the linkable kinds (optionally only ``types``) that have no skos:exactMatch (or skos:closeMatch)
    to a wd: item."""
    candidates: set[URIRef] = set()
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and _type_of(graph, subject):
            candidates.add(subject)
    linked_qid = {s: qid for match in (SKOS.exactMatch, SKOS.closeMatch)
                  for s, o in graph.subject_objects(match) if (qid := _qid(o))}
    resources = []
    for iri in sorted(candidates):
        type_name = _type_of(graph, iri)
        if type_name is None or iri in linked_qid or (types and type_name not in types):
            continue
        resource = Resource(iri, type_name, _labels(graph, iri))
        for neighbour in list(graph.objects(iri, None)) + list(graph.subjects(None, iri)):
            if isinstance(neighbour, URIRef) and _type_of(graph, neighbour) == "State" and neighbour in linked_qid:
                resource.country_qids.add(linked_qid[neighbour])
        for predicate, value in graph.predicate_objects(iri):
            if str(predicate).endswith(("birthDate", "dateOfBirth")):
                resource.birth_dates.add(str(value)[:10])
        resources.append(resource)
    return resources


# --- names ------------------------------------------------------------------------------------------------------

def normalise(name: str) -> str:
    """Case-folded, accent-less, punctuation-less form of a name (Azerbaijani schwa as 'a', as in English usage)."""
    text = name.replace("Ə", "A").replace("ə", "a").replace("ı", "i").replace("İ", "I")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())


def name_variants(name: str) -> list[str]:
    """The name, its normalised form and its transliteration variants (each alternation applied once, both ways)."""
    base = normalise(name)
    variants = {base}
    for a, b in _TRANSLIT:
        for src, dst in ((a, b), (b, a)):
            for form in list(variants):  # a copy: the loop adds to the set
                if src in form:
                    variants.add(form.replace(src, dst))
    return sorted(variants)


def _title(name: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in name.split(" "))


# --- the endpoint -----------------------------------------------------------------------------------------------

def _candidate_query(resource: Resource) -> str:
    names = []
    for label in resource.labels:
        for form in [label] + [_title(v) for v in name_variants(label)]:
            if form not in names:
                names.append(form)
    values = " ".join(json.dumps(n, ensure_ascii=False) + "@en" for n in names)
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wdt: <{_WDT}>
SELECT ?item ?name ?label ?class ?country ?birth ?description WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }}
  OPTIONAL {{ ?item rdfs:label ?label FILTER(LANG(?label) = "en") }}
  OPTIONAL {{ ?item wdt:P31 ?class }}
  OPTIONAL {{ ?item wdt:P27|wdt:P17 ?country }}
  OPTIONAL {{ ?item wdt:P569 ?birth }}
  OPTIONAL {{ ?item schema:description ?description FILTER(LANG(?description) = "en") }}
}}
LIMIT 500"""


def _post(client: httpx.Client, endpoint: str, query: str) -> list[dict[str, dict[str, str]]]:
    try:
        response = client.post(endpoint, data={"query": query})
    except httpx.TimeoutException:
        raise LinkError(f"the Wikidata endpoint {endpoint} did not answer within {TIMEOUT_S:g} s") from None
    except httpx.HTTPError as exc:
        raise LinkError(f"cannot reach the Wikidata endpoint {endpoint}: {exc or type(exc).__name__}") from None
    if response.status_code >= 400:
        first = (response.text.strip().splitlines() or [""])[0][:200]
        raise LinkError(f"the Wikidata endpoint {endpoint} answered HTTP {response.status_code}: {first}")
    try:
        bindings: list[dict[str, dict[str, str]]] = response.json()["results"]["bindings"]
        return bindings
    except (ValueError, KeyError, TypeError):
        raise LinkError(f"the Wikidata endpoint {endpoint} did not answer with SPARQL JSON results "
                        f"(content-type {response.headers.get('content-type', 'none')})") from None


def query_candidates(resource: Resource, endpoint: str, client: httpx.Client) -> list[Candidate]:
    """The Wikidata items whose English label or alias matches one of the resource's names."""
    found: dict[str, Candidate] = {}
    for row in _post(client, endpoint, _candidate_query(resource)):
        qid = _qid(URIRef(row.get("item", {}).get("value", "")))
        if not qid:
            continue
        cand = found.setdefault(qid, Candidate(qid))
        def value(key: str, row: dict[str, dict[str, str]] = row) -> str:
            return row.get(key, {}).get("value", "")

        if value("name"):
            cand.matched_names.add(value("name"))
        if value("label"):
            cand.label = value("label")
        if value("description"):
            cand.description = value("description")
        for key, target in (("class", cand.classes), ("country", cand.countries)):
            qid_value = _qid(URIRef(value(key) or ""))
            if qid_value:
                target.add(qid_value)
        if value("birth"):
            cand.birth_dates.add(value("birth")[:10])
    return list(found.values())


# --- scoring ----------------------------------------------------------------------------------------------------

def score(resource: Resource, cand: Candidate) -> tuple[float, list[str]]:
    """A score (higher is better; about 1 for a bare exact label, 2 with every piece of evidence) and its reasons."""
    total, evidence = 0.0, []
    own = {normalise(label) for label in resource.labels}
    matched = {normalise(n) for n in cand.matched_names | ({cand.label} if cand.label else set())}
    variants = {v for label in resource.labels for v in name_variants(label)}
    if {label for label in resource.labels} & (cand.matched_names | {cand.label}):
        total += 1.0
        evidence.append("label exact")
    elif own & matched:
        total += 0.9
        evidence.append("label normalised")
    elif variants & matched:
        total += 0.7
        evidence.append("label transliteration")
    expected = TYPE_TABLE.get(resource.type_name, {}).get("classes", set())
    if expected and cand.classes & expected:
        total += 0.5
        evidence.append(f"type P31={','.join(sorted(cand.classes & expected))}")
    elif expected and cand.classes:
        total -= 0.5
        evidence.append(f"type mismatch P31={','.join(sorted(cand.classes))}")
    if resource.country_qids and cand.countries:
        if resource.country_qids & cand.countries:
            total += 0.3
            evidence.append(f"country {','.join(sorted(resource.country_qids & cand.countries))}")
        else:
            total -= 0.3
            evidence.append(f"country mismatch {','.join(sorted(cand.countries))}")
    if resource.birth_dates and cand.birth_dates:
        if resource.birth_dates & cand.birth_dates:
            total += 0.5
            evidence.append(f"born {min(resource.birth_dates & cand.birth_dates)}")
        else:
            total -= 1.0
            evidence.append(f"birth date mismatch {min(cand.birth_dates)}")
    elif cand.birth_dates:
        evidence.append(f"born {min(cand.birth_dates)}")
    if not (cand.classes or cand.countries or cand.birth_dates):
        evidence.append("no claims")
    return round(total, 2), evidence


def propose_links(graph: Graph | None = None, root: Path | None = None, endpoint: str = DEFAULT_ENDPOINT,
                  types: set[str] | None = None, client: httpx.Client | None = None) -> list[Proposal]:
    """Ranked candidates (best first, per resource) for every unlinked linkable resource of ``graph`` or ``root``."""
    if graph is None:
        graph = load_project_graph(root or Path.cwd())
    own_client = client is None
    if client is None:
        client = httpx.Client(timeout=TIMEOUT_S, headers={"User-Agent": USER_AGENT,
                                                          "Accept": SPARQL_JSON.media_type})
    try:
        proposals: list[Proposal] = []
        for resource in find_unlinked(graph, types):
            ranked = []
            for cand in query_candidates(resource, endpoint, client):
                total, evidence = score(resource, cand)
                ranked.append(Proposal(resource, cand, total, evidence))
            ranked.sort(key=lambda p: (-p.score, int(p.candidate.qid[1:])))
            proposals.extend(ranked)
        return proposals
    finally:
        if own_client:
            client.close()


def best_proposals(proposals: list[Proposal], threshold: float = ACCEPT_THRESHOLD,
                   margin: float = ACCEPT_MARGIN) -> list[Proposal]:
    """Per resource, the best proposal if it reaches ``threshold`` and beats the runner-up by ``margin``."""
    by_resource: dict[URIRef, list[Proposal]] = {}
    for proposal in proposals:
        by_resource.setdefault(proposal.resource.iri, []).append(proposal)
    chosen = []
    for ranked in by_resource.values():
        ranked = sorted(ranked, key=lambda p: -p.score)
        if ranked[0].score >= threshold and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= margin):
            chosen.append(ranked[0])
    return chosen


# --- writing ----------------------------------------------------------------------------------------------------

def _turtle_name(iri: URIRef) -> str:
    text = str(iri)
    local = text[len(str(KGR)):] if text.startswith(str(KGR)) else None
    if local and re.fullmatch(r"[a-z0-9][a-z0-9/-]*", local):
        return "kgr:" + local.replace("/", "\\/")
    return f"<{text}>"


def accept_links(proposals: list[Proposal], links_file: Path, endpoint: str) -> int:
    """Append one ``skos:exactMatch`` per proposal to ``links_file`` (TriG), in a new ``GRAPH kgg:outside`` block (a
    link is a fact from outside the article), atomically; returns how many were written."""
    if not proposals:
        return 0
    try:
        original = links_file.read_text(encoding="utf-8") if links_file.exists() else ""
    except OSError as exc:
        raise LinkError(f"{links_file}: cannot read: {exc.strerror}") from None
    header = "" if original else ("PREFIX kgr: <https://w3id.org/kgraph/id/>\n"
                                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                                  "PREFIX wd: <http://www.wikidata.org/entity/>\n")
    today = _dt.date.today().isoformat()
    lines = [f"\n# Accepted by `kgraph link --accept` on {today} from {endpoint} (review before committing).\n",
             f"GRAPH <{GRAPH_OUTSIDE}> {{\n"]
    for p in proposals:
        label = p.candidate.label.replace("\n", " ")
        lines.append(f"# {p.candidate.qid} \"{label}\": score {p.score}; {'; '.join(p.evidence)}\n")
        lines.append(f"{_turtle_name(p.resource.iri)} skos:exactMatch wd:{p.candidate.qid} .\n")
    lines.append("}\n")
    new_text = (original if original.endswith("\n") or not original else original + "\n") + header + "".join(lines)
    try:
        list(pyoxigraph.parse(new_text, format=TRIG.rdf))
    except SyntaxError as exc:
        raise LinkError(f"{links_file}: the links would not parse, nothing written: {str(exc).splitlines()[0]}") from None
    try:
        write_atomically(links_file, new_text.encode("utf-8"),
                         mode=links_file.stat().st_mode & 0o777 if links_file.exists() else None)
    except OSError as exc:
        raise LinkError(f"{links_file}: cannot write: {exc.strerror}") from None
    return len(proposals)


# --- command line -----------------------------------------------------------------------------------------------

def format_table(proposals: list[Proposal], per_resource: int = 3) -> str:
    """A plain-text table: resource, candidate QID, label, score, evidence (best ``per_resource`` per resource)."""
    rows = [("resource", "candidate", "label", "score", "evidence")]
    seen: dict[URIRef, int] = {}
    for p in proposals:
        seen[p.resource.iri] = seen.get(p.resource.iri, 0) + 1
        if seen[p.resource.iri] <= per_resource:
            rows.append((p.resource.short, "wd:" + p.candidate.qid, p.candidate.label[:40], f"{p.score:.2f}",
                         "; ".join(p.evidence)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4] for r in rows)


def _parse_types(value: str) -> set[str]:
    names = set()
    for raw in value.split(","):
        raw = raw.strip()
        name = next((t for t in TYPE_TABLE if t.lower() == raw.lower()), _TYPE_ALIASES.get(raw.lower()))
        if not name:
            raise argparse.ArgumentTypeError(f"unknown type {raw!r}; one of {', '.join(TYPE_TABLE)}")
        names.add(name)
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kgraph link``."""
    parser.add_argument("--endpoint", default=os.environ.get("KGRAPH_WIKIDATA_ENDPOINT", DEFAULT_ENDPOINT),
                        help=f"Wikidata SPARQL endpoint (default {DEFAULT_ENDPOINT}, or $KGRAPH_WIKIDATA_ENDPOINT)")
    parser.add_argument("--type", dest="types", type=_parse_types, default=None,
                        help=f"only resources of these types, comma-separated: {', '.join(TYPE_TABLE)}")
    parser.add_argument("--accept", action="store_true",
                        help=f"append the best candidate of each resource (score >= {ACCEPT_THRESHOLD}, "
                             f"ahead of the next by >= {ACCEPT_MARGIN}) to {LINKS_FILE}")


def run(args: argparse.Namespace) -> int:
    """Run ``kgraph link``: print the candidate table, optionally accept (a LinkError is the CLI's to report)."""
    root: Path = args.root
    proposals = propose_links(root=root, endpoint=args.endpoint, types=args.types)
    if not proposals:
        print("no candidates: every linkable resource is linked, or no Wikidata item matches a label")
        return 0
    print(format_table(proposals))
    if args.accept:
        chosen = best_proposals(proposals)
        written = accept_links(chosen, root / LINKS_FILE, args.endpoint)
        print(f"accepted {written} link(s) into {LINKS_FILE}")
    return 0

"""The schema.org claims export: the exact set of Claims, their appearances and first appearance, the one ClaimReview,
and every class and property checked against the schema.org vocabulary (its release file, shipped as a fixture)."""

import functools
import json
import subprocess
import sys
from urllib.parse import unquote

from conftest import FIXTURES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kgraph.claims import CONTEXT, claims_jsonld
from kgraph.namespaces import KGR, SCHEMA, sparql_prologue

SCHEMA_RELEASE = FIXTURES / "vocabularies" / "schemaorg-current-http.ttl"
AUTHOR = str(KGR["person/mahammad-mammadov"])
PAGE = "https://armenianclub.com/?p=436205"
# schema.org's data types, by the datatype of a literal that is a value of them (rdflib gives plain strings xsd:string)
DATATYPES = {XSD.string: SCHEMA.Text, XSD.date: SCHEMA.Date, XSD.dateTime: SCHEMA.DateTime}


@functools.lru_cache(maxsize=1)
def _document(built) -> dict:
    return json.loads(claims_jsonld(built))


def nodes(built, kind: str) -> dict[str, dict]:
    return {node["@id"]: node for node in _document(built)["@graph"] if node["@type"] == kind}


def ids(values) -> set[str]:
    return {value["@id"].rsplit("/", 1)[-1] for value in values}


def test_every_proposition_but_the_deontic_ones_is_a_claim(built_project):
    rows = built_project.query(sparql_prologue() + "SELECT ?p WHERE { ?p a kg:Proposition "
                               "FILTER NOT EXISTS { ?p a kg:DeonticProposition } }", article_only=True)
    propositions = {row[0].value for row in rows}
    assert set(nodes(built_project, "Claim")) == propositions
    assert len(propositions) == 63
    assert str(KGR["proposition/khachatrian-should-be-dismissed"]) not in propositions


def test_a_claim_with_its_appearances_authors_and_first_appearance(built_project):
    claim = nodes(built_project, "Claim")[str(KGR["proposition/armenia-used-iskanders-in-2020-war"])]
    assert claim["name"] == "Armenia used Iskander missiles during the 2020 war"
    assert ids(claim["appearance"]) == {"aliyev-doubt-2021-02-26", "hakopian-claim-2020-11",
                                        "pashinyan-1in-am-interview-2021-02-23"}
    # Hakopian's claim is dated by its month only (bounds 1-30 November 2020): its lower bound is the earliest
    assert claim["firstAppearance"] == {"@id": str(KGR["statement/hakopian-claim-2020-11"])}
    assert claim["author"] == {"@id": str(KGR["person/movses-hakopian"])}
    appearances = {a["@id"].rsplit("/", 1)[-1]: a for a in claim["appearance"]}
    hakopian = appearances["hakopian-claim-2020-11"]
    assert (hakopian.get("datePublished"), hakopian["earliestDate"], hakopian["latestDate"]) == \
        (None, "2020-11-01", "2020-11-30")
    assert hakopian["author"] == {"@id": str(KGR["person/movses-hakopian"]), "@type": "Person",
                                  "name": "Movses Hakopian"}
    assert appearances["aliyev-doubt-2021-02-26"]["datePublished"] == "2021-02-26"
    assert hakopian["isPartOf"] == {"@id": str(KGR["source/nee-2021-04-27-schrodingers-iskanders"])}


def test_the_url_of_an_appearance_opens_the_page_at_its_verbatim_quote(built_project):
    claim = nodes(built_project, "Claim")[str(KGR["proposition/iskanders-fired-at-shusha"])]
    assert claim["firstAppearance"] == {"@id": str(KGR["statement/anama-report-2021-03-31"])}
    for appearance in claim["appearance"]:
        texts, urls = appearance["text"], appearance["url"]
        texts, urls = ([texts], [urls]) if isinstance(texts, str) else (texts, urls)
        assert sorted(unquote(url.removeprefix(PAGE + "#:~:text=")) for url in urls) == sorted(texts)
        assert all("-" not in url.split("#:~:text=")[1] for url in urls)  # '-' delimits a text directive's parts


def test_a_speaker_schema_org_cannot_take_as_author_is_named_in_the_description_only(built_project):
    claim = nodes(built_project, "Claim")[str(KGR["proposition/iskander-m-illegally-delivered-to-armenia"])]
    [sources] = [a for a in claim["appearance"] if a["@id"].endswith("/sources-close-investigation")]
    assert "author" not in sources
    assert sources["description"] == "report by sources close to the Azerbaijani government"
    assert (sources.get("earliestDate"), sources["latestDate"]) == (None, "2021-04-27")


def test_the_one_claim_review_is_the_authors_own_evaluation(built_project):
    reviews = nodes(built_project, "ClaimReview")
    assert list(reviews) == [str(KGR["statement/author-possible-use-shusha#review-iskanders-fired-at-shusha"])]
    [review] = reviews.values()
    assert review["author"] == {"@id": AUTHOR, "@type": "Person", "name": "Mahammad Mammadov"}
    assert review["itemReviewed"] == {"@id": str(KGR["proposition/iskanders-fired-at-shusha"])}
    assert review["reviewBody"] == ("the possible use of Russia-made Iskander missiles against Azerbaijani targets in "
                                    "Shusha has raised serious questions regarding who was responsible for such "
                                    "actions and why.")
    assert review["reviewRating"]["alternateName"] == "PS+"
    assert review["datePublished"] == "2021-04-27"


def test_the_document_is_deterministic(built_project):
    assert claims_jsonld(built_project) == claims_jsonld(built_project)


@functools.lru_cache(maxsize=1)
def schema_vocabulary() -> Graph:
    return Graph().parse(SCHEMA_RELEASE, format="turtle")


def _superclasses(vocabulary: Graph, kind: URIRef) -> set[URIRef]:
    return set(vocabulary.transitive_objects(kind, RDFS.subClassOf))


def _value_kinds(graph: Graph, vocabulary: Graph, value) -> set[URIRef]:
    if isinstance(value, Literal):
        kind = DATATYPES[value.datatype or XSD.string]
        return _superclasses(vocabulary, kind)
    types = {t for t in graph.objects(value, RDF.type) if t.startswith(str(SCHEMA))}
    # an IRI described by nothing but itself is a URL (isBasedOn a quote, url)
    return set().union(*(_superclasses(vocabulary, t) for t in types)) if types else {SCHEMA.URL}


def test_every_class_and_property_exists_in_schema_org_and_domains_and_ranges_hold(built_project):
    vocabulary = schema_vocabulary()
    graph = Graph().parse(data=claims_jsonld(built_project), format="json-ld")
    used_classes = {t for t in graph.objects(None, RDF.type)}
    assert used_classes == {SCHEMA.Claim, SCHEMA.ClaimReview, SCHEMA.CreativeWork, SCHEMA.Article, SCHEMA.Person,
                            SCHEMA.Organization, SCHEMA.Rating}
    for kind in used_classes:
        assert (kind, RDF.type, RDFS.Class) in vocabulary, kind
        assert (kind, SCHEMA.supersededBy, None) not in vocabulary, kind
    checked = set()
    for subject, predicate, value in graph:
        if predicate == RDF.type or not predicate.startswith(str(SCHEMA)):
            continue  # kg:earliestDate / kg:latestDate are ours, documented in the README
        assert (predicate, RDF.type, RDF.Property) in vocabulary, predicate
        assert (predicate, SCHEMA.supersededBy, None) not in vocabulary, predicate
        domains = set(vocabulary.objects(predicate, SCHEMA.domainIncludes))
        subject_kinds = set().union(*(_superclasses(vocabulary, t) for t in graph.objects(subject, RDF.type)))
        assert subject_kinds & domains, f"{subject} {predicate}: not in its domain {domains}"
        ranges = set(vocabulary.objects(predicate, SCHEMA.rangeIncludes))
        assert _value_kinds(graph, vocabulary, value) & ranges, f"{subject} {predicate} {value!r}: not in {ranges}"
        checked.add(predicate)
    assert {SCHEMA.appearance, SCHEMA.firstAppearance, SCHEMA.author, SCHEMA.datePublished, SCHEMA.url,
            SCHEMA.itemReviewed, SCHEMA.reviewBody, SCHEMA.reviewRating} <= checked


def test_a_misused_property_is_caught_by_the_check(built_project):
    """The check bites: schema:firstAppearance on a CreativeWork (its domain is Claim) is out of its domain."""
    vocabulary = schema_vocabulary()
    domains = set(vocabulary.objects(SCHEMA.firstAppearance, SCHEMA.domainIncludes))
    assert not _superclasses(vocabulary, SCHEMA.CreativeWork) & domains
    assert _superclasses(vocabulary, SCHEMA.Claim) & domains


def kgraph(*args):
    return subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, args)], capture_output=True, text=True)


def test_kgraph_export_format_claims_writes_the_document(built_project, project_root, tmp_path):
    cache = ["--root", project_root, "--cache-dir", built_project.directory.parent]
    done = kgraph(*cache, "export", "--format", "claims", "--output", tmp_path / "claims.jsonld")
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "claims.jsonld").read_bytes()
    assert written == claims_jsonld(built_project)
    assert done.stdout == f"wrote {tmp_path / 'claims.jsonld'} (application/ld+json): schema.org claims, " \
                          f"{len(written)} bytes\n"
    assert json.loads(written)["@context"] == CONTEXT
    printed = subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, cache), "export", "--format", "claims",
                              "--output", "-"], capture_output=True, cwd=tmp_path)
    assert (printed.returncode, printed.stdout) == (0, written), printed.stderr
    assert printed.stderr == f"wrote schema.org claims (application/ld+json), {len(written)} bytes to standard " \
                             "output\n".encode()
    assert not (tmp_path / "-").exists()
    refused = kgraph(*cache, "export", "--format", "claims", "--gzip", "--output", tmp_path / "x.jsonld")
    assert (refused.returncode, refused.stderr) == (2, "kgraph: error: --format claims takes neither --no-inferred "
                                                       "nor --gzip: the claims are read from the article's facts with "
                                                       "their inferences, and written as plain JSON-LD\n")
    assert not (tmp_path / "x.jsonld").exists()

"""The schema.org claims export: every proposition as a `Claim`, with its appearances and first appearance, and a
`ClaimReview` wherever the author of a source evaluates, in his own voice, a claim that someone else holds.

One SPARQL CONSTRUCT over the article's facts and their inferences (the article-only view: no interpretation of the
editors and no outside fact is an appearance of a claim) makes the schema.org graph; pyld (the JSON-LD reference
processor) frames it into one document, Claims with their appearances embedded, and compacts it with a schema.org
context. The mapping is in the README ("The schema.org claims export").
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyld import jsonld

from kgraph.export import _stable
from kgraph.files import write_atomically
from kgraph.formats import JSON_LD
from kgraph.namespaces import KG, SCHEMA, sparql_prologue
from kgraph.store import BuiltDataset

MEDIA_TYPE = JSON_LD.media_type
FILE_NAME = "claims.jsonld"
UNDATED = "9999-12-31"  # sorts after every date: a record without a lower (or upper) bound comes after those with one

CONSTRUCT = sparql_prologue() + f"""
CONSTRUCT {{
  ?claim a schema:Claim ; schema:name ?claimName ; schema:appearance ?statement ; schema:firstAppearance ?first ;
         schema:author ?committed .
  ?committed a ?committedType ; schema:name ?committedName .
  ?statement a schema:CreativeWork ; schema:name ?statementName ; schema:description ?description ;
             schema:author ?speaker ; schema:datePublished ?date ; kg:earliestDate ?earliest ; kg:latestDate ?latest ;
             schema:text ?exact ; schema:url ?fragmentUrl ; schema:isBasedOn ?quote ; schema:isPartOf ?source .
  ?speaker a ?speakerType ; schema:name ?speakerName .
  ?source a schema:Article ; schema:headline ?headline ; schema:datePublished ?published ; schema:url ?page ;
          schema:author ?sourceAuthor ; schema:publisher ?publisher .
  ?sourceAuthor a schema:Person ; schema:name ?sourceAuthorName .
  ?publisher a schema:Organization ; schema:name ?publisherName .
  ?review a schema:ClaimReview ; schema:itemReviewed ?claim ; schema:author ?reviewer ; schema:reviewBody ?exact ;
          schema:datePublished ?date ; schema:url ?fragmentUrl ; schema:isBasedOn ?quote ;
          schema:reviewRating ?rating .
  ?rating a schema:Rating ; schema:alternateName ?code ; schema:ratingExplanation ?explanation .
}}
WHERE {{
  {{ # the claims: every proposition except a deontic one, which says what should be done, not what is the case
    ?claim a kg:Proposition ; rdfs:label ?label .
    FILTER NOT EXISTS {{ ?claim a kg:DeonticProposition }}
    BIND(STR(?label) AS ?claimName)
  }} UNION {{ # its first appearance: the record with the earliest lower bound, then the earliest upper bound
    {{ SELECT ?claim (MIN(?key) AS ?firstKey) WHERE {{
        ?statement kg:factuality/kg:ofProposition ?claim .
        OPTIONAL {{ ?statement kg:date ?day }}
        OPTIONAL {{ ?statement kg:earliestDate ?from }}
        OPTIONAL {{ ?statement kg:latestDate ?until }}
        BIND(CONCAT(STR(COALESCE(?day, ?from, "{UNDATED}")), STR(COALESCE(?day, ?until, "{UNDATED}")),
                    STR(?statement)) AS ?key)
      }} GROUP BY ?claim }}
    FILTER NOT EXISTS {{ ?claim a kg:DeonticProposition }}
    BIND(IRI(SUBSTR(?firstKey, 21)) AS ?first)
  }} UNION {{ # who makes the claim: the Persons and Organizations whose records commit to it as true
    ?statement kg:agent ?committed ; kg:factuality ?factuality .
    ?factuality kg:ofProposition ?claim ; kg:polarity kgr:polarity\\/positive ; kg:certainty ?certainty .
    FILTER(?certainty != kgr:certainty\\/underspecified)
    FILTER NOT EXISTS {{ ?claim a kg:DeonticProposition }}
    ?committed rdfs:label ?committedLabel .
    {{ ?committed a kg:Person BIND(schema:Person AS ?committedType) }}
    UNION {{ ?committed a kg:Organization BIND(schema:Organization AS ?committedType) }}
    BIND(STR(?committedLabel) AS ?committedName)
  }} UNION {{ # the appearances: each record conveying the claim, as the act it records and the quote reporting it
    ?statement kg:factuality/kg:ofProposition ?claim ; rdfs:label ?statementLabel ; kg:agent ?agent ;
               kg:speechAct ?act .
    FILTER NOT EXISTS {{ ?claim a kg:DeonticProposition }}
    ?agent rdfs:label ?agentLabel . ?act rdfs:label ?actLabel .
    BIND(STR(?statementLabel) AS ?statementName)
    BIND(CONCAT(STR(?actLabel), " by ", STR(?agentLabel)) AS ?description)
    OPTIONAL {{ ?statement kg:date ?date }}
    OPTIONAL {{ ?statement kg:earliestDate ?earliest FILTER NOT EXISTS {{ ?statement kg:date ?anyDay }} }}
    OPTIONAL {{ ?statement kg:latestDate ?latest FILTER NOT EXISTS {{ ?statement kg:date ?anyDay }} }}
  }} UNION {{ # the speaker as the appearance's author, when schema.org allows it: a Person or an Organization
    ?statement a kg:Statement ; kg:agent ?speaker . ?speaker rdfs:label ?speakerLabel .
    {{ ?speaker a kg:Person BIND(schema:Person AS ?speakerType) }}
    UNION {{ ?speaker a kg:Organization BIND(schema:Organization AS ?speakerType) }}
    BIND(STR(?speakerLabel) AS ?speakerName)
  }} UNION {{ # the quote: its verbatim text, and a URL that opens the source's page at it (a text fragment)
    ?statement a kg:Statement ; kg:derivedFromQuote ?quote .
    ?quote oa:hasSource ?source ; oa:hasSelector ?selector . ?selector oa:exact ?exact .
    OPTIONAL {{ ?source schema:url ?ownPage }}
    OPTIONAL {{ ?source prov:alternateOf ?copyPage }}
    BIND(COALESCE(?ownPage, ?copyPage) AS ?page)
    BIND(IRI(CONCAT(STR(?page), "#:~:text=", REPLACE(ENCODE_FOR_URI(?exact), "-", "%2D"))) AS ?fragmentUrl)
  }} UNION {{ # the sources the quotes are taken from
    ?source a kg:Source ; schema:headline ?headlineText ; schema:datePublished ?published .
    BIND(STR(?headlineText) AS ?headline)
    OPTIONAL {{ ?source schema:url ?ownPage }}
    OPTIONAL {{ ?source prov:alternateOf ?copyPage }}
    BIND(COALESCE(?ownPage, ?copyPage) AS ?page)
    OPTIONAL {{ ?source schema:author ?sourceAuthor . ?sourceAuthor rdfs:label ?authorLabel
               BIND(STR(?authorLabel) AS ?sourceAuthorName) }}
    OPTIONAL {{ ?source schema:publisher ?publisher . ?publisher rdfs:label ?publisherLabel
               BIND(STR(?publisherLabel) AS ?publisherName) }}
  }} UNION {{ # the reviews: the source's author, in his own voice, committed either way to a claim someone else holds
    ?statement kg:agent ?reviewer ; kg:factuality ?factuality ; kg:derivedFromQuote ?quote ; kg:date ?date .
    ?quote oa:hasSource ?source ; oa:hasSelector ?selector . ?selector oa:exact ?exact .
    ?source schema:author ?reviewer .
    ?factuality kg:ofProposition ?claim ; kg:certainty ?certainty ; kg:polarity ?polarity .
    FILTER(?certainty != kgr:certainty\\/underspecified)
    FILTER NOT EXISTS {{ ?claim a kg:DeonticProposition }}
    FILTER EXISTS {{ ?other kg:factuality/kg:ofProposition ?claim ; kg:agent ?holder . FILTER(?holder != ?reviewer) }}
    ?certainty skos:notation ?certaintyCode ; rdfs:label ?certaintyLabel .
    ?polarity skos:notation ?polarityCode ; rdfs:label ?polarityLabel .
    OPTIONAL {{ ?source schema:url ?ownPage }}
    OPTIONAL {{ ?source prov:alternateOf ?copyPage }}
    BIND(COALESCE(?ownPage, ?copyPage) AS ?page)
    BIND(IRI(CONCAT(STR(?page), "#:~:text=", REPLACE(ENCODE_FOR_URI(?exact), "-", "%2D"))) AS ?fragmentUrl)
    BIND(STRAFTER(STR(?factuality), "#") AS ?claimKey)
    BIND(IRI(CONCAT(STR(?statement), "#review-", ?claimKey)) AS ?review)
    BIND(IRI(CONCAT(STR(?statement), "#rating-", ?claimKey)) AS ?rating)
    BIND(CONCAT(STR(?certaintyCode), STR(?polarityCode)) AS ?code)
    BIND(CONCAT("FactBank factuality ", ?code, ": certainty ", STR(?certaintyLabel), ", polarity ",
                STR(?polarityLabel)) AS ?explanation)
  }}
}}
"""

CONTEXT = {
    "@vocab": str(SCHEMA),
    "kg": str(KG),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "datePublished": {"@type": "xsd:date"},
    "earliestDate": {"@id": "kg:earliestDate", "@type": "xsd:date"},
    "latestDate": {"@id": "kg:latestDate", "@type": "xsd:date"},
    "url": {"@type": "@id"},
    "isBasedOn": {"@type": "@id"},
    "appearance": {"@container": "@set"},  # always a list, even of one
}
# Top-level nodes: the claims, the reviews and the sources. An appearance is embedded in its claim wherever it
# appears (a record can convey several claims); a first appearance, a reviewed claim and a source are referenced.
FRAME = {
    "@context": CONTEXT,
    "@type": ["Claim", "ClaimReview", "Article"],
    "appearance": {"@embed": "@always", "isPartOf": {"@embed": "@never"}},
    "firstAppearance": {"@embed": "@never"},
    "itemReviewed": {"@embed": "@never"},
}


@dataclass(frozen=True)
class ClaimsDocument:
    path: Path
    size: int
    sha256: str


def claims_graph(built: BuiltDataset) -> list[pyoxigraph.Triple]:
    """The schema.org triples of the export, from the article's facts and their inferences."""
    return sorted(built.query(CONSTRUCT, article_only=True), key=str)


def claims_jsonld(built: BuiltDataset) -> bytes:
    """The export as one framed, compacted JSON-LD document, deterministic (sorted keys and arrays)."""
    written = pyoxigraph.serialize(claims_graph(built), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert written is not None  # no output given: the bytes are returned
    nquads = written.decode()
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    framed = jsonld.frame(expanded, FRAME, {"omitGraph": False, "omitDefault": True})
    return (json.dumps(_stable(framed), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def export_claims(built: BuiltDataset, output: Path) -> ClaimsDocument:
    """Write the claims document to `output`, atomically."""
    payload = claims_jsonld(built)
    write_atomically(Path(output), payload)
    return ClaimsDocument(Path(output), len(payload), hashlib.sha256(payload).hexdigest())


def claims_file(built: BuiltDataset) -> ClaimsDocument:
    """The build's claims document, written once into the build's directory and reused (it is deterministic)."""
    path = built.directory / "claims" / FILE_NAME
    if path.is_file():
        payload = path.read_bytes()
        return ClaimsDocument(path, len(payload), hashlib.sha256(payload).hexdigest())
    return export_claims(built, path)

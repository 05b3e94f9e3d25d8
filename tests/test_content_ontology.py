"""The ontology: header, one English label and definition per term, OWL 2 RL hygiene, reasoning that does work."""


import re

from content_graph import (
    ONTOLOGY_DIR,
    ROOT,
    asserted_graph,
    closed_graph,
    ontology_graph,
)
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS

ONTOLOGY = URIRef("https://w3id.org/kgraph/ontology")
KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
VANN = "http://purl.org/vocab/vann/"


def test_header():
    graph = ontology_graph()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/kgraph/ontology/3.0.0")
    assert str(graph.value(ONTOLOGY, OWL.versionInfo)) == "3.0.0"
    assert set(graph.objects(ONTOLOGY, OWL.priorVersion)) == {URIRef("https://w3id.org/kgraph/ontology/2.0.0"),
                                                             URIRef("https://w3id.org/kgraph/ontology/1.0.0")}
    assert len(list(graph.objects(ONTOLOGY, SKOS.changeNote))) == 2  # one per version that broke compatibility
    creator = graph.value(ONTOLOGY, DCTERMS.creator)
    assert not isinstance(creator, Literal), "dcterms:creator ranges over dcterms:Agent"
    assert (creator, RDF.type, DCTERMS.Agent) in graph and graph.value(creator, FOAF.name) is not None
    for predicate in (OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created,
                      DCTERMS.modified, URIRef(VANN + "preferredNamespacePrefix"),
                      URIRef(VANN + "preferredNamespaceUri")):
        assert graph.value(ONTOLOGY, predicate) is not None, predicate
    assert graph.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_every_term_has_one_english_label_and_definition():
    graph = ontology_graph()
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in graph.subjects(RDF.type, kind) if str(s).startswith(KG)}
    assert len(terms) > 60
    for term in terms:
        labels = [o for o in graph.objects(term, RDFS.label) if o.language == "en"]
        definitions = [o for o in graph.objects(term, SKOS.definition) if o.language == "en"]
        assert len(labels) == 1 and len(definitions) == 1, term


def test_owl_rl_hygiene():
    graph = ontology_graph()
    for forbidden in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
        assert not list(graph.subjects(RDF.type, forbidden))
    for predicate in (OWL.imports, OWL.sameAs, OWL.unionOf, OWL.someValuesFrom, OWL.cardinality,
                      OWL.minCardinality, OWL.maxCardinality, OWL.disjointUnionOf, OWL.hasSelf):
        assert not list(graph.subject_objects(predicate)), predicate
    assert not list(asserted_graph().subject_objects(OWL.sameAs))


def test_alignments_file_is_skos_mappings_only():
    graph = Graph().parse(ONTOLOGY_DIR / "alignments.ttl")
    allowed = {SKOS.closeMatch, SKOS.exactMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
               RDF.type, RDFS.label, RDFS.comment, DCTERMS.title, DCTERMS.description, DCTERMS.license,
               DCTERMS.created, DCTERMS.modified, DCTERMS.source, URIRef("http://www.w3.org/2002/07/owl#versionInfo")}
    assert set(graph.predicates()) <= allowed


ACTIVITIES = {URIRef("http://www.cidoc-crm.org/cidoc-crm/E7_Activity"), URIRef("http://www.cidoc-crm.org/cidoc-crm/E5_Event"),
              URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event"), PROV.Activity, URIRef("http://schema.org/Event")}


def test_alignments_do_not_contradict_the_ontology():
    """A record is a prov:Entity: it may be related to the act it records (relatedMatch), never close to an activity;
    and a term is not close to two things the ontology keeps apart (the record and its content)."""
    graph, alignments = ontology_graph(), Graph().parse(ONTOLOGY_DIR / "alignments.ttl")
    entities = {c for c in graph.subjects(RDFS.subClassOf, PROV.Entity)} | {PROV.Entity}
    for cls in entities:
        for mapping in (SKOS.closeMatch, SKOS.exactMatch, SKOS.narrowMatch):
            assert not set(alignments.objects(cls, mapping)) & ACTIVITIES, (cls, mapping)
    statement, proposition = URIRef(KG + "Statement"), URIRef(KG + "Proposition")
    close = {p: set(alignments.objects(p, SKOS.closeMatch)) | set(alignments.objects(p, SKOS.exactMatch))
             for p in (statement, proposition)}
    assert not close[statement] & close[proposition]
    assert URIRef("http://schema.org/Claim") in close[proposition]
    assert (statement, RDFS.subClassOf, URIRef("http://schema.org/Claim")) not in graph
    assert (URIRef(KG + "agent"), RDFS.subPropertyOf, URIRef("http://schema.org/author")) not in graph


AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf, OWL.propertyChainAxiom,
          OWL.equivalentClass, OWL.equivalentProperty)


def test_removed_terms_are_deprecated_with_their_replacement_and_no_axioms():
    graph = ontology_graph()
    deprecated = set(graph.subjects(OWL.deprecated, Literal(True)))
    assert {URIRef(KG + t) for t in ("Stance", "Affirmation", "Hedge", "Rejection", "Denial", "Doubt", "Retraction",
                                     "stance", "exportVariantOf")} <= deprecated
    for term in deprecated:
        assert list(graph.objects(term, DCTERMS.isReplacedBy)), term
        assert all(graph.value(term, axiom) is None for axiom in AXIOMS), term
        assert (None, RDFS.subClassOf, term) not in graph and (None, RDFS.subPropertyOf, term) not in graph
    data = closed_graph()
    for term in deprecated:
        assert (None, term, None) not in data and (None, RDF.type, term) not in data, f"the data still uses {term}"


def test_retired_resource_iris_say_what_replaced_them():
    """data/retired.ttl: old resource IRIs, owl:deprecated, for the Linked Data pages to answer 301 or 410."""
    retired = Graph().parse(ROOT / "data" / "retired.ttl")
    data = closed_graph()
    subjects = set(retired.subjects(OWL.deprecated, Literal(True)))
    assert URIRef(ID + "weapon/9k720-iskander") in subjects
    for iri in subjects:
        assert str(iri).startswith(ID) and "#" not in str(iri)
        assert retired.value(iri, SKOS.historyNote) is not None and retired.value(iri, RDFS.label) is not None
        assert not [t for t in data.triples((iri, None, None)) if t[1] not in (OWL.deprecated, DCTERMS.isReplacedBy,
                                                                                RDFS.label, SKOS.historyNote)], iri
        assert (None, None, iri) not in data, f"{iri} is retired but still used"
        for replacement in retired.objects(iri, DCTERMS.isReplacedBy):
            assert (replacement, None, None) in data, f"{iri} is replaced by {replacement}, which does not exist"


def test_the_readme_counts_the_ontology_as_it_is():
    graph = ontology_graph()
    deprecated = set(graph.subjects(OWL.deprecated, Literal(True)))
    classes = {s for s in graph.subjects(RDF.type, OWL.Class) if str(s).startswith(KG)}
    properties = {s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in graph.subjects(RDF.type, kind)
                  if str(s).startswith(KG)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"(\d+) classes and (\d+) properties in use, (\d+) classes and (\d+) properties deprecated", readme)
    assert match, "README: the ontology row of 'What is in the graph'"
    assert tuple(map(int, match.groups())) == (len(classes - deprecated), len(properties - deprecated),
                                               len(classes & deprecated), len(properties & deprecated))


def test_the_closure_does_real_work():
    """How long it takes is measured by `make bench`; here, what it infers."""
    closed = closed_graph("article-only")
    # property chain + office + transitivity: Pashinyan speaks for Armenia, Peskov for Russia
    assert (URIRef(ID + "person/nikol-pashinyan"), URIRef(KG + "speaksFor"), URIRef(ID + "state/armenia")) in closed
    assert (URIRef(ID + "person/dmitry-peskov"), URIRef(KG + "actsFor"), URIRef(ID + "state/russia")) in closed
    # former position: Hakopian is affiliated with Armenia but does not act for it
    assert (URIRef(ID + "person/movses-hakopian"), URIRef(KG + "affiliatedWith"), URIRef(ID + "state/armenia")) in closed
    assert (URIRef(ID + "person/movses-hakopian"), URIRef(KG + "actsFor"), URIRef(ID + "state/armenia")) not in closed
    # a statement's propositions follow from its factualities; the record is attributed to its speaker
    peskov = URIRef(ID + "statement/peskov-denial-2021-04-02")
    assert (peskov, URIRef(KG + "proposition"), URIRef(ID + "proposition/russia-made-missiles-used-in-2020-war")) in closed
    assert (peskov, PROV.wasAttributedTo, URIRef(ID + "person/dmitry-peskov")) in closed
    assert (peskov, PROV.wasDerivedFrom, URIRef(ID + "quote/peskov")) in closed
    assert (peskov, RDF.type, PROV.Entity) in closed and (peskov, RDF.type, PROV.Activity) not in closed
    # a person is attested by a quote, not derived from it
    assert (URIRef(ID + "person/vladimir-putin"), PROV.wasDerivedFrom, None) not in closed


def test_being_asked_in_a_country_is_not_an_affiliation_with_it():
    questioners, azerbaijan = URIRef(ID + "group/questioners-in-azerbaijan"), URIRef(ID + "state/azerbaijan")
    assert (questioners, URIRef(KG + "basedIn"), azerbaijan) in closed_graph()
    assert (questioners, URIRef(KG + "affiliatedWith"), azerbaijan) not in closed_graph()


def test_an_export_version_is_a_sibling_not_a_kind_of_the_domestic_version():
    closed = closed_graph()
    export, domestic, system = (URIRef(ID + f"weapon/{w}") for w in ("iskander-e", "iskander-m", "iskander"))
    assert (export, URIRef(KG + "variantOf"), system) in closed and (domestic, URIRef(KG + "variantOf"), system) in closed
    assert (export, URIRef(KG + "variantOf"), domestic) not in closed
    assert (URIRef(ID + "weapon/9k720-e"), URIRef(KG + "variantOf"), domestic) not in closed


def test_what_follows_from_an_interpretation_stays_out_of_the_article_only_view():
    anama, azerbaijan = URIRef(ID + "org/anama"), URIRef(ID + "state/azerbaijan")
    assert (anama, URIRef(KG + "speaksFor"), azerbaijan) in closed_graph()
    assert (anama, URIRef(KG + "speaksFor"), azerbaijan) not in closed_graph("article-only")
    assert (anama, URIRef(KG + "actsFor"), azerbaijan) in closed_graph("article-only")  # a national agency acts for it


def test_the_property_table_in_docs_matches_the_ontology():
    """docs/model.md's table must not drift from the Turtle: the same properties, with the same labels."""
    graph = ontology_graph()
    expected = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            if str(prop).startswith(KG):
                expected[f"kg:{str(prop)[len(KG):]}"] = str(graph.value(prop, RDFS.label))
    rows = [line.split("|") for line in (ROOT / "docs" / "model.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `kg:")]
    documented = {cells[1].strip().strip("`"): cells[2].strip() for cells in rows}
    assert documented == expected

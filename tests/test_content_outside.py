"""Facts from outside the article are a layer of their own (kgg:outside): every triple there is accounted for by the
public document that states it, and the article-only view (kgg:asserted + kgg:inferred) holds nothing that comes from
outside the article or from an interpretation, nor anything that follows only from them."""

import pyoxigraph
import pytest
from content_graph import _loaded, built
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, VOID

from kgraph.namespaces import (
    ARTICLE_ONLY_GRAPHS,
    GRAPH_ASSERTED,
    GRAPH_INFERRED,
    GRAPH_INTERPRETATIONS,
    GRAPH_OUTSIDE,
)

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
WIKIDATA = "http://www.wikidata.org/entity/Q"
SOURCED = URIRef(KG + "SourcedStatement")


def loaded(name) -> Graph:
    graph = Graph()
    for triple in _loaded().graph(name):
        graph.add(triple)
    return graph


def stored(*names) -> set[tuple[str, str, str]]:
    """The built store's triples of the named graphs, as (subject, predicate, object) N-Triples terms."""
    store = built().open()
    return {(str(q.subject), str(q.predicate), str(q.object)) for name in names
            for q in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(name)))}


def test_the_outside_graph_holds_the_links_labels_and_weapon_facts():
    outside = loaded(GRAPH_OUTSIDE)
    assert (URIRef(ID + "person/nikol-pashinyan"), SKOS.exactMatch, URIRef(WIKIDATA + "7035479")) in outside
    assert (URIRef(ID + "state/armenia"), SKOS.prefLabel, Literal("Հայաստան", lang="hy")) in outside
    assert (URIRef(ID + "weapon/iskander-m"), URIRef(KG + "designation"), Literal("9K720")) in outside
    assert (URIRef(ID + "weapon/iskander-e"), RDF.type, URIRef(KG + "WeaponSystemModel")) in outside
    # the Kremlin (the presidency) is close to, not the same as, the Presidential Administration
    kremlin, administration = URIRef(ID + "org/kremlin"), URIRef(WIKIDATA + "2060629")
    assert (kremlin, SKOS.closeMatch, administration) in outside and (kremlin, SKOS.exactMatch, None) not in outside


def test_every_triple_of_the_outside_graph_is_accounted_for():
    """A triple of kgg:outside is reified by a sourced statement there (with dcterms:source), is part of one, is a
    Wikidata link of the linkset (whose evidence is beside each link in data/links-wikidata.trig), describes the
    linkset, or names and places a resource that only outside documents attest (its label, type, notes, sources)."""
    outside = loaded(GRAPH_OUTSIDE)
    sourced = set(outside.subjects(RDF.type, SOURCED))
    for node in sourced:
        assert list(outside.objects(node, DCTERMS.source)), f"outside sourced statement {node} names no document"
    reified = {(outside.value(n, RDF.subject), outside.value(n, RDF.predicate), outside.value(n, RDF.object))
               for n in sourced}
    linksets = set(outside.subjects(RDF.type, VOID.Linkset))
    asserted = loaded(GRAPH_ASSERTED)
    outside_only = {s for s in outside.subjects(RDF.type, None) if (s, None, None) not in asserted} - sourced - linksets
    assert outside_only == {URIRef(ID + "weapon/iskander-e")}
    unaccounted = []
    for triple in outside:
        s, p, o = triple
        if triple in reified or s in sourced or s in linksets:
            continue
        if p in (SKOS.exactMatch, SKOS.closeMatch) and str(o).startswith(WIKIDATA):
            continue
        if s in outside_only and p in (RDF.type, RDFS.label, SKOS.editorialNote, DCTERMS.source):
            continue
        unaccounted.append(triple)
    assert not unaccounted, unaccounted


def test_no_triple_is_in_two_layers():
    layers = {name: set(loaded(name)) for name in (GRAPH_ASSERTED, GRAPH_OUTSIDE, GRAPH_INTERPRETATIONS)}
    names = list(layers)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            shared = {t for t in layers[a] & layers[b] if not any(isinstance(x, BNode) for x in t)}
            assert not shared, (a, b, sorted(shared)[:5])


@pytest.fixture(scope="module")
def article_only() -> set[tuple[str, str, str]]:
    return stored(*ARTICLE_ONLY_GRAPHS)


def test_the_article_only_view_has_no_name_in_another_language(article_only):
    """The article is in English: a name in another language or script comes from outside it."""
    tagged = {o for _, _, o in article_only if o.startswith('"') and '"@' in o}
    assert tagged and all(o.rsplit("@", 1)[1] in ("en", "en-gb", "en-GB") for o in tagged), \
        sorted(o for o in tagged if o.rsplit("@", 1)[1] != "en")[:5]


def test_the_article_only_view_has_no_link_to_an_outside_resource(article_only):
    mappings = {f"<{SKOS.exactMatch}>", f"<{SKOS.closeMatch}>", f"<{SKOS.relatedMatch}>", f"<{RDFS.seeAlso}>",
                "<http://www.w3.org/2002/07/owl#sameAs>"}
    links = [(s, o) for s, p, o in article_only if p in mappings and not o.startswith("<https://w3id.org/kgraph/")]
    assert not links, links
    assert not [t for t in article_only if t[1] == f"<{DCTERMS.source}>"], "an outside document cited in the article's facts"


def test_the_article_s_own_sourced_statements_cite_the_article(article_only):
    asserted = loaded(GRAPH_ASSERTED)
    sourced = set(asserted.subjects(RDF.type, SOURCED))
    assert len(sourced) >= 6
    for node in sourced:
        assert list(asserted.objects(node, URIRef(KG + "quote"))), node
        assert not list(asserted.objects(node, DCTERMS.source)), node


def test_the_article_only_view_names_nothing_only_an_outside_source_or_an_interpretation_introduces(article_only):
    """No triple of the article's facts, or of what follows from them, mentions a resource that only kgg:outside or
    kgg:interpretations describes (the Iskander-E, a statement an interpretation introduces)."""
    described = {s for s, _, _ in stored(GRAPH_ASSERTED)}
    elsewhere = {s for s, _, _ in stored(GRAPH_OUTSIDE, GRAPH_INTERPRETATIONS)
                 if s.startswith(f"<{ID}")} - described
    assert f"<{ID}weapon/iskander-e>" in elsewhere
    mentioned = {term for triple in article_only for term in triple if term in elsewhere}
    assert not mentioned, sorted(mentioned)


def test_what_is_inferred_from_the_article_alone_does_not_depend_on_another_layer():
    """kgg:inferred is the closure of the article's facts alone: a triple that needs an outside fact or an
    interpretation is in kgg:outside-inferred or kgg:interpretations-inferred."""
    inferred = stored(GRAPH_INFERRED)
    assert (f"<{ID}weapon/iskander-e>", f"<{KG}variantOf>", f"<{ID}weapon/iskander>") not in inferred
    assert (f"<{ID}org/anama>", f"<{KG}speaksFor>", f"<{ID}state/azerbaijan>") not in inferred
    assert not [t for t in inferred if t[2].startswith('"') and '"@' in t[2] and not t[2].endswith("@en")]
    assert (f"<{ID}weapon/iskander-m>", f"<{KG}variantOf>", f"<{ID}weapon/iskander>") in stored(GRAPH_ASSERTED)

"""The ontology's documentation page, generated from its own triples, laid out as pyLODE and WIDOCO lay it out:
metadata, then classes, object properties, datatype properties, annotation properties and named individuals, each
term with its IRI, label, definition, super- and sub-terms, domain and range, and its axioms in Manchester syntax.

pyLODE itself is not used: its releases for Python 3.11 cannot be imported from their wheel (README: pages)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgraph.formats import Term
from kgraph.namespaces import KG, ONTOLOGY_IRI, VANN, curie

Node = tuple[str, str]  # ("uri" | "bnode" | "literal", value)
Graph = dict[Node, dict[str, list[Term]]]

SECTIONS = (("classes", "Classes", (OWL.Class, RDFS.Class)),
            ("object_properties", "Object properties", (OWL.ObjectProperty,)),
            ("datatype_properties", "Datatype properties", (OWL.DatatypeProperty,)),
            ("annotation_properties", "Annotation properties", (OWL.AnnotationProperty,)),
            ("individuals", "Named individuals", (OWL.NamedIndividual,)))
CHARACTERISTICS = {OWL.TransitiveProperty: "Transitive", OWL.FunctionalProperty: "Functional",
                   OWL.InverseFunctionalProperty: "InverseFunctional", OWL.SymmetricProperty: "Symmetric",
                   OWL.AsymmetricProperty: "Asymmetric", OWL.ReflexiveProperty: "Reflexive",
                   OWL.IrreflexiveProperty: "Irreflexive"}
RESTRICTIONS = ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value"),
                (OWL.hasSelf, "Self"))
CARDINALITIES = ((OWL.minQualifiedCardinality, "min"), (OWL.maxQualifiedCardinality, "max"),
                 (OWL.qualifiedCardinality, "exactly"), (OWL.minCardinality, "min"), (OWL.maxCardinality, "max"),
                 (OWL.cardinality, "exactly"))


def anchor(iri: str) -> str:
    return iri[len(str(KG)):] if iri.startswith(str(KG)) else iri


def link(iri: str) -> Markup:
    target = "#" + anchor(iri) if iri.startswith(str(KG)) else iri
    return Markup('<a href="{}" title="{}">{}</a>').format(target, iri, curie(iri))


def _node(term: Term) -> Node:
    return (term.kind, term.text)


def _values(graph: Graph, node: Node, predicate: URIRef) -> list[Term]:
    return graph.get(node, {}).get(str(predicate), [])


def _items(graph: Graph, node: Node) -> list[Term]:
    """The members of an RDF list."""
    members: list[Term] = []
    seen: set[Node] = set()
    while node[0] == "bnode" and node not in seen:
        seen.add(node)
        members += _values(graph, node, RDF.first)[:1]
        rest = _values(graph, node, RDF.rest)
        node = _node(rest[0]) if rest else ("uri", str(RDF.nil))
    return members


def manchester(graph: Graph, term: Term, depth: int = 0) -> Markup:
    """A class or property expression in Manchester syntax, named terms linked."""
    kind, value = term.kind, term.text
    if kind == "uri":
        return link(value)
    if kind == "literal":
        return Markup("<code>{}</code>").format(f'"{value}"')
    if depth > 8:
        return Markup("…")
    node = (kind, value)

    def sub(t: Term) -> Markup:
        expression = manchester(graph, t, depth + 1)
        return expression if t.kind == "uri" else Markup("({})").format(expression)

    for predicate, word in ((OWL.intersectionOf, "and"), (OWL.unionOf, "or")):
        for members in _values(graph, node, predicate):
            return Markup(f" <b>{word}</b> ").join(sub(m) for m in _items(graph, _node(members)))
    for members in _values(graph, node, OWL.oneOf):
        return Markup("{{{}}}").format(Markup(", ").join(manchester(graph, m, depth + 1)
                                                         for m in _items(graph, _node(members))))
    for complement in _values(graph, node, OWL.complementOf):
        return Markup("<b>not</b> {}").format(sub(complement))
    for inverse in _values(graph, node, OWL.inverseOf):
        return Markup("<b>inverse</b> {}").format(sub(inverse))
    on_property = _values(graph, node, OWL.onProperty)
    if on_property:
        prop = manchester(graph, on_property[0], depth + 1)
        for predicate, word in RESTRICTIONS:
            for filler in _values(graph, node, predicate):
                if word == "Self":
                    return Markup("{} <b>Self</b>").format(prop)
                return Markup("{} <b>{}</b> {}").format(prop, word, sub(filler))
        for predicate, word in CARDINALITIES:
            for number in _values(graph, node, predicate):
                qualifier = (_values(graph, node, OWL.onClass) or _values(graph, node, OWL.onDataRange))[:1]
                tail = Markup(" {}").format(sub(qualifier[0])) if qualifier else ""
                return Markup("{} <b>{}</b> {}{}").format(prop, word, number.text, tail)
    return Markup("<i>an anonymous expression</i>")


def _text(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    values = [v for v in _values(graph, node, predicate) if v.kind == "literal"]
    english = [v for v in values if v.language in ("en", None)]
    return (english or values)[0].text if values else None


def _named(graph: Graph, node: Node, predicate: URIRef) -> list[Markup]:
    return [link(v.text) for v in _values(graph, node, predicate) if v.kind == "uri"]


def _referring(graph: Graph, predicate: URIRef, iri: str) -> list[Markup]:
    """Named terms whose `predicate` points at `iri` (sub-classes, sub-properties, properties with it as domain)."""
    return [link(subject[1]) for subject, entry in sorted(graph.items()) if subject[0] == "uri"
            and any(v.kind == "uri" and v.text == iri for v in entry.get(str(predicate), []))]


def _term(graph: Graph, iri: str, section: str) -> dict[str, Any]:
    node = ("uri", iri)
    rows: list[tuple[str, list[Markup]]] = []

    def add(name: str, items: list[Markup]) -> None:
        if items:
            rows.append((name, items))

    expressions: Callable[[URIRef], list[Markup]] = lambda predicate: [
        manchester(graph, v) for v in _values(graph, node, predicate)]
    if section == "classes":
        add("Equivalent to", expressions(OWL.equivalentClass))
        add("Subclass of", expressions(RDFS.subClassOf))
        add("Superclass of", _referring(graph, RDFS.subClassOf, iri))
        add("Disjoint with", expressions(OWL.disjointWith))
        add("In domain of", _referring(graph, RDFS.domain, iri))
        add("In range of", _referring(graph, RDFS.range, iri))
    elif section != "individuals":
        add("Equivalent to", expressions(OWL.equivalentProperty))
        add("Subproperty of", _named(graph, node, RDFS.subPropertyOf))
        add("Superproperty of", _referring(graph, RDFS.subPropertyOf, iri))
        add("Inverse of", _named(graph, node, OWL.inverseOf) + _referring(graph, OWL.inverseOf, iri))
        add("Domain", expressions(RDFS.domain))
        add("Range", expressions(RDFS.range))
        add("Property chain", [Markup(" <b>o</b> ").join(manchester(graph, m) for m in _items(graph, _node(chain)))
                               for chain in _values(graph, node, OWL.propertyChainAxiom)])
        types = {v.text for v in _values(graph, node, RDF.type)}
        add("Characteristics", [Markup(word) for cls, word in CHARACTERISTICS.items() if str(cls) in types])
    else:
        add("Types", expressions(RDF.type))
    add("Replaced by", _named(graph, node, DCTERMS.isReplacedBy))
    return {"iri": iri, "id": anchor(iri), "curie": curie(iri), "label": _text(graph, node, RDFS.label),
            "definition": _text(graph, node, SKOS.definition), "comment": _text(graph, node, RDFS.comment),
            "scope_note": _text(graph, node, SKOS.scopeNote), "example": _text(graph, node, SKOS.example),
            "deprecated": any(v.text in ("true", "1") for v in _values(graph, node, OWL.deprecated)), "axioms": rows}


def ontology_model(triples: Sequence[Mapping[str, Term | None]]) -> dict[str, Any]:
    """The page's model from the rows of `SELECT ?s ?p ?o` over the ontology graph."""
    graph: Graph = {}
    for row in triples:
        subject, predicate, value = row["s"], row["p"], row["o"]
        if subject and predicate and value and subject.kind in ("uri", "bnode"):
            graph.setdefault(_node(subject), {}).setdefault(predicate.text, []).append(value)
    sections: list[dict[str, Any]] = []
    placed: set[str] = set()
    for key, title, classes in SECTIONS:
        wanted = {str(c) for c in classes}
        iris = sorted((node[1] for node, entry in graph.items() if node[0] == "uri" and node[1] not in placed
                       and node[1] != str(ONTOLOGY_IRI) and wanted & {v.text for v in entry.get(str(RDF.type), [])}),
                      key=lambda i: curie(i).lower())
        placed |= set(iris)
        terms = [_term(graph, iri, key) for iri in iris]
        sections.append({"key": key, "title": title, "terms": [t for t in terms if not t["deprecated"]],
                         "deprecated": [t for t in terms if t["deprecated"]]})
    header = ("uri", str(ONTOLOGY_IRI))
    metadata = [(name, items) for name, items in (
        ("IRI", [Markup("<code>{}</code>").format(ONTOLOGY_IRI)]),
        ("Version IRI", [Markup("<code>{}</code>").format(v.text) for v in _values(graph, header, OWL.versionIRI)]),
        ("Version", [escape(v.text) for v in _values(graph, header, OWL.versionInfo)]),
        ("Prior versions", [Markup("<code>{}</code>").format(v.text) for v in _values(graph, header, OWL.priorVersion)]),
        ("Incompatible with", [Markup("<code>{}</code>").format(v.text)
                               for v in _values(graph, header, OWL.incompatibleWith)]),
        ("Imports", [Markup("<code>{}</code>").format(v.text) for v in _values(graph, header, OWL.imports)]),
        ("Created", [escape(v.text) for v in _values(graph, header, DCTERMS.created)]),
        ("Modified", [escape(v.text) for v in _values(graph, header, DCTERMS.modified)]),
        ("Licence", [Markup('<a href="{0}">{0}</a>').format(v.text) for v in _values(graph, header, DCTERMS.license)]),
        ("Preferred prefix", [Markup("<code>{}:</code> {}").format(
            _text(graph, header, VANN.preferredNamespacePrefix), _text(graph, header, VANN.preferredNamespaceUri))]
         if _text(graph, header, VANN.preferredNamespacePrefix) else []),
    ) if items]
    title = _text(graph, header, DCTERMS.title) or "kgraph ontology"
    return {"title": title, "ontology": {"title": title, "description": _text(graph, header, DCTERMS.description),
                                         "metadata": metadata}, "sections": sections}

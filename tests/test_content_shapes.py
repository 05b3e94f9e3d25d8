"""The shipped data conforms to the SHACL shapes; every node shape rejects its broken example."""

import subprocess
import sys

import pytest
from content_graph import ROOT, asserted_graph, data, ontology_graph, shapes_graph
from content_graph import _loaded as _loaded_dataset
from content_graph import _standalone as _standalone_graph
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_OUTSIDE
from kgraph.validate import validate as validate_stage

FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
KGS = "https://w3id.org/kgraph/shapes#"
BROKEN = URIRef("https://w3id.org/kgraph/id/test/broken")


def node_shapes() -> list[str]:
    return sorted(str(s).removeprefix(KGS) for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def validate(data: Graph):
    """The pipeline's validation stage, as `kgraph validate` and `kgraph build` run it."""
    return validate_stage(data, shapes_graph(), ontology_graph())


def test_shipped_data_conforms():
    report = validate(data())
    assert report.conforms, report.text()


def test_the_article_alone_conforms_without_the_interpretations():
    """The article-only view is served too: nothing in kgg:asserted may depend on an interpretation."""
    report = validate(asserted_graph())
    assert report.conforms, report.text()


def test_every_class_the_data_instantiates_has_a_shape():
    shapes = shapes_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    ontology = ontology_graph()
    for cls in set(data().objects(None, RDF.type)):
        ancestors = {cls} | set(ontology.transitive_objects(cls, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")))
        assert ancestors & targeted, f"no shape targets {cls} or a superclass"


def test_every_node_shape_has_a_broken_example():
    assert sorted(p.stem for p in FIXTURES.glob("*.ttl")) == node_shapes()


def test_every_constraint_has_a_message():
    shapes = shapes_graph()
    for prop in shapes.objects(None, SH.property):
        assert shapes.value(prop, SH.message) is not None, f"property shape {prop} has no sh:message"


@pytest.mark.parametrize("shape", node_shapes())
def test_shape_rejects_its_broken_example(shape):
    path = FIXTURES / f"{shape}.ttl"
    text = path.read_text(encoding="utf-8")
    expect = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# expect:"))
    data = Graph().parse(data=text, format="turtle")
    report = validate(data)
    assert not report.conforms
    shapes = shapes_graph()
    node = URIRef(KGS + shape)
    own_messages = {str(m) for m in shapes.objects(node, SH.message)} | {
        str(m) for prop in shapes.objects(node, SH.property) for m in shapes.objects(prop, SH.message)}
    assert any(expect in m for m in own_messages), f"{shape} has no message containing {expect!r}"
    hits = [v for v in report.violations
            if v.focus_node == str(BROKEN) and v.message in own_messages and expect in v.message]
    assert hits, f"{shape} did not reject {path.name} with a message containing {expect!r}:\n{report.text()}"


def test_one_preferred_label_per_language_and_names_in_the_region_s_languages():
    """The shapes admit Armenian, Azerbaijani and Russian names, one preferred label per language."""
    def place(labels: str) -> Graph:
        return Graph().parse(data=f"""
            @prefix kg: <https://w3id.org/kgraph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <{BROKEN}> a kg:Place ; rdfs:label "Shusha"@en ; {labels} ; kg:quote <{BROKEN}q> .
            <{BROKEN}q> a kg:Quote .""", format="turtle")
    def problems(labels: str) -> list[str]:
        return [v.message for v in validate(place(labels)).violations if v.focus_node == str(BROKEN)]

    assert problems('skos:prefLabel "Шуша"@ru, "Şuşa"@az, "Շուշի"@hy') == []
    assert any("at most one preferred label per language" in m for m in problems('skos:prefLabel "Шуша"@ru, "Шуши"@ru'))
    assert any("At most one English skos:prefLabel" in m for m in problems('skos:prefLabel "Shusha"@en, "Shushi"@en-GB'))
    assert any("English, Armenian, Azerbaijani or Russian" in m for m in problems('skos:altLabel "Chouchi"@fr'))


def test_the_article_and_the_outside_facts_conform_without_the_interpretations():
    """kgg:asserted + kgg:outside is a view of its own (the data without the editors' readings)."""
    loaded = _loaded_dataset()
    report = validate(_standalone_graph(loaded.graph(GRAPH_ASSERTED), loaded.graph(GRAPH_OUTSIDE)))
    assert report.conforms, report.text()


def test_shapes_are_core_shacl():
    """No SPARQL-based constraint: pySHACL runs one query per focus node for each, which the build cannot afford at
    scale; what core SHACL cannot say is a quality check (queries/qc/)."""
    assert not set(shapes_graph().objects(None, SH.sparql))


# The hostile review's probes (/work/reviews/bad1.ttl and bad2.ttl, kept in tests/fixtures/probes/): each defect it
# planted, as (focus node, part of the message that must reject it). `kgraph validate FILE` must exit 1 with them all.
PROBES = ROOT / "tests" / "fixtures" / "probes"
X = "https://w3id.org/kgraph/id/"
PROBE_DEFECTS = {
    "bad1.ttl": [
        (X + "person/p", "exactly one rdfs:label"),                          # "P"@en and "P2"@en-GB
        (X + "person/p", "owl:sameAs is never used"),
        (X + "person/p", "English, Armenian, Azerbaijani or Russian"),        # skos:prefLabel "Pierre"@fr
        (X + "quote/q#t", "no oa:end here either"),
        (X + "quote/q#p", "The prefix belongs on the quote's oa:TextQuoteSelector"),
        (X + "quote/q#p", "The suffix belongs on the quote's oa:TextQuoteSelector"),
        (X + "statement/s1", "always accompanied by its first day"),         # kg:dateMonth without bounds
        (X + "statement/s1", "always accompanied by its last day"),
        (X + "statement/s1", "does not respond to itself"),
        (X + "statement/s1#f", "one of FactBank's eight values"),            # PSu
        (X + "statement/s1#orphan", "belongs to exactly one statement"),
        (X + "proposition/pp", "does not entail itself"),
        (X + "event/e", "kg:earliestDate is not after kg:latestDate"),
        (X + "event/e", "at most one preferred label per language"),         # two skos:prefLabel@fr on an event
    ],
    "bad2.ttl": [
        (X + "place/p", "go to a Wikidata item IRI"),                         # the /wiki/ form
        (X + "weapon/w", "not a variant of itself"),                          # a missile, variant of itself
        (X + "weapon/w2", "not a variant of itself"),
        (X + "weapon/w2", "not the export version of itself"),
        (X + "position/x", "kg:holder points to a kg:Person"),               # a place as holder
        (X + "position/x", "as of when the source presents it"),
    ],
}


@pytest.mark.parametrize("probe", sorted(PROBE_DEFECTS))
def test_kgraph_validate_rejects_every_defect_of_the_review_probes(probe):
    process = subprocess.run([sys.executable, "-m", "kgraph.cli", "--root", str(ROOT), "validate", str(PROBES / probe)],
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 1, process.stdout + process.stderr
    report = validate(Graph().parse(PROBES / probe, format="turtle"))
    found = {(v.focus_node, v.message) for v in report.violations}
    for focus, expected in PROBE_DEFECTS[probe]:
        assert any(f == focus and expected in m for f, m in found), f"{probe}: {focus} not rejected for {expected!r}"


def test_web_annotation_s_own_offset_datatype_is_accepted():
    """bad2.ttl types its offsets xsd:nonNegativeInteger, the range Web Annotation gives oa:start and oa:end."""
    report = validate(Graph().parse(PROBES / "bad2.ttl", format="turtle"))
    assert not [v for v in report.violations if v.focus_node == X + "quote/q#p"], report.text()

"""Dumps over HTTP, listed on an index page and in the VoID + DCAT description, and the published @context."""

import gzip
import hashlib
import json

from rdflib import Dataset, Graph

from kgraph.namespaces import PREFIXES

NAMES = ["kgraph.jsonld", "kgraph.nq", "kgraph.nq.gz", "kgraph.nt", "kgraph.nt.gz", "kgraph.rdf", "kgraph.trig",
         "kgraph.ttl"]


def test_the_index_page_lists_every_dump(client):
    page = client.get("/dumps/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for name in NAMES:
        assert f'href="/dumps/{name}"' in page.text


def test_each_dump_downloads_with_its_media_type_and_the_described_checksum(client, server):
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text,
                         format="turtle")
    described = {str(url).rsplit("/", 1)[-1]: (str(media), int(size), str(sha)) for url, media, size, sha in void.query(
        """SELECT ?url ?media ?size ?sha WHERE { ?d void:dataDump ?url . ?url dcat:mediaType ?media ;
           dcat:byteSize ?size ; spdx:checksum/spdx:checksumValue ?sha }""", initNs=PREFIXES)}
    assert sorted(described) == NAMES
    for name in NAMES:
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 200
        media, size, sha = described[name]
        assert media.endswith(response.headers["content-type"].split(";")[0]) or name.endswith(".gz")
        assert (len(response.content), hashlib.sha256(response.content).hexdigest()) == (size, sha)
        assert str(next(iter(void.objects(None, PREFIXES["void"].sparqlEndpoint)))) == server + "/sparql"


def test_the_nquads_dump_parses_back_into_its_named_graphs(client):
    dataset = Dataset().parse(data=gzip.decompress(client.get("/dumps/kgraph.nq.gz").content).decode(),
                              format="nquads")
    graphs = {str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if len(g)}
    assert {"ontology", "asserted", "inferred", "shapes"} <= graphs


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/kgraph.exe").status_code == 404


def test_the_jsonld_dump_uses_the_published_context(client):
    context = client.get("/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    published = context.json()["@context"]
    dump = json.loads(client.get("/dumps/kgraph.jsonld").content)
    assert dump["@context"] == published
    assert published["kg"] == "https://w3id.org/kgraph/ontology#"

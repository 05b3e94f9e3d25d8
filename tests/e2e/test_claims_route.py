"""/claims.jsonld on a real server: the schema.org claims of the served project, served like a dump (ETag, 304, HEAD)."""

import hashlib

import httpx

from kgraph.namespaces import KGR


def test_claims_are_served_as_json_ld_with_their_etag(client):
    response = client.get("/claims.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["etag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert response.headers["cache-control"] == "public, max-age=3600"
    claims = {node["@id"] for node in response.json()["@graph"] if node["@type"] == "Claim"}
    assert claims == {str(KGR["proposition/iskanders-used"]), str(KGR["proposition/iskanders-exploded"])}


def test_claims_answer_a_conditional_request_and_head(client, server):
    first = client.get("/claims.jsonld")
    again = client.get("/claims.jsonld", headers={"If-None-Match": first.headers["etag"]})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", first.headers["etag"])
    head = httpx.head(server + "/claims.jsonld")
    assert (head.status_code, head.content, head.headers["etag"]) == (200, b"", first.headers["etag"])
    assert head.headers["content-type"] == "application/ld+json"

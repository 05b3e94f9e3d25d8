"""`kgraph publish`'s errors that need no store, in `make test` (the publishing itself, against real stores, is in
test_publish.py, marked `stores`)."""

import pytest
from conftest import free_port

from kgraph.publish import PublishError, _has_blank_node, publish

# --- Errors a user meets first -----------------------------------------------------------------------------------------

def test_an_unreachable_store_is_one_clear_error(built_mini):
    closed = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PublishError, match=r"^cannot reach the store at http://127\.0\.0\.1:\d+/store: .+ "
                                           r"\(after 2 attempts\)$"):
        publish(built_mini, closed, retries=1)


def test_a_store_url_without_a_known_query_endpoint_asks_for_one(built_mini):
    with pytest.raises(PublishError, match="give it with --sparql"):
        publish(built_mini, "http://127.0.0.1:9/graph-store")


@pytest.mark.parametrize(("line", "blank"), [
    (b'_:b0 <http://example.org/p> <http://example.org/o> .\n', True),
    (b'<http://example.org/s> <http://example.org/p> _:b0 .\n', True),
    (b'<http://example.org/s> <http://example.org/p> "looks like _:b0" .\n', False),
    (b'<http://example.org/s> <http://example.org/p> "_:b0"@en .\n', False),
    (b'<http://example.org/s> <http://example.org/p> "a _:b0"^^<http://example.org/datatype> .\n', False),
    (b'<http://example.org/s> <http://example.org/p> <http://example.org/_:b0> .\n', False),
])
def test_a_blank_node_is_told_from_a_literal_that_mentions_one(line, blank):
    assert _has_blank_node(line) is blank

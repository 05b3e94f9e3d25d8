"""The `kgraph` command end to end, in a subprocess, as a user runs it."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys

import pytest
from conftest import FIXTURES

SUBCOMMANDS = ["validate", "build", "query", "export", "serve", "info", "publish", "link"]


def kgraph(*args, cwd=None, check=None, env=None):
    process = subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, args)], capture_output=True, text=True,
                             cwd=cwd, timeout=120, env={**os.environ, **env} if env else None)
    if check is not None:
        assert process.returncode == check, process.stderr
    return process


@pytest.fixture
def mini(tmp_path, mini_root):
    shutil.copytree(mini_root, tmp_path / "project")
    return ["--root", tmp_path / "project", "--cache-dir", tmp_path / "cache"]


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_every_subcommand_has_help(subcommand):
    process = kgraph(subcommand, "--help", check=0)
    assert process.stdout.startswith(f"usage: kgraph {subcommand}")


def test_build_prints_counts_and_timings_then_hits_the_cache(mini):
    first = kgraph(*mini, "build", check=0).stdout
    assert first.startswith("built: ")
    assert "asserted 6  inferred 6  dropped 179" in first
    assert all(stage in first for stage in ("load ", "validate ", "reason ", "store "))
    hit = kgraph(*mini, "build", check=0).stdout.splitlines()
    assert hit[0].startswith("cache hit: ")
    assert hit[3].startswith("cache lookup ") and hit[3].count("s  ") == 0  # the one stage that ran now
    assert hit[4].startswith("(built ") and " in load " in hit[4]  # the original build's times, said to be


def test_root_goes_before_or_after_the_command_or_in_kgraph_root(mini, tmp_path):
    root, cache = mini[1], mini[3]
    before = kgraph("--root", root, "--cache-dir", cache, "query", "people", check=0).stdout
    assert kgraph("--cache-dir", cache, "query", "people", "--root", root, check=0).stdout == before
    by_env = subprocess.run([sys.executable, "-m", "kgraph.cli", "--cache-dir", str(cache), "query", "people"],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            env={**os.environ, "KGRAPH_ROOT": str(root)})
    assert by_env.returncode == 0 and by_env.stdout == before, by_env.stderr
    assert "--root" not in kgraph("link", "--help", check=0).stdout.split("options:")[1].split("--root", 1)[1]


def test_validate_exit_codes(mini):
    assert kgraph(*mini, "validate", check=0).stdout.startswith("Conforms")
    failing = kgraph(*mini, "validate", FIXTURES / "invalid" / "unlabelled-person.ttl", check=1)
    assert "An agent needs exactly one rdfs:label." in failing.stdout
    unreadable = kgraph(*mini, "validate", FIXTURES / "invalid" / "unknown-prefix.ttl", check=2)
    assert unreadable.stderr.strip() == (f"kgraph: error: {FIXTURES / 'invalid' / 'unknown-prefix.ttl'}:6:5: "
                                         "The prefix undeclared: has not been declared")
    assert kgraph(*mini, "validate", FIXTURES / "valid" / "one-label.nt", check=0).stdout == (
        "Conforms: the data satisfies every shape.\n")


def test_validate_accounts_for_every_result_it_counts(mini, tmp_path):
    """The first line's count of results equals what the listed lines stand for (one line per message and focus
    node, saying how many results it stands for when more than one)."""
    broken = tmp_path / "broken.ttl"
    broken.write_text("""@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix kgr: <https://w3id.org/kgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgraph/id/person/a> a kg:Person ; rdfs:label "A"@en, "A2"@en, "A3"@en .
<https://w3id.org/kgraph/id/person/b> a kg:Person .
""", encoding="utf-8")
    report = kgraph(*mini, "validate", broken, check=1).stdout.splitlines()
    counted, focus_nodes = re.fullmatch(r"Does not conform: (\d+) results on (\d+) focus nodes\.", report[0]).groups()
    listed = [line for line in report[1:] if line.startswith("  [")]
    stands_for = [int(m.group(1)) if (m := re.search(r"\((\d+) results", line)) else 1 for line in listed]
    assert sum(stands_for) == int(counted) and int(focus_nodes) == 2
    assert [line for line in report[1:] if line and not line.startswith("  ")] == [
        "https://w3id.org/kgraph/id/person/a", "https://w3id.org/kgraph/id/person/b"]


def test_validate_help_describes_the_command():
    assert kgraph("validate", "--help", check=0).stdout.split("\n\n")[1].startswith(
        "Validate the project's data, or the given RDF files, against the SHACL shapes")


def test_build_of_invalid_data_fails_in_one_line(mini):
    shutil.copy(FIXTURES / "invalid" / "unlabelled-person.ttl", mini[1] / "data")
    process = kgraph(*mini, "build", check=1)
    assert process.stderr.count("\n") == 1
    assert "does not conform" in process.stderr
    assert "Traceback" not in process.stderr
    assert kgraph(*mini, "build", "--allow-invalid", check=0).stdout.count("DOES NOT CONFORM") == 1


def test_query_by_name_file_or_text_in_every_format(mini):
    table = kgraph(*mini, "query", "people", check=0).stdout.splitlines()
    assert table[0].split() == ["person", "state"]
    assert table[2].split() == ["kgr:person/nikol-pashinyan", "kgr:state/armenia"]
    assert table[-1] == "(1 rows)"
    rows = json.loads(kgraph(*mini, "query", "people", "--format", "json", check=0).stdout)["results"]["bindings"]
    assert rows[0]["state"]["value"] == "https://w3id.org/kgraph/id/state/armenia"
    assert kgraph(*mini, "query", "SELECT ?s WHERE { ?s a kg:State }", "--format", "csv",
                  check=0).stdout.splitlines() == ["s", "https://w3id.org/kgraph/id/state/armenia"]
    assert kgraph(*mini, "query", "ASK { ?s a kg:Agent }", check=0).stdout == "true\n"
    assert json.loads(kgraph(*mini, "query", "ASK { ?s a kg:Agent }", "--format", "json", check=0).stdout) == {
        "head": {}, "boolean": True}
    turtle = kgraph(*mini, "query", "CONSTRUCT WHERE { ?s kg:actsFor ?o }", "--format", "turtle", check=0).stdout
    assert "kg:actsFor" in turtle


def test_a_bad_query_is_one_line_with_the_parser_position(mini):
    process = kgraph(*mini, "query", "SELECT * WHERE { ?s ?p }", check=1)
    assert process.stderr == "kgraph: error: SPARQL syntax error: error at 1:23: expected one of LATERAL, SERVICE, [_]\n" \
        or process.stderr.startswith("kgraph: error: SPARQL syntax error: error at 1:")
    assert process.stderr.count("\n") == 1


def test_an_unknown_query_name_is_no_such_query(mini):
    process = kgraph(*mini, "query", "no-such-query", check=1)
    assert process.stderr == (f"kgraph: error: no such query 'no-such-query': not a file, nor a query in "
                              f"{mini[1] / 'queries'} (there: people)\n")


def test_the_csv_answer_is_the_endpoints(mini, built_mini):
    """`kgraph query --format csv|tsv|json|xml` writes the bytes /sparql answers for the same query."""
    from fastapi.testclient import TestClient

    from kgraph.serve import Settings, create_app

    query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
    cache = built_mini.directory.parent
    with TestClient(create_app(built_mini, Settings(workers=1))) as client:
        for fmt in ("csv", "tsv", "json", "xml"):
            served = client.get("/sparql", params={"query": query, "format": fmt})
            assert served.status_code == 200
            printed = subprocess.run([sys.executable, "-m", "kgraph.cli", "--root", str(mini[1]), "--cache-dir",
                                      str(cache), "query", query, "--format", fmt], capture_output=True, timeout=120)
            assert printed.returncode == 0, printed.stderr
            assert printed.stdout == served.content, fmt
    assert served.content.count(b"<result>") == 3


def test_export_to_standard_output(mini, tmp_path):
    to_file = tmp_path / "dump.ttl"
    kgraph(*mini, "export", "--format", "ttl", "--output", to_file, check=0)
    process = subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, mini), "export", "--format", "ttl",
                              "--output", "-"], capture_output=True, timeout=120, cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stdout == to_file.read_bytes()
    assert process.stderr.decode() == f"wrote 50 statements, {to_file.stat().st_size} bytes to standard output\n"
    assert not (tmp_path / "-").exists()


def test_serve_on_a_busy_port_says_only_that(mini, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        process = kgraph(*mini, "serve", "--port", port, check=1)
    assert process.stderr == f"kgraph: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


def test_export_writes_the_dump(mini, tmp_path):
    output = tmp_path / "dump.nq"
    process = kgraph(*mini, "export", "--format", "nq", "--output", output, check=0)
    assert process.stdout.startswith(f"wrote {output} (application/n-quads): 50 statements")
    assert len(output.read_text(encoding="utf-8").splitlines()) == 50


def test_info_counts_graphs_and_classes(mini):
    out = kgraph(*mini, "info", check=0).stdout
    assert "conforms to the shapes" in out
    graphs = {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.startswith("kgg:")}
    assert graphs["kgg:inferred"] == 6 and graphs["kgg:asserted"] == 6
    assert "kg:Agent" in out and "kg:State" in out


def test_missing_project_is_a_clear_error(tmp_path):
    process = kgraph("--root", tmp_path / "nowhere", "--cache-dir", tmp_path / "cache", "query", "ASK {}", check=2)
    assert process.stderr == (f"kgraph: error: {tmp_path / 'nowhere'}: not a kgraph project: "
                              "it has no data/ directory (see --root)\n")


def test_the_rules_reasoner_builds_the_same_inferred_graph(mini):
    owlrl = kgraph(*mini, "build", check=0).stdout
    rules = kgraph(*mini, "build", env={"KGRAPH_REASONER": "rules"}, check=0).stdout
    assert rules.startswith("built: ")  # its own cache entry: the engine is part of the key
    assert "inferred 6" in owlrl and "inferred 6" in rules
    assert kgraph(*mini, "build", "--reasoner", "rules", check=0).stdout.startswith("cache hit: ")
    # the command line wins over the environment
    given = kgraph(*mini, "build", "--reasoner", "owlrl", env={"KGRAPH_REASONER": "rules"}, check=0).stdout
    assert given.startswith("cache hit: ")
    wrong = kgraph(*mini, "build", env={"KGRAPH_VALIDATOR": "shaclex"}, check=2)
    assert wrong.stderr == "kgraph: error: KGRAPH_VALIDATOR: 'shaclex' is not one of pyshacl, rudof\n"

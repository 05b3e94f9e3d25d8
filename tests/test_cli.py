"""The `kgraph` command end to end, in a subprocess, as a user runs it."""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES

SUBCOMMANDS = ["validate", "build", "query", "export", "serve", "info", "publish", "link"]


def kgraph(*args, cwd=None, check=None):
    process = subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, args)], capture_output=True, text=True,
                             cwd=cwd, timeout=120)
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
    assert kgraph(*mini, "build", check=0).stdout.startswith("cache hit: ")


def test_validate_exit_codes(mini):
    assert kgraph(*mini, "validate", check=0).stdout.startswith("Conforms")
    failing = kgraph(*mini, "validate", FIXTURES / "invalid" / "unlabelled-person.ttl", check=1)
    assert "An agent needs exactly one rdfs:label." in failing.stdout
    unreadable = kgraph(*mini, "validate", FIXTURES / "invalid" / "unknown-prefix.ttl", check=2)
    assert unreadable.stderr.strip() == (f"kgraph: error: {FIXTURES / 'invalid' / 'unknown-prefix.ttl'}:6:5: "
                                         "The prefix undeclared: has not been declared")
    assert kgraph(*mini, "validate", FIXTURES / "valid" / "one-label.nt", check=0)


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
    turtle = kgraph(*mini, "query", "CONSTRUCT WHERE { ?s kg:actsFor ?o }", "--format", "turtle", check=0).stdout
    assert "kg:actsFor" in turtle


def test_a_bad_query_is_one_line_with_the_parser_position(mini):
    process = kgraph(*mini, "query", "SELECT * WHERE { ?s ?p }", check=1)
    assert process.stderr == "kgraph: error: SPARQL syntax error: error at 1:23: expected one of LATERAL, SERVICE, [_]\n" \
        or process.stderr.startswith("kgraph: error: SPARQL syntax error: error at 1:")
    assert process.stderr.count("\n") == 1


def test_export_writes_the_dump(mini, tmp_path):
    output = tmp_path / "dump.nq"
    process = kgraph(*mini, "export", "--format", "nq", "--output", output, check=0)
    assert process.stdout.startswith(f"wrote {output} (application/n-quads): 50 statements")
    assert len(output.read_text(encoding="utf-8").splitlines()) == 50


def test_info_counts_graphs_and_classes(mini):
    out = kgraph(*mini, "info", check=0).stdout
    assert "conforms to the shapes" in out
    assert "kgg:inferred  6" in out.replace("   ", "  ") or "kgg:inferred" in out
    assert "kg:Agent" in out and "kg:State" in out


def test_missing_project_is_a_clear_error(tmp_path):
    process = kgraph("--root", tmp_path / "nowhere", "--cache-dir", tmp_path / "cache", "query", "ASK {}", check=2)
    assert process.stderr == (f"kgraph: error: {tmp_path / 'nowhere'}: not a kgraph project: "
                              "it has no data/ directory (see --root)\n")


def test_the_rules_reasoner_builds_the_same_inferred_graph(mini):
    owlrl = kgraph(*mini, "build", check=0).stdout
    rules = kgraph(*mini, "build", "--reasoner", "rules", check=0).stdout
    assert rules.startswith("built: ")  # its own cache entry: the engine is part of the key
    assert "inferred 6" in owlrl and "inferred 6" in rules

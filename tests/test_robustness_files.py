"""Bad input files: one line of error with its location, exit status 2, and the cache and previous build intact."""

import re
import shutil
import time
from pathlib import Path

import pytest

from kgraph.build import build
from kgraph.cli import main
from kgraph.errors import InputError

BROKEN = Path(__file__).parent / "fixtures" / "broken"
SYNTAX_ERRORS = sorted(p for p in BROKEN.iterdir() if p.suffix != ".md" and not p.name.startswith("wrong-datatype")
                       and p.name not in {"empty.ttl", "comments-only.ttl"})
ILL_TYPED = sorted(BROKEN.glob("wrong-datatype-*"))
ONE_LINE = re.compile(r"kgraph: error: (?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<message>[^\n]+)\n")
NO_POSITION = {"unclosed-element.rdf"}  # pyoxigraph's RDF/XML parser reports no line or column


def _validate(capsys, mini_root, path: Path) -> tuple[int, str, str]:
    status = main(["--root", str(mini_root), "validate", str(path)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_corpus_is_there():
    assert len(SYNTAX_ERRORS) >= 12 and len(ILL_TYPED) == 4


@pytest.mark.parametrize("path", SYNTAX_ERRORS, ids=lambda p: p.name)
def test_a_syntax_error_is_one_line_with_its_location(path, capsys, mini_root):
    status, out, err = _validate(capsys, mini_root, path)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    if path.name in NO_POSITION:
        assert re.fullmatch(rf"kgraph: error: {re.escape(str(path))}: [^\n]+\n", err), err
    else:
        match = ONE_LINE.fullmatch(err)
        assert match, err
        assert match["path"] == str(path)
        assert 1 <= int(match["line"]) <= len(path.read_bytes().splitlines()) + 1


@pytest.mark.parametrize("path", ILL_TYPED, ids=lambda p: p.name)
def test_an_ill_typed_literal_is_one_line_with_its_location(path, capsys, mini_root):
    status, _, err = _validate(capsys, mini_root, path)
    assert status == 2
    match = ONE_LINE.fullmatch(err)
    assert match, err
    assert match["path"] == str(path) and int(match["line"]) == 4


@pytest.mark.parametrize("name", ["empty.ttl", "comments-only.ttl"])
def test_an_empty_file_is_zero_triples_not_an_error(name, capsys, mini_root):
    status, out, err = _validate(capsys, mini_root, BROKEN / name)
    assert (status, err) == (0, "")
    assert out.startswith("Conforms")


def test_a_huge_literal_loads(tmp_path, capsys, mini_root):
    # 5 MB: kgraph.load hands terms to rdflib one by one (rdflib's own N-Triples parser is quadratic in a
    # literal's length: 5 MB took ~4 min through it).
    path = tmp_path / "huge-literal.ttl"
    text = "Iskander " * (5 * 2**20 // 9)
    path.write_text(f'<https://w3id.org/kgraph/id/person/a> <http://www.w3.org/2000/01/rdf-schema#comment> "{text}" .\n')
    started = time.monotonic()
    status, _, err = _validate(capsys, mini_root, path)
    assert (status, err) == (0, "")
    assert time.monotonic() - started < 30


@pytest.fixture
def project(tmp_path, mini_root) -> Path:
    root = tmp_path / "project"
    shutil.copytree(mini_root, root)
    return root


def _snapshot(cache: Path) -> dict[str, bytes]:
    return {str(p.relative_to(cache)): p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("broken", ["missing-dot.ttl", "invalid-utf8.ttl", "truncated.jsonld"])
def test_a_broken_input_leaves_the_cache_and_previous_build_intact(project, tmp_path, broken, capsys):
    cache = tmp_path / "cache"
    first = build(project, cache_dir=cache)
    assert not first.cache_hit
    before = _snapshot(cache)

    target = project / "data" / broken
    shutil.copy(BROKEN / broken, target)
    with pytest.raises(InputError) as raised:
        build(project, cache_dir=cache)
    assert str(raised.value).startswith(str(target))
    assert main(["--root", str(project), "--cache-dir", str(cache), "build"]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert _snapshot(cache) == before  # nothing written, nothing pruned, no half-built directory left
    assert len(list(first.built.query("SELECT * WHERE { ?s ?p ?o }"))) > 0  # the previous build still answers

    target.unlink()
    again = build(project, cache_dir=cache)
    assert again.cache_hit and again.built.directory == first.built.directory

"""The curation commands (kgraph.curate): add-source, quote and check-quotes, each behaviour and error path, and the
README's walkthrough run as written in a copy of the project."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from rdflib import Graph, URIRef

from kgraph.curate import QUOTE_NS, CurationError, add_source, check_quotes, quote
from kgraph.namespaces import OA

ARTICLE_ID = "nee-2021-04-27-schrodingers-iskanders"
FIXTURE_TEXT = FIXTURES / "curation" / "second-article.txt"
SLUG = "cer-2021-05-03-shusha-debris"
TITLE = "Shusha debris: what the fragments can and cannot tell"


def kgraph(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


@pytest.fixture()
def copy(tmp_path) -> Path:
    """A copy of the project's data (all that the curation commands read and write)."""
    shutil.copytree(ROOT / "data", tmp_path / "project" / "data")
    return tmp_path / "project"


def register(root: Path, **overrides):
    options = dict(title=TITLE, url="https://example.org/caucasus-example-review/shusha-debris",
                   published="2021-05-03", publisher="org/caucasus-example-review", authors=["person/jane-sample"],
                   slug=SLUG)
    return add_source(root, FIXTURE_TEXT, **{**options, **overrides})


def quote_blocks() -> dict[str, str]:
    """The quotes of data/quotes.ttl, each block as the file writes it."""
    text = (ROOT / "data" / "quotes.ttl").read_text(encoding="utf-8")
    return {m.group(1): block.strip() + "\n" for block in text.split("\n\n")
            if (m := re.match(r"quote:(\S+) a kg:Quote", block))}


@pytest.mark.parametrize("command", ["add-source", "quote", "check-quotes"])
def test_each_curation_command_has_help(command):
    done = kgraph(command, "--help")
    assert (done.returncode, done.stdout.startswith(f"usage: kgraph {command}")) == (0, True)


# --- quote ------------------------------------------------------------------------------------------------------------

def test_quote_writes_each_existing_quote_exactly_as_the_data_has_it():
    quotes = Graph().parse(ROOT / "data" / "quotes.ttl", format="turtle")
    blocks = quote_blocks()
    assert len(blocks) == 62
    for name, block in blocks.items():
        exact = quotes.value(URIRef(f"{QUOTE_NS}{name}#text"), OA.exact)
        assert quote(ROOT, ARTICLE_ID, str(exact), name) == block, name


def test_quote_on_the_command_line_names_the_source_three_ways():
    for name in (ARTICLE_ID, f"source:{ARTICLE_ID}", f"https://w3id.org/kgraph/id/source/{ARTICLE_ID}"):
        done = kgraph("--root", ROOT, "quote", name, "Schrödinger’s Iskanders: a two-level game in Karabakh",
                      "--id", "title")
        assert (done.returncode, done.stdout, done.stderr) == (0, quote_blocks()["title"], "")


def test_quote_refuses_absent_text_and_names_the_nearest_match():
    done = kgraph("--root", ROOT, "quote", ARTICLE_ID, "Peskov said that Iskanders were not used")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("kgraph: error: the text does not occur in data/sources/article.txt; nearest match: "
                           "6335–6375 'Peskov said that the Kremlin was unaware'\n")


def test_quote_refuses_ambiguous_text_and_names_every_occurrence(copy):
    register(copy)
    with pytest.raises(CurationError) as error:
        quote(copy, SLUG, "the fragments")
    assert str(error.value) == (f"the text occurs 2 times in data/sources/{SLUG}.txt (at 231–244, 532–545): quote a "
                                "longer span that occurs once")


def test_quote_refuses_an_unknown_source_and_empty_text():
    done = kgraph("--root", ROOT, "quote", "no-such-source", "Iskander")
    assert (done.returncode, done.stderr) == (1, "kgraph: error: no source https://w3id.org/kgraph/id/source/"
                                                 "no-such-source with a kg:localCopy in data/ (register it with "
                                                 "`kgraph add-source`)\n")
    with pytest.raises(CurationError, match=r"^the text to quote is empty$"):
        quote(ROOT, ARTICLE_ID, "")


# --- add-source -------------------------------------------------------------------------------------------------------

def test_add_source_copies_the_text_and_describes_it_with_its_checksum(copy):
    done = kgraph("--root", copy, "add-source", FIXTURE_TEXT, "--title", TITLE, "--url",
                  "https://example.org/caucasus-example-review/shusha-debris", "--date", "2021-05-03",
                  "--publisher", "org/caucasus-example-review", "--author", "person/jane-sample", "--id", SLUG)
    digest = hashlib.sha256(FIXTURE_TEXT.read_bytes()).hexdigest()
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"registered https://w3id.org/kgraph/id/source/{SLUG}: data/sources/{SLUG}.txt (SHA-256 "
                           f"{digest}), described in data/source-{SLUG}.ttl\n")
    assert (copy / "data" / "sources" / f"{SLUG}.txt").read_bytes() == FIXTURE_TEXT.read_bytes()
    assert (copy / "data" / "sources" / f"{SLUG}.txt.sha256").read_text() == f"{digest}  {SLUG}.txt\n"
    described = Graph().parse(copy / "data" / f"source-{SLUG}.ttl", format="turtle")
    rows = {(str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1], str(o)) for s, p, o in described
            if str(s).endswith(f"source/{SLUG}")}
    assert rows == {("type", "https://w3id.org/kgraph/ontology#Article"),
                    ("label", f"{TITLE} (3 May 2021)"), ("title", TITLE), ("headline", TITLE),
                    ("creator", "https://w3id.org/kgraph/id/person/jane-sample"),
                    ("author", "https://w3id.org/kgraph/id/person/jane-sample"),
                    ("publisher", "https://w3id.org/kgraph/id/org/caucasus-example-review"),
                    ("issued", "2021-05-03"), ("datePublished", "2021-05-03"),
                    ("url", "https://example.org/caucasus-example-review/shusha-debris"),
                    ("localCopy", f"data/sources/{SLUG}.txt"), ("sha256", digest),
                    ("quote", f"https://w3id.org/kgraph/id/quote/{SLUG}-title")}
    assert check_quotes(copy).problems == ()  # the title quote it wrote is right
    assert not [p for p in (copy / "data").rglob("*.partial")]


def test_add_source_refuses_a_taken_id_and_a_text_registered_already(copy):
    register(copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    with pytest.raises(CurationError) as taken:
        register(copy, title="Another title")
    assert str(taken.value) == (f"data/sources/{SLUG}.txt already exists: https://w3id.org/kgraph/id/source/{SLUG} is "
                                "registered already (choose another --id)")
    with pytest.raises(CurationError) as same_text:
        register(copy, slug="another-id")
    assert str(same_text.value).startswith(f"this text is registered already as https://w3id.org/kgraph/id/source/"
                                           f"{SLUG} (data/source-{SLUG}.ttl, SHA-256 ")
    article = kgraph("--root", copy, "add-source", ROOT / "data" / "sources" / "article.txt", "--title", "x", "--url",
                     "https://example.org/x", "--date", "2021-04-27", "--publisher", "org/x", "--author", "person/x")
    assert (article.returncode, article.stderr) == (
        1, "kgraph: error: this text is registered already as https://w3id.org/kgraph/id/source/"
           f"{ARTICLE_ID} (data/source.ttl, SHA-256 3a342e106d5c6adf356b71497a0e6961a8d802715c6a42127fdb418df7699bf6)\n")
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def test_add_source_refuses_bad_input_and_writes_nothing(copy, tmp_path):
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    with pytest.raises(CurationError, match=r"^--date '3 May 2021': give the publication day as YYYY-MM-DD$"):
        register(copy, published="3 May 2021")
    with pytest.raises(CurationError, match=r"^--url 'example\.org': give the absolute http\(s\) URL of the source$"):
        register(copy, url="example.org")
    with pytest.raises(CurationError, match=r"^--id 'Bad ID': use lower-case letters, digits and single hyphens$"):
        register(copy, slug="Bad ID")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Schr\u00f6dinger".encode("latin-1"))
    done = kgraph("--root", copy, "add-source", latin1, "--title", "x", "--url", "https://example.org/x", "--date",
                  "2021-05-03", "--publisher", "org/x", "--author", "person/x")
    assert (done.returncode, done.stderr) == (2, f"kgraph: error: {latin1}: not UTF-8 text (byte 4): store the text "
                                                 "as UTF-8\n")
    missing = kgraph("--root", copy, "add-source", tmp_path / "nope.txt", "--title", "x", "--url",
                     "https://example.org/x", "--date", "2021-05-03", "--publisher", "org/x", "--author", "person/x")
    assert (missing.returncode, missing.stderr) == (2, f"kgraph: error: {tmp_path / 'nope.txt'}: No such file or "
                                                       "directory\n")
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


# --- check-quotes -----------------------------------------------------------------------------------------------------

def test_check_quotes_passes_on_the_project():
    done = kgraph("--root", ROOT, "check-quotes")
    assert (done.returncode, done.stdout, done.stderr) == (0, "62 quotes of 1 sources match their texts\n", "")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text))


def test_check_quotes_names_file_and_line_of_a_quote_whose_offsets_moved(copy):
    quotes = copy / "data" / "quotes.ttl"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("    oa:start 55 ;\n    oa:end 87 .",
                                                                 "    oa:start 56 ;\n    oa:end 88 ."), encoding="utf-8")
    done = kgraph("--root", copy, "check-quotes")
    line = _line_of(quotes, "<https://w3id.org/kgraph/id/quote/masthead#position>")
    assert done.returncode == 1
    assert done.stderr == (f"data/quotes.ttl:{line}: https://w3id.org/kgraph/id/quote/masthead#position: oa:start 56 / "
                           "oa:end 88 select 'ew Eastern Europe\\nApril 27 2021\\n', not its oa:exact 'New Eastern "
                           "Europe\\nApril 27 2021'\n"
                           "kgraph: error: 1 quote or source problem(s) in 62 quotes of 1 sources\n")


def test_check_quotes_names_a_wrong_prefix_and_a_changed_text(copy):
    quotes = copy / "data" / "quotes.ttl"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace('oa:prefix ": a two-level game in Karabakh\\n\\n"',
                                                                 'oa:prefix ": a two-level game in Karabakh!\\n"'),
                      encoding="utf-8")
    article = copy / "data" / "sources" / "article.txt"
    article.write_bytes(article.read_bytes() + b"\n")
    problems = [str(p) for p in check_quotes(copy).problems]
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    source_line = _line_of(copy / "data" / "source.ttl", "source:nee-2021-04-27-schrodingers-iskanders ")
    selector_line = _line_of(quotes, "<https://w3id.org/kgraph/id/quote/masthead#text>")
    assert problems == [
        f"data/source.ttl:{source_line}: https://w3id.org/kgraph/id/source/{ARTICLE_ID}: kg:sha256 "
        f"3a342e106d5c6adf356b71497a0e6961a8d802715c6a42127fdb418df7699bf6 but data/sources/article.txt has SHA-256 "
        f"{digest}",
        f"data/source.ttl:{source_line}: https://w3id.org/kgraph/id/source/{ARTICLE_ID}: data/sources/article.txt."
        f"sha256 does not hold the SHA-256 of data/sources/article.txt ({digest})",
        f"data/quotes.ttl:{selector_line}: https://w3id.org/kgraph/id/quote/masthead#text: oa:prefix ': a two-level "
        "game in Karabakh!\\n' is not the text before it (': a two-level game in Karabakh\\n\\n')"]


# --- the README's walkthrough -----------------------------------------------------------------------------------------

def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Adding a second source: a walkthrough"):]
    section = section[:section.index("\n## ")]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_walkthrough_adds_a_second_source_end_to_end(tmp_path):
    demo = tmp_path / "demo"
    demo.mkdir()
    # the README's commands as written; the faster engines, which other tests show give the same closure and report
    # (tests/test_robustness_reasoner.py, tests/test_validate.py), keep the demo's build to seconds
    env = {**os.environ, "DEMO": str(demo), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "KGRAPH_REASONER": "rules", "KGRAPH_VALIDATOR": "rudof"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", walkthrough()], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"registered https://w3id.org/kgraph/id/source/{SLUG}: data/sources/{SLUG}.txt")
    assert "66 quotes of 2 sources match their texts" in lines
    assert "Conforms: the data satisfies every shape." in lines
    table = lines[lines.index("Conforms: the data satisfies every shape.") + 1:]
    rows = [line.split() for line in table[2:] if line.startswith("kgr:")]
    assert rows == [["kgr:statement/anama-report-2021-03-31", "kgr:source/nee-2021-04-27-schrodingers-iskanders"],
                    ["kgr:statement/example-institute-fragments-2021-05-02", f"kgr:source/{SLUG}"]]
    claims = json.loads((demo / "claims.jsonld").read_text(encoding="utf-8"))
    [claim] = [n for n in claims["@graph"] if n["@id"].endswith("/proposition/9m723-remains-found-in-shusha")]
    assert [a["@id"].rsplit("/", 1)[-1] for a in claim["appearance"]] == [
        "anama-report-2021-03-31", "example-institute-fragments-2021-05-02"]
    assert claim["firstAppearance"] == {"@id": "https://w3id.org/kgraph/id/statement/anama-report-2021-03-31"}
    [new] = [a for a in claim["appearance"] if a["@id"].endswith("example-institute-fragments-2021-05-02")]
    assert new["url"].startswith("https://example.org/caucasus-example-review/shusha-debris#:~:text=A%20spokesperson")
    assert new["author"]["name"] == "Example Institute for Security Studies"
    assert not (ROOT / "data" / "sources" / f"{SLUG}.txt").exists()  # the fixture never reaches data/

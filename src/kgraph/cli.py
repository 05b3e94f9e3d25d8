"""The `kgraph` command: validate, build, query, export, serve, info, publish, add-source, quote, check-quotes, link."""

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph

from kgraph import __version__
from kgraph.build import build
from kgraph.errors import InputError, KgraphError, QueryError, UsageError
from kgraph.export import dump, export
from kgraph.formats import (
    DUMP_FORMATS,
    FORMATS,
    GRAPH_FORMATS,
    NOT_XML_BYTES,
    RESULT_FORMATS,
    TURTLE,
    serialize_triples,
    term_of,
    write_boolean,
    write_select,
)
from kgraph.load import ProjectFiles, parse_quads
from kgraph.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES, PREFIXES
from kgraph.reason import ENGINES
from kgraph.store import GRAPH_COUNTS, BuiltDataset
from kgraph.validate import VALIDATORS, validate

QUERY_NAME = re.compile(r"[\w.\-/]+")  # a file or a query's name; never a SPARQL query (which has braces or spaces)


def main(argv: list[str] | None = None) -> int:
    """The one place where an error becomes an exit status: a KgraphError's own `exit_code`, printed as one line."""
    try:
        argv = sys.argv[1:] if argv is None else argv
        args = _parser(argv).parse_args(argv)
        args.root = _project_root(args)
        return int(args.handler(args))
    except KgraphError as error:
        print(f"kgraph: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


def _project_root(args: argparse.Namespace) -> Path:
    """--root (before or after the command), else $KGRAPH_ROOT, else the current directory."""
    given = getattr(args, "root", None)
    if given is not None:
        return Path(given)
    return Path(os.environ["KGRAPH_ROOT"]) if os.environ.get("KGRAPH_ROOT") else Path.cwd()


def _engine(variable: str, engines: Iterable[str]) -> str:
    """An engine's default: `variable` when set, else the reference engine (the first); argparse checks only what is
    given on the command line against its choices, so a value from the environment is checked here."""
    names = list(engines)
    chosen = os.environ.get(variable) or names[0]
    if chosen not in names:
        raise UsageError(f"{variable}: {chosen!r} is not one of {', '.join(names)}")
    return chosen


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The command line's parser; the commands whose options come from a late module (`_late`) get them only when
    `argv` names them, since no other command's options are parsed."""
    parser = argparse.ArgumentParser(prog="kgraph", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kgraph {__version__}")
    root_help = "project directory holding ontology/, data/, shapes/, queries/ (default: $KGRAPH_ROOT, else current)"
    parser.add_argument("--root", type=Path, default=None, help=root_help)
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where built datasets are cached (default: $KGRAPH_CACHE_DIR or ROOT/.kgraph-cache)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_command(name: str, help: str, **options: Any) -> argparse.ArgumentParser:
        """A command whose `--help` starts with the line the command list shows."""
        return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", **options)

    # every command takes --root too (`kgraph serve --root DIR`); SUPPRESS keeps one given before the command
    rooted = argparse.ArgumentParser(add_help=False)
    rooted.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    validating = argparse.ArgumentParser(add_help=False, parents=[rooted])
    validating.add_argument("--validator", choices=list(VALIDATORS), default=_engine("KGRAPH_VALIDATOR", VALIDATORS),
                            help="SHACL engine: pyshacl (the reference) or rudof (in Rust; the same results). "
                                 "Default $KGRAPH_VALIDATOR, else pyshacl")
    building = argparse.ArgumentParser(add_help=False, parents=[validating])  # every command needing the build
    building.add_argument("--reasoner", choices=list(ENGINES), default=_engine("KGRAPH_REASONER", ENGINES),
                          help="closure engine: owlrl (the reference) or rules (OWL 2 RL rules as SPARQL updates in "
                               "pyoxigraph; the same closure, much faster on large graphs). Default $KGRAPH_REASONER, "
                               "else owlrl")

    command = add_command("validate", parents=[validating],
                                  help="validate the project's data, or the given RDF files, "
                                       "against the SHACL shapes (exit 0 conforms, 1 not, 2 unreadable)")
    command.add_argument("files", nargs="*", type=Path, metavar="FILE", help="RDF files (any common syntax)")
    command.set_defaults(handler=_validate)

    command = add_command("build", parents=[building], help="run the pipeline (load, validate, reason, store); print counts")
    command.add_argument("--allow-invalid", action="store_true", help="build even if the data does not conform")
    command.set_defaults(handler=_build)

    command = add_command("query", parents=[building], help="run SPARQL over the built dataset")
    command.add_argument("query", metavar="QUERY_OR_FILE",
                         help="SPARQL text, a file, or the name of a query in queries/ (e.g. who-affirmed-use)")
    command.add_argument("--format", choices=["table", *(f.key for f in RESULT_FORMATS + GRAPH_FORMATS)],
                         default="table", help="table (default), a SPARQL results format for SELECT and ASK (the "
                                               "endpoint's bytes), or an RDF syntax for CONSTRUCT and DESCRIBE")
    command.add_argument("--article-only", action="store_true",
                         help="the article alone, without facts from other sources or interpretations: the default "
                              "graph is kgg:asserted + kgg:inferred only")
    command.set_defaults(handler=_query)

    command = add_command("export", parents=[building], help="write an RDF dump of the built dataset, atomically")
    command.add_argument("--format", choices=[*DUMP_FORMATS, "claims"], required=True,
                         help="an RDF syntax, or claims: the schema.org Claims and ClaimReviews (JSON-LD)")
    command.add_argument("--no-inferred", action="store_true", help="leave the inferred graphs out")
    command.add_argument("--gzip", action="store_true", help="gzip the dump (reproducibly: no time stamp)")
    command.add_argument("--output", type=Path, required=True, metavar="PATH", help="the file to write, or - for "
                                                                                  "standard output")
    command.set_defaults(handler=_export)

    command = add_command("serve", parents=[building], help="serve the SPARQL endpoint, Linked Data pages and query UI")
    command.add_argument("--allow-invalid", action="store_true", help="serve even if the data does not conform")
    if "serve" in argv:
        _late("serve").add_arguments(command)
    command.set_defaults(handler=_serve)

    command = add_command("info", parents=[building], help="what is in the graph: counts per named graph and per class")
    command.set_defaults(handler=_info)

    command = add_command("publish", parents=[building], help="push the built dataset to a triple store (SPARQL 1.1 Graph "
                                                  "Store Protocol), replacing its graphs, and verify the counts")
    if "publish" in argv:
        from kgraph import publish  # late, as `_late` says

        publish.add_arguments(command)
    command.set_defaults(handler=_publish)

    _curation_commands(add_command, rooted)

    command = add_command("link", parents=[rooted], help="propose (and with --accept, write) Wikidata links")
    if "link" in argv:
        _late("link").add_arguments(command)
    command.set_defaults(handler=_link)
    return parser


def _curation_commands(add_command: Callable[..., argparse.ArgumentParser], rooted: argparse.ArgumentParser) -> None:
    command = add_command("add-source", parents=[rooted],
                          help="register a source text: copy it under data/sources/ and describe it, with its SHA-256, "
                               "in data/source-ID.ttl")
    command.add_argument("file", type=Path, metavar="FILE", help="the source's text (UTF-8)")
    command.add_argument("--title", required=True, help="the title, as the text gives it")
    command.add_argument("--url", required=True, help="the URL the text was taken from")
    command.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day of publication")
    command.add_argument("--publisher", required=True, metavar="IRI",
                         help="the publisher, a kg:Organization (e.g. org/new-eastern-europe)")
    command.add_argument("--author", required=True, action="append", metavar="IRI",
                         help="an author, a kg:Person (e.g. person/mahammad-mammadov); repeat for several")
    command.add_argument("--id", dest="slug", metavar="ID", help="the source's identifier (default: from the date "
                                                                 "and the title)")
    command.set_defaults(handler=_add_source)

    command = add_command("quote", parents=[rooted], help="print the Web Annotation selectors of a quote, in Turtle")
    command.add_argument("source", metavar="SOURCE", help="the source: its ID (nee-2021-04-27-schrodingers-iskanders), "
                                                         "source:ID or its IRI")
    command.add_argument("exact", metavar="TEXT", help="the exact text, occurring once in the source")
    command.add_argument("--id", dest="name", metavar="ID", help="the quote's identifier (default: from its text)")
    command.set_defaults(handler=_quote)

    command = add_command("check-quotes", parents=[rooted],
                          help="re-verify every quote's selectors against its source's text, and every source's "
                               "SHA-256 (exit 1 on a mismatch)")
    command.set_defaults(handler=_check_quotes)


def _add_source(args: argparse.Namespace) -> int:
    from kgraph import curate  # late, as `_late` says

    registered = curate.add_source(args.root, args.file, title=args.title, url=args.url, published=args.date,
                                   publisher=args.publisher, authors=args.author, slug=args.slug)
    print(f"registered {registered.iri}: {registered.text_path} (SHA-256 {registered.sha256}), described in "
          f"{registered.description_path}")
    if registered.title_quote is None:
        print("the title does not occur exactly once in the text: give the source a kg:quote of its own "
              "(`kgraph quote`), or validation will ask for one")
    return 0


def _quote(args: argparse.Namespace) -> int:
    from kgraph import curate  # late, as `_late` says

    sys.stdout.write(curate.quote(args.root, args.source, args.exact, args.name))
    return 0


def _check_quotes(args: argparse.Namespace) -> int:
    from kgraph import curate  # late, as `_late` says

    result = curate.check_quotes(args.root)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        raise curate.CurationError(f"{len(result.problems)} quote or source problem(s) in {result.quotes} quotes "
                                   f"of {result.sources} sources")
    print(f"{result.quotes} quotes of {result.sources} sources match their texts")
    return 0


def _late(name: str) -> ModuleType:
    """The module of a command whose dependencies are slow to import (the web stack and pydantic for serve, httpx
    for publish and link, the curation tools'): imported when that command runs, so that `kgraph query` on a cached
    build starts in a fraction of a second (README: targets). Where the module's types matter, the command's
    function imports it itself, for the same reason."""
    return importlib.import_module(f"kgraph.{name}")


def _built(args: argparse.Namespace, allow_invalid: bool = False) -> BuiltDataset:
    return build(args.root, cache_dir=args.cache_dir, allow_invalid=allow_invalid, reasoner=args.reasoner,
                 validator=args.validator).built


def _validate(args: argparse.Namespace) -> int:
    files = ProjectFiles.discover(args.root)
    for path in args.files:
        if not path.is_file():
            raise InputError(path, "no such file")
    data = parse_quads(args.files) if args.files else files.data_quads()
    report = validate(data, files.graph(GRAPH_SHAPES), files.graph(GRAPH_ONTOLOGY), args.validator)
    print(report.text())
    return 0 if report.conforms else 1


def _build(args: argparse.Namespace) -> int:
    print(build(args.root, cache_dir=args.cache_dir, allow_invalid=args.allow_invalid,
                reasoner=args.reasoner, validator=args.validator).summary())
    return 0


def _query(args: argparse.Namespace) -> int:
    built = _built(args)
    sparql = _resolve_query(args.query, args.root / "queries")

    def evaluate() -> Any:
        try:
            return built.query(sparql, article_only=args.article_only, prefixes=_prefixes())
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error.msg or error}") from None
        except OSError as error:
            raise QueryError(f"query failed: {error}") from None

    answer = _render(evaluate(), args.format, evaluate)
    sys.stdout.flush()
    sys.stdout.buffer.write(answer)
    return 0


def _resolve_query(text: str, queries_dir: Path) -> str:
    """The query itself, the text of a file, or of a query in queries/ named with or without `.rq`."""
    for candidate in (Path(text), queries_dir / text, queries_dir / f"{text}.rq"):
        if len(text) < 512 and candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    if QUERY_NAME.fullmatch(text):
        known = ", ".join(sorted(p.stem for p in queries_dir.glob("*.rq"))) or "none"
        raise QueryError(f"no such query {text!r}: not a file, nor a query in {queries_dir} (there: {known})")
    return text


def _render(result: Any, fmt: str, again: Callable[[], Any]) -> bytes:
    """The answer in `fmt`, written as the endpoint's query workers write it, so that the bytes are the endpoint's:
    SELECT by pyoxigraph's writer, or (evaluated `again`) by ours where XML 1.0 cannot hold what it wrote."""
    graph_keys = [f.key for f in GRAPH_FORMATS]
    if isinstance(result, pyoxigraph.QueryTriples):
        if fmt != "table" and fmt not in graph_keys:
            raise QueryError(f"--format {fmt} is for SELECT/ASK; use one of {', '.join(graph_keys)} for "
                             "CONSTRUCT/DESCRIBE")
        return serialize_triples(list(result), TURTLE.key if fmt == "table" else fmt, _prefixes())
    if fmt in graph_keys:
        raise QueryError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; use table or one of "
                         f"{', '.join(f.key for f in RESULT_FORMATS)} for SELECT/ASK")
    if isinstance(result, pyoxigraph.QueryBoolean):
        return ("true\n" if bool(result) else "false\n").encode() if fmt == "table" else write_boolean(bool(result), fmt)
    if fmt == "table":
        return _table(result).encode()
    written: bytes = result.serialize(format=FORMATS[fmt].results)
    if fmt != "xml" or not NOT_XML_BYTES.search(written):
        return written
    result = again()
    variables = [v.value for v in result.variables]
    return write_select(variables, [[term_of(solution[v]) for v in variables] for solution in result], fmt)


def _prefixes() -> dict[str, str]:
    return {prefix: str(iri) for prefix, iri in PREFIXES.items()}


def _table(solutions: pyoxigraph.QuerySolutions) -> str:
    variables = [v.value for v in solutions.variables]
    rows = [[_compact(solution[name]) for name in variables] for solution in solutions]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(variables)]
    line = "  ".join(name.ljust(width) for name, width in zip(variables, widths, strict=False))
    body = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) for row in rows]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body, f"({len(rows)} rows)"]) + "\n"


def _compact(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(str(iri)) and term.value != str(iri):
                return f"{prefix}:{term.value[len(str(iri)):]}"
        return f"<{term.value}>"
    return term.value if isinstance(term, pyoxigraph.Literal) else str(term)


def _to_standard_output(payload: bytes, what: str) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.flush()
    print(f"wrote {what}, {len(payload)} bytes to standard output", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    if args.format == "claims":
        return _export_claims(args)
    options = {"include_inferred": not args.no_inferred, "compress": args.gzip}
    if str(args.output) == "-":
        payload, quads = dump(_built(args), args.format, **options)
        _to_standard_output(payload, f"{quads} statements")
        return 0
    result = export(_built(args), args.format, args.output, **options)
    print(f"wrote {result.path} ({result.media_type}{', gzip' if args.gzip else ''}): "
          f"{result.quads} statements, {result.size} bytes")
    return 0


def _export_claims(args: argparse.Namespace) -> int:
    if args.no_inferred or args.gzip:
        raise UsageError("--format claims takes neither --no-inferred nor --gzip: the claims are read from the "
                         "article's facts with their inferences, and written as plain JSON-LD")
    from kgraph.claims import MEDIA_TYPE, claims_jsonld, export_claims  # pyld is needed by this format only

    if str(args.output) == "-":
        _to_standard_output(claims_jsonld(_built(args)), f"schema.org claims ({MEDIA_TYPE})")
        return 0
    result = export_claims(_built(args), args.output)
    print(f"wrote {result.path} ({MEDIA_TYPE}): schema.org claims, {result.size} bytes")
    return 0


def _serve(args: argparse.Namespace) -> int:
    code: int = _late("serve").run(_built(args, allow_invalid=args.allow_invalid), args)
    return code


def _info(args: argparse.Namespace) -> int:
    built = _built(args)
    manifest = built.manifest
    print(f"kgraph {manifest['kgraph_version']}, built {manifest['built_at']} "
          f"({'conforms' if manifest['conforms'] else 'does NOT conform'} to the shapes)\n")
    store = built.open()
    graphs = store.query(GRAPH_COUNTS)
    assert isinstance(graphs, pyoxigraph.QuerySolutions)
    sys.stdout.write(_table(graphs) + "\n")
    classes = built.query("SELECT ?class (COUNT(DISTINCT ?resource) AS ?resources) WHERE { ?resource a ?class } "
                          "GROUP BY ?class ORDER BY DESC(?resources) ?class", store)
    sys.stdout.write(_table(classes))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from kgraph import publish  # late, as `_late` says

    return publish.run(_built(args), args)


def _link(args: argparse.Namespace) -> int:
    code: int = _late("link").run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())

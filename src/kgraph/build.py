"""The pipeline: load → validate → reason → store, cached on disk by a hash of the inputs and the package version."""

import hashlib
import json
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import URIRef

from kgraph import __version__
from kgraph.errors import UsageError, ValidationFailed
from kgraph.load import Dataset, ProjectFiles, load
from kgraph.namespaces import (
    DEFAULT_GRAPHS,
    GRAPH_ASSERTED,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
    INFERRED_GRAPHS,
    KGG,
    LAYERS,
)
from kgraph.reason import ENGINES, reason
from kgraph.store import (
    LEASE_FILE,
    MANIFEST,
    STORE_DIRECTORY,
    BuiltDataset,
    close_store,
    create_store,
    exclusive_lock,
    materialise_default_graph,
    source_graphs,
)
from kgraph.validate import VALIDATORS, StoredData, validate

CACHE_ENTRIES_KEPT = 3
STAGING_PREFIXES = (".building-", ".pruning-")
# In every cache key: a build of an earlier layout (no materialised default graph) is never served by this code.
STORE_LAYOUT = "store layout 2: the served default graph materialised in the store's default graph"
# Statements per validation part with rudof (kgraph.validate): its memory then follows a part, not the graph (it holds
# about 10 KB per triple). pySHACL validates the whole graph: in parts it took 2.1x the CPU at 100k triples (bench/).
VALIDATION_PART_TRIPLES = 100_000
UNLOCKED_STAGING_GRACE = 600  # seconds: a staging folder without a lock file is left alone this long (just made)


@dataclass(frozen=True)
class BuildResult:
    built: BuiltDataset
    cache_hit: bool
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        manifest = self.built.manifest
        counts = manifest["counts"]
        lines = [f"{'cache hit' if self.cache_hit else 'built'}: {self.built.directory}",
                 f"asserted {counts['asserted']}  inferred {counts['inferred']}  dropped {counts['dropped']}  "
                 f"outside {counts['outside']} (+{counts['outside-inferred']} inferred)  "
                 f"interpretations {counts['interpretations']} (+{counts['interpretations-inferred']} inferred)  "
                 f"ontology {counts['ontology']}  shapes {counts['shapes']}  total quads {counts['quads']}",
                 "conforms to the shapes" if manifest["conforms"] else "DOES NOT CONFORM to the shapes (--allow-invalid)"]
        lines.append("  ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings.items()))
        if self.cache_hit:  # the stages did not run now: their times are the original build's, and said to be
            lines.append(f"(built {manifest['built_at']} in "
                         + "  ".join(f"{stage} {seconds:.2f}s" for stage, seconds in manifest["timings"].items()) + ")")
        return "\n".join(lines)


def default_cache_dir(root: Path) -> Path:
    return Path(os.environ.get("KGRAPH_CACHE_DIR") or root / ".kgraph-cache")


def cache_key(files: ProjectFiles, reasoner: str = "owlrl", validator: str = "pyshacl") -> str:
    """SHA-256 over the package version, the engines (each if not the default, so that a default build keeps its key)
    and every input file's path and bytes."""
    digest = hashlib.sha256(f"kgraph {__version__}\n{STORE_LAYOUT}\n".encode())
    if reasoner != "owlrl":
        digest.update(f"reasoner {reasoner}\n".encode())
    if validator != "pyshacl":
        digest.update(f"validator {validator}\n".encode())
    for path in files.all():
        digest.update(f"{path.relative_to(files.root)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build(root: Path, *, cache_dir: Path | None = None, allow_invalid: bool = False,
          reasoner: str = "owlrl", validator: str = "pyshacl") -> BuildResult:
    """Build the served dataset from the project at `root`, or reuse the cached build of identical inputs.

    `reasoner` picks the closure engine of `kgraph.reason` ("owlrl", the reference, or "rules", much faster);
    `validator` the SHACL engine of `kgraph.validate` ("pyshacl", the reference, or "rudof").
    """
    if reasoner not in ENGINES:
        raise UsageError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(ENGINES)}")
    if validator not in VALIDATORS:
        raise UsageError(f"unknown validator {validator!r}; choose one of {', '.join(VALIDATORS)}")
    started = time.perf_counter()
    files = ProjectFiles.discover(Path(root))
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(files.root)
    key = cache_key(files, reasoner, validator)
    cached = BuiltDataset(cache_dir / key)
    if (cached.directory / MANIFEST).is_file():
        _refuse_invalid(cached.manifest, allow_invalid)
        return BuildResult(cached, cache_hit=True, timings={"cache lookup": time.perf_counter() - started})
    return BuildResult(_build_fresh(files, cache_dir, key, allow_invalid, reasoner, validator), cache_hit=False,
                       timings=_timings_of(cache_dir / key, started))


def _refuse_invalid(manifest: dict[str, Any], allow_invalid: bool) -> None:
    if not manifest["conforms"] and not allow_invalid:
        raise ValidationFailed(manifest["validation_report"], manifest["violations"])


def _timings_of(directory: Path, started: float) -> dict[str, float]:
    timings = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))["timings"]
    return {**timings, "total": time.perf_counter() - started}


def _build_fresh(files: ProjectFiles, cache_dir: Path, key: str, allow_invalid: bool, reasoner: str,
                 validator: str) -> BuiltDataset:
    cache_dir.mkdir(parents=True, exist_ok=True)
    _sweep(cache_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".building-{key[:12]}-", dir=cache_dir))
    building = exclusive_lock(staging)  # held while we build: a sweeper that can take it knows we died
    try:
        outcome = _run_stages(files, staging / STORE_DIRECTORY, allow_invalid, reasoner, validator)
        manifest = {
            "key": key,
            "kgraph_version": __version__,
            "reasoner": reasoner,
            "validator": validator,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": [str(p.relative_to(files.root)) for p in files.all()],
            **outcome,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        final = cache_dir / key
        try:
            staging.rename(final)
        except OSError:  # another process finished the same build first: theirs is as good as ours
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException as error:
        # The failed stage's frames still hold the on-disk store open, and its background threads may still write
        # into the folder: drop them (which closes the store) before removing it.
        traceback.clear_frames(error.__traceback__)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if building is not None:
            os.close(building)
    _prune(cache_dir, keep=final)
    return BuiltDataset(final)


def _run_stages(files: ProjectFiles, directory: Path, allow_invalid: bool, reasoner: str, validator: str) -> dict[str, Any]:
    """Load into a new store at `directory`, validate, reason into the store, finish it; return the manifest's
    report, counts and timings. The data stays in pyoxigraph throughout; only the validator (pySHACL) and the owlrl
    reasoner get rdflib graphs, made for them and dropped after them. The store is closed when this returns."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage], clock = now - clock, now

    dataset = load(files, create_store(directory))
    lap("load")
    report = validate(data_of(dataset), files.graph(GRAPH_SHAPES), files.graph(GRAPH_ONTOLOGY), validator,
                      part_triples=VALIDATION_PART_TRIPLES if validator == "rudof" else None)
    lap("validate")
    if not report.conforms and not allow_invalid:
        raise ValidationFailed(report.text(), len(report.violations))
    reasoning = reason(dataset.store, engine=reasoner, data=_article_graphs(dataset))
    _reason_over_layers(dataset, reasoner)
    lap("reason")
    counts = {"asserted": dataset.count(GRAPH_ASSERTED), "ontology": dataset.count(GRAPH_ONTOLOGY),
              "inferred": reasoning.inferred_count,
              **{_name(graph): dataset.count(graph) for layer in LAYERS for graph in layer},
              "dropped": reasoning.dropped_count, "shapes": dataset.count(GRAPH_SHAPES),
              "quads": len(dataset.store)}
    served_default = DEFAULT_GRAPHS + source_graphs(dataset.store)
    materialise_default_graph(dataset.store, served_default)
    close_store(dataset.store)
    lap("store")
    return {"conforms": report.conforms, "violations": len(report.violations), "validation_report": report.text(),
            "counts": counts, "timings": timings, "default_graph": [str(graph) for graph in served_default]}


def data_of(dataset: Dataset) -> StoredData:
    """The statements of the data files as loaded into the store (kgg:asserted, the source graphs and the layers'
    graphs): what is validated."""
    graphs = (*_article_graphs(dataset), *(layer for layer, _ in LAYERS))
    return StoredData(dataset.store, tuple(pyoxigraph.NamedNode(str(graph)) for graph in graphs))


def _article_graphs(dataset: Dataset) -> tuple[URIRef, ...]:
    """The article layer reasoned into kgg:inferred: kgg:asserted and the data's source graphs."""
    return (GRAPH_ASSERTED, *source_graphs(dataset.store))


def _reason_over_layers(dataset: Dataset, reasoner: str) -> None:
    """Each layer's inferred graph (kgg:outside-inferred, kgg:interpretations-inferred): what the closure of the
    article's facts and the layers up to it adds to the closure without it, so that leaving a layer's two graphs out
    of a query (the article-only mode leaves out both layers) leaves out everything that rests on it. A layer without
    data adds nothing and is not reasoned over."""
    graphs = _article_graphs(dataset)
    for layer, layer_inferred in LAYERS:
        graphs += (layer,)
        if not dataset.count(layer):
            continue
        below = tuple(g for g in INFERRED_GRAPHS if g != layer_inferred)  # those above are still empty
        reason(dataset.store, engine=reasoner, data=graphs, into=layer_inferred, known=below)


def _name(graph: URIRef) -> str:
    return str(graph)[len(str(KGG)):]


def _prune(cache_dir: Path, keep: Path) -> None:
    """Keep the newest few builds so that the cache does not grow without bound; a leased build (one a server is
    serving) is never pruned."""
    builds = sorted((p for p in cache_dir.iterdir() if (p / MANIFEST).is_file() and p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[CACHE_ENTRIES_KEPT - 1:]:
        lock = exclusive_lock(old)
        if lock is None:
            continue  # leased
        try:
            doomed = old.with_name(f".pruning-{old.name}")
            old.rename(doomed)  # out of sight at once; removed below, or by the next sweep if we die first
        except OSError:
            continue
        finally:
            os.close(lock)
        shutil.rmtree(doomed, ignore_errors=True)


def _sweep(cache_dir: Path) -> None:
    """Remove the staging folders of builds and prunes that died: their lock is free (or, for a folder that never
    got one, it is older than a grace period)."""
    for folder in cache_dir.iterdir():
        if not folder.name.startswith(STAGING_PREFIXES) or not folder.is_dir():
            continue
        if not (folder / LEASE_FILE).exists():
            if time.time() - folder.stat().st_mtime > UNLOCKED_STAGING_GRACE:
                shutil.rmtree(folder, ignore_errors=True)
            continue
        lock = exclusive_lock(folder)
        if lock is not None:
            shutil.rmtree(folder, ignore_errors=True)
            os.close(lock)

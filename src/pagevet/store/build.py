"""`pagevet build`: the pipeline's pages -> suites -> an immutable version folder in the
layout of a Hugging Face dataset repo. Nothing here computes anything about pages: the
pipeline (`pagevet.pipeline.run_batches`) hands over finished batches, which
`store.stream.write_version_files` writes in bounded memory (it holds one batch or one
id-range bucket, never the version). With the Ray engine the pages stay on the cluster and
its workers write the files (`store.ray_shards`); this process gets the counts and schemas."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from pagevet import __version__
from pagevet.config import load_config
from pagevet.engines import Engine, Progress, get_engine
from pagevet.engines.cache import CACHE_FOLDER, ParseCache, parser_fingerprint
from pagevet.engines.results import ResultCache, results_fingerprint
from pagevet.errors import GateFailed, PagevetError
from pagevet.faults import fault_point
from pagevet.pipeline import run, run_batches  # noqa: F401  (run: never called, tests patch it)
from pagevet.sources import require_page_files
from pagevet.store import card, croissant
from pagevet.store.lock import build_lock
from pagevet.store.manifest import (
    MANIFEST,
    file_entries,
    read_manifest,
    write_manifest,
    write_manifest_digest,
)
from pagevet.store.recipe import Recipe, default_suite, load_recipe
from pagevet.store.safety import (
    TEMP_PREFIX,
    path_prefixes,
    relative_paths,
    remove_empty_versions,
    remove_leftovers,
    writing_errors,
)
from pagevet.store.stream import CONFIG_FOLDERS, WrittenVersion, write_version_files
from pagevet.versions import bump, latest_version, parse_version, write_latest

SPLIT_ORDER = ("train", "validation", "test")


@dataclass
class BuildResult:
    dataset: Path
    version: str | None
    parent: str | None
    bump: str | None  # major | minor | patch | None (nothing changed) | "given"
    folder: Path | None
    manifest: dict[str, Any] = field(default_factory=dict)
    suites_ok: bool = True

    @property
    def created(self) -> bool:
        return self.folder is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": str(self.dataset),
            "version": self.version,
            "parent": self.parent,
            "bump": self.bump,
            "folder": str(self.folder) if self.folder else None,
            "created": self.created,
            "suites_ok": self.suites_ok,
            "counts": self.manifest.get("counts"),
            "suites": self.manifest.get("suites"),
        }


def _tool_versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        name: version(name)
        for name in ("pyarrow", "polars", "datasets", "huggingface-hub", "great-expectations")
    } | {"pagevet": __version__}


def _fingerprint(
    schema: dict[str, Any], data: list[dict[str, Any]], recipe: Recipe
) -> dict[str, str]:
    """What decides the version bump: the schema, the data files, and the metadata inputs."""
    meta = hashlib.sha256(recipe.sha256.encode())
    for suite in recipe.suites:
        if suite.is_file():
            meta.update(suite.read_bytes())

    def digest(obj: Any) -> str:
        return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()

    return {
        "schema": digest(schema),
        "data": digest([(e["path"], e["sha256"]) for e in data]),
        "metadata": meta.hexdigest(),
    }


def _choose_version(
    parent_manifest: dict[str, Any] | None, fingerprint: dict[str, str], given: str | None
) -> tuple[str | None, str | None]:
    if given:
        return given.removeprefix("v"), "given"
    if parent_manifest is None:
        return "1.0.0", "major"
    old = parent_manifest.get("fingerprint", {})
    parent = parent_manifest["version"]
    if old.get("schema") != fingerprint["schema"]:
        return bump(parent, "major"), "major"
    if old.get("data") != fingerprint["data"]:
        return bump(parent, "minor"), "minor"
    if old.get("metadata") != fingerprint["metadata"]:
        return bump(parent, "patch"), "patch"
    return None, None


def _run_suites(
    default: Any, recipe: Recipe, folder: Path, docs: bool
) -> tuple[dict[str, Any], list[str]]:
    """Run the recipe's suites (the gate) and the release suite; save their results.

    Returns the per-suite summary for the manifest and the names of the gating suites."""
    from pagevet.suites import run_suite, save_results

    results, gates = [], []
    for path in [*recipe.suites, *([recipe.release_suite] if recipe.release_suite else [])]:
        if not path.is_file():
            raise PagevetError(
                f"suite {path} named in {recipe.folder / 'dataset.toml'} does not exist: "
                "create it with `pagevet suite new` or fix `suites`"
            )
        # Recorded relative to the recipe folder: a version holds no path of the build machine.
        result = run_suite(default, path)
        results.append(replace(result, path=_suite_label(path, recipe.folder)))
        if path in recipe.suites:
            gates.append(results[-1].suite)
    save_results(results, folder, docs=docs)
    summary = {
        r.suite: {"success": r.success, **r.statistics(), "path": f"validation/{r.suite}.json"}
        for r in results
    }
    return summary, gates


def _suite_label(path: Path, folder: Path) -> str:
    """A suite's path relative to the recipe folder, or `pagevet:checks/NAME.json` for a suite
    shipped inside the package (no path of the build machine either way)."""
    shipped = default_suite(path.stem)
    if path.resolve() == shipped:
        return f"pagevet:checks/{path.name}"
    return os.path.relpath(path, folder.resolve())


def _change_note(
    parent: dict[str, Any] | None, counts: dict[str, Any], bump_kind: str | None
) -> str:
    if parent is None:
        return "First version."
    old = parent.get("counts", {})
    lines = [f"Bump: {bump_kind} (parent v{parent['version']})."]
    lines.append(f"- pages: {old.get('pages', 0)} → {counts['pages']}")
    for rule in sorted(set(old.get("flags", {})) | set(counts["flags"])):
        a, b = old.get("flags", {}).get(rule, 0), counts["flags"].get(rule, 0)
        if a != b:
            lines.append(f"- `{rule}` pages flagged: {a} → {b}")
    return "\n".join(lines)


def build_version(
    dataset_dir: str | Path,
    *,
    version: str | None = None,
    strict: bool = False,
    docs: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
    engine: str | Engine = "local",
    reuse: bool = True,
) -> BuildResult:
    """Build the next version of a dataset; nothing is written when nothing changed.

    Incremental: pages whose bytes, path and parser are unchanged since the last build are
    not parsed again, their parsed rows come from `DATASET/.pagevet-cache/` (see
    `engines.cache`); corpus passes and rules run on every page as always, so the version is
    the one a full build gives. `reuse=False` (`build --full`) parses every page.

    The version is assembled in a temporary folder beside `versions/` and renamed into
    place, so a failed build never leaves a partial version and never touches existing ones.
    """
    dataset_dir = Path(dataset_dir)
    recipe = load_recipe(dataset_dir)
    fault_point("start")
    fresh = not recipe.versions.exists()
    cache_folder = dataset_dir / CACHE_FOLDER
    new_cache = not cache_folder.exists()
    # One build per dataset at a time; whatever a killed build left is removed under the lock.
    with build_lock(recipe.versions, dataset_dir), writing_errors(recipe.versions):
        try:
            fault_point("locked")
            remove_leftovers(recipe.versions)
            fault_point("cleaned")
            result = _build_locked(
                dataset_dir,
                recipe,
                version=version,
                strict=strict,
                docs=docs,
                progress=progress,
                workers=workers,
                engine=engine,
                reuse=reuse,
            )
        except BaseException:
            # A failed first build leaves nothing behind (no versions/, no parse cache it
            # started); done under the lock, so a build refused because this one was running
            # never removes this one's folders.
            if fresh:
                remove_empty_versions(recipe.versions)
                if new_cache and not cache_folder.is_symlink():
                    shutil.rmtree(cache_folder, ignore_errors=True)
            raise
    return result


def _build_locked(
    dataset_dir: Path,
    recipe: Recipe,
    *,
    version: str | None,
    strict: bool,
    docs: bool,
    progress: Progress | None,
    workers: int,
    engine: str | Engine,
    reuse: bool = True,
) -> BuildResult:
    config = load_config(dataset_dir).merged(
        recipe.as_config_table(), str(dataset_dir / "dataset.toml")
    )
    versions = recipe.versions
    if version:
        parse_version(version)
        if (versions / f"v{version.removeprefix('v')}").exists():
            raise PagevetError(
                f"version v{version.removeprefix('v')} of {dataset_dir} already exists: "
                "versions are immutable, pick another number or omit --version"
            )
        newest = latest_version(versions)
        if newest and parse_version(version) < parse_version(newest):
            raise PagevetError(
                f"version v{version.removeprefix('v')} is below the latest v{newest} of "
                f"{dataset_dir}: LATEST never moves backwards; pick a number above v{newest} "
                "or omit --version"
            )
    for source in recipe.sources:
        if not source.exists():
            raise PagevetError(
                f"source {source} named in {dataset_dir / 'dataset.toml'} does not exist"
            )
    require_page_files(recipe.sources)

    versions.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=versions))
    # spilled batches live beside the version being assembled, never inside it; a killed
    # build's are removed by the next build like its temporary folder
    work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "spill-", dir=versions))
    suite_load: _SuiteLoad | None = None
    try:
        fault_point("tmp-created")
        # only the local engine reads the parse cache; it is kept whole or not at all
        cache = results = None
        if engine == "local":
            parser = parser_fingerprint(config.markers)
            cache = ParseCache(dataset_dir / CACHE_FOLDER, parser, reuse=reuse)
            fingerprint = results_fingerprint(parser, config)
            results = ResultCache(dataset_dir / CACHE_FOLDER, fingerprint, reuse=reuse)
        chosen = (
            get_engine(engine, workers=workers, progress=progress, cache=cache, results=results)
            if isinstance(engine, str)
            else engine
        )
        splits = [s for s in SPLIT_ORDER if s in recipe.splits]
        if hasattr(chosen, "run_distributed"):  # the Ray engine: the workers write the files
            written = _written_on_cluster(dataset_dir, recipe, config, chosen, tmp, splits, work)
        else:
            # GX in a process of its own, started at once beside an incremental build and
            # once the parse workers stopped beside a full one (see `_SuiteLoad`)
            suite_load = _SuiteLoad(recipe, start=cache is not None and cache.warm)
            try:
                written = write_version_files(
                    _finished_batches(
                        dataset_dir,
                        recipe,
                        config,
                        chosen,
                        work,
                        checkpoint=suite_load.check,
                        parsed=suite_load.start,
                    ),
                    tmp,
                    splits,
                    recipe.max_shard_bytes,
                    suite_load.columns,
                    spill_dir=work,
                    suite_file=work / "suite-columns.parquet",
                )
            except BaseException:
                # a run stopped half way leaves the caches as they were
                for made in (cache, results):
                    if made is not None:
                        made.discard()
                raise
        if cache is not None:
            cache.commit()
            # the parse cache is this run's, the result cache still the last one's: both are
            # keyed by content, so either may be the older without a wrong answer
            fault_point("parse-cache-committed")
        if results is not None:
            results.commit()
        rows: dict[str, int] = {}
        configs: dict[str, dict[str, list[str]]] = {name: {} for name in CONFIG_FOLDERS}
        infos: dict[str, dict[str, Any]] = {
            name: {"features": written.features[name], "splits": {}, "download_size": 0}
            for name in CONFIG_FOLDERS
        }
        schemas = {name: written.features[name].to_dict() for name in CONFIG_FOLDERS}
        for part in written.parts:
            folder = CONFIG_FOLDERS[part.config]
            configs[part.config][part.split] = [f"{folder}/{part.split}-*"]
            infos[part.config]["splits"][part.split] = (part.rows, part.nbytes)
            infos[part.config]["download_size"] += sum(p.stat().st_size for p in part.paths)
            _count_rows(part.paths, tmp, rows)
        data_files = file_entries(tmp, rows)
        fingerprint = _fingerprint(schemas, data_files, recipe)
        fault_point("fingerprinted")

        parent = latest_version(versions)
        parent_manifest = read_manifest(versions / f"v{parent}") if parent else None
        chosen, kind = _choose_version(parent_manifest, fingerprint, version)
        if chosen is None:
            return BuildResult(dataset_dir, parent, parent, None, None, parent_manifest or {})

        from pagevet.suites.run import ParquetTable

        # the suites read the default config's columns they need from a file, sorted by id
        default = ParquetTable(
            written.suite_files,
            str(tmp),
            columns=written.default_columns,
        )
        if suite_load is not None:
            suites, gates = suite_load.run(default, recipe, tmp, docs)
            suite_load.close()
        else:
            suites, gates = _run_suites(default, recipe, tmp, docs)
        fault_point("suites-run")
        suites_ok = all(suites[name]["success"] for name in gates)
        if strict and not suites_ok:
            failed = ", ".join(n for n in gates if not suites[n]["success"])
            raise GateFailed(
                f"suite(s) {failed} failed on the new version of {dataset_dir}: nothing was "
                "written (--strict). Run `pagevet validate` on the pages to see why"
            )
        counts = written.counts
        yaml_text = card.card_yaml(
            recipe=recipe, configs=configs, infos=infos, rows=counts["readable"]
        )
        (tmp / "README.md").write_text(
            card.card_markdown(
                recipe=recipe,
                version=chosen,
                parent=parent,
                yaml_text=yaml_text,
                counts=counts,
                suites=suites,
                change=_change_note(parent_manifest, counts, kind),
                fields=card.FIELD_DOCS,
            ),
            "utf-8",
        )
        fault_point("card-written")
        croissant_path = tmp / "croissant.json"
        croissant.write_croissant(
            croissant_path,
            croissant.croissant_metadata(
                name=recipe.name,
                description=recipe.description,
                license=recipe.license,
                version=chosen,
                url=recipe.hub_url,
                configs={
                    name: (f"{folder}/*.parquet", written.features[name].arrow_schema)
                    for name, folder in CONFIG_FOLDERS.items()
                },
            ),
        )
        croissant.validate_croissant(
            croissant_path, passed=dataset_dir / CACHE_FOLDER / "croissant-passed"
        )
        fault_point("croissant-written")
        manifest = {
            "name": recipe.name,
            "version": chosen,
            "parent": parent,
            "bump": kind,
            "recipe_sha256": recipe.sha256,
            "tools": _tool_versions(),
            "schema": schemas,
            "fingerprint": fingerprint,
            "counts": counts,
            "suites": suites,
            "files": file_entries(tmp, rows, hashed=data_files),
        }
        write_manifest(tmp, manifest)
        fault_point("manifest-written")
        final = versions / f"v{chosen}"
        if final.exists():
            raise PagevetError(f"{final} appeared during the build: nothing was overwritten")
        # The digest lives beside the folder; written first, it is never missing for a version.
        write_manifest_digest(final, tmp / MANIFEST)
        fault_point("digest-written")
        tmp.chmod(0o755)  # mkdtemp makes it private; a version is for everyone to read
        _sync_tree(tmp)
        fault_point("before-rename")
        os.rename(tmp, final)
        fault_point("renamed")
        write_latest(versions, chosen, before_replace=lambda: fault_point("latest-staged"))
        fault_point("latest-written")
        return BuildResult(dataset_dir, chosen, parent, kind, final, manifest, suites_ok)
    finally:
        if suite_load is not None:
            suite_load.close()
        shutil.rmtree(work, ignore_errors=True)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _finished_batches(
    dataset_dir: Path,
    recipe: Recipe,
    config: Any,
    engine: Engine,
    spill_dir: Path,
    checkpoint: Callable[[], None] | None = None,
    parsed: Callable[[], None] | None = None,
) -> Iterator[pl.DataFrame]:
    """The pipeline's finished pages, batch by batch in input order, with paths relative to
    the dataset folder (in every column and finding: the same crawl gives the same bytes
    anywhere, and a version holds no path of the machine that built it).

    Every engine streams (`pipeline.run_batches`: memory bounded whatever the crawl); the Ray
    engine's `map` parses on the cluster and hands the local engine's batches over."""
    prefixes = path_prefixes(dataset_dir, recipe.sources)
    options: dict[str, Any] = {"source_names": recipe.source_names, "splits": recipe.splits}
    batches: Iterable[pl.DataFrame] = run_batches(
        recipe.sources,
        config,
        engine=engine,
        spill_dir=spill_dir,
        checkpoint=checkpoint,
        parsed=parsed,
        **options,
    )
    for batch in batches:
        yield relative_paths(batch, prefixes)
    fault_point("pages-checked")
    fault_point("derived")


def _written_on_cluster(
    dataset_dir: Path,
    recipe: Recipe,
    config: Any,
    engine: Any,
    folder: Path,
    splits: list[str],
    work: Path,
) -> WrittenVersion:
    """The version's files from a run on Ray (`store.ray_shards`): the pages stay on the
    cluster, the workers write the shards and the suites' columns (`folder` and `work` must
    be on a filesystem every node sees), the driver gets the counts and the schemas."""
    from pagevet.pipeline import run_distributed
    from pagevet.store.ray_shards import write_version_distributed

    done = run_distributed(
        recipe.sources,
        config,
        engine=engine,
        source_names=recipe.source_names,
        splits=recipe.splits,
    )
    fault_point("pages-checked")
    fault_point("derived")
    written = write_version_distributed(
        done,
        folder,
        splits,
        recipe.max_shard_bytes,
        _suite_columns(recipe),
        path_prefixes(dataset_dir, recipe.sources),
        suite_folder=work / "suite-columns",
    )
    fault_point("default-written")
    return written


class _SuiteLoad:
    """The recipe's suites loaded, checked and run by Great Expectations in a process of
    their own beside the run: importing GX takes 5-7 CPU-s and ~150 MB, and the run does
    not need the suites until its pages are written. `start` starts the load; `check`
    (called between the run's batches) raises what loading raised, so a broken suite still
    stops the build early, as soon as GX has read it; `columns` waits for the load; `run`
    runs the suites there.

    A process, not a thread: an import in a thread holds this process's interpreter lock, so
    it only takes turns with the run, and GX's memory would sit in this process while the
    parse workers run. A full build starts the load once its parse workers have stopped (its
    busiest moment for memory is the parse); an incremental one, whose work is this
    process's alone, at once. The process lives for the build only; this one never imports
    GX."""

    def __init__(self, recipe: Recipe, *, start: bool = True) -> None:
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor

        from pagevet.engines.lifeline import die_with_parent

        self._recipe = recipe
        self._pool = ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent
        )
        self._future: Future[list[str] | None] | None = None
        if start:
            self.start()

    def start(self) -> None:
        if self._future is None:
            self._future = self._pool.submit(_suite_columns, self._recipe)

    def check(self) -> None:
        future = self._future
        if future is not None and future.done() and future.exception() is not None:
            future.result()

    def columns(self) -> list[str] | None:
        self.start()
        return self._future.result()  # type: ignore[union-attr]

    def run(
        self, default: Any, recipe: Recipe, folder: Path, docs: bool
    ) -> tuple[dict[str, Any], list[str]]:
        """`_run_suites`, in the process that loaded the suites."""
        self.start()
        return self._pool.submit(_suites_there, default, recipe, folder, docs).result()

    def close(self) -> None:
        # a failed run still waits for the load: nothing of it outlives the build
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> _SuiteLoad:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _suites_there(
    default: Any, recipe: Recipe, folder: Path, docs: bool
) -> tuple[dict[str, Any], list[str]]:
    """`_run_suites` in the suite process (called there by name, as this module has it)."""
    return _run_suites(default, recipe, folder, docs)


def _suite_columns(recipe: Recipe) -> list[str] | None:
    """The default config's columns the recipe's suites read (None: every column)."""
    from pagevet.suites.load import load_suite
    from pagevet.suites.run import columns_needed

    paths = [*recipe.suites, *([recipe.release_suite] if recipe.release_suite else [])]
    if not all(p.is_file() for p in paths):
        return None  # _run_suites names the missing suite
    return columns_needed([load_suite(p) for p in paths])


def _sync_tree(folder: Path) -> None:
    """Flush the version's files to disk before the rename makes it visible, so a crash of the
    machine cannot leave a visible version with empty files."""
    for path in [*folder.rglob("*"), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _count_rows(paths: list[Path], root: Path, rows: dict[str, int]) -> None:
    import pyarrow.parquet as pq

    for p in paths:
        rows[p.relative_to(root).as_posix()] = pq.ParquetFile(p).metadata.num_rows

"""ML Croissant 1.0 metadata for a version, checked with mlcroissant (offline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from pagevet.errors import PagevetError

# The standard Croissant 1.0 JSON-LD context (https://mlcommons.org/croissant/1.0).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _data_type(t: pa.DataType) -> str:
    if pa.types.is_boolean(t):
        return "sc:Boolean"
    if pa.types.is_integer(t):
        return "sc:Integer"
    if pa.types.is_floating(t):
        return "sc:Float"
    if pa.types.is_date(t) or pa.types.is_timestamp(t):
        return "sc:Date"
    return "sc:Text"


def _field(record_set: str, file_set: str, f: pa.Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{record_set}/{f.name}",
        "name": f"{record_set}/{f.name}",
        "source": {"fileSet": {"@id": file_set}, "extract": {"column": f.name}},
    }
    t = f.type
    if pa.types.is_list(t) and pa.types.is_struct(t.value_type):
        out["repeated"] = True
        out["subField"] = [
            {
                "@type": "cr:Field",
                "@id": f"{record_set}/{f.name}/{sub.name}",
                "name": f"{record_set}/{f.name}/{sub.name}",
                "dataType": _data_type(sub.type),
                "source": {
                    "fileSet": {"@id": file_set},
                    "extract": {"column": f.name},
                    "transform": {"jsonPath": sub.name},
                },
            }
            for sub in t.value_type
        ]
    else:
        out["dataType"] = _data_type(t)
    return out


def croissant_metadata(
    *,
    name: str,
    description: str,
    license: str,
    version: str,
    url: str | None,
    configs: dict[str, tuple[str, pa.Schema]],
) -> dict[str, Any]:
    """Croissant JSON-LD: one FileSet of Parquet files and one RecordSet per config. `url` is
    the dataset's Hub page when the recipe names its repo (`hub_repo`); without it `url` and
    `citeAs` are left out rather than naming a repo that may not exist."""
    distribution = []
    record_sets = []
    for config, (pattern, schema) in configs.items():
        file_set = f"parquet-files-{config}"
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": file_set,
                "name": file_set,
                "description": f"Parquet files of the {config!r} config.",
                "encodingFormat": "application/x-parquet",
                "includes": pattern,
            }
        )
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "field": [_field(config, file_set, f) for f in schema],
            }
        )
    metadata: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": name,
        "description": description or name,
        "license": license,
        "version": version,
        "distribution": distribution,
        "recordSet": record_sets,
    }
    if url:
        key = name.replace("-", "_")
        metadata["url"] = url
        metadata["citeAs"] = (
            f"@misc{{{key}, title={{{name}}}, note={{version {version}}}, url={{{url}}}}}"
        )
    return metadata


def validate_croissant(path: Path, *, passed: Path | None = None) -> None:
    """Load the file with mlcroissant; refuse it with mlcroissant's own messages on errors.

    `passed`: a folder remembering metadata that passed (the dataset's build cache). Loading
    mlcroissant costs seconds; a build whose metadata equals an earlier build's but for the
    version number (a version is always N.N.N) is not checked again."""
    key = _validation_key(path) if passed is not None else None
    if key is not None and passed is not None and (passed / key).is_file():
        return
    _check(path)
    if key is not None and passed is not None:
        try:
            passed.mkdir(parents=True, exist_ok=True)
            (passed / key).write_text("passed\n", "utf-8")
        except OSError:
            pass  # only a cache


def _validation_key(path: Path) -> str | None:
    """A digest of the metadata with its version number left out, and of mlcroissant's
    version; None when the file is not the JSON `write_croissant` writes."""
    import hashlib
    from importlib import metadata as package

    try:
        data = json.loads(path.read_text("utf-8"))
        version = str(data.pop("version"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if "citeAs" in data:
        data["citeAs"] = str(data["citeAs"]).replace(f"version {version}", "version -")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"mlcroissant {package.version('mlcroissant')}\n{text}".encode())
    return digest.hexdigest()


def _check(path: Path) -> None:
    import mlcroissant as mlc
    from absl import logging as absl_logging

    # mlcroissant logs recommendations (citeAs, datePublished…) as warnings on stderr.
    absl_logging.set_verbosity(absl_logging.ERROR)
    try:
        dataset = mlc.Dataset(jsonld=str(path))
    except mlc.ValidationError as exc:
        raise PagevetError(f"{path}: invalid Croissant metadata: {exc}") from None
    errors = list(dataset.metadata.ctx.issues.errors)
    if errors:
        raise PagevetError(f"{path}: invalid Croissant metadata: {'; '.join(map(str, errors))}")


def write_croissant(path: Path, metadata: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )

"""Connecting to Ray: a local instance, or an existing cluster by address.

The address is `--ray-address`, else `RAY_ADDRESS`, else none: a private local instance
(never a cluster joined by accident). `auto` joins the cluster this machine is a node of,
`host:port` a cluster's GCS, `ray://host:10001` a cluster through Ray Client.

Workers must import the same pagevet as the driver. Either the nodes have it installed (the
cluster image, or `pip install 'pagevet[distributed]'` on every node), or Ray ships it: the
JSON in `PAGEVET_RAY_RUNTIME_ENV` is passed to `ray.init(runtime_env=...)`, e.g.
`{"pip": ["pagevet[distributed]==0.1.0"]}` or `{"py_modules": ["/path/to/src/pagevet"]}`.
After connecting, one task checks that a worker imports the driver's pagevet version.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from pagevet.errors import PagevetError

RUNTIME_ENV_VAR = "PAGEVET_RAY_RUNTIME_ENV"


def ray_address(given: str | None = None) -> str | None:
    """The cluster to join: `given`, else `RAY_ADDRESS`, else None (a local instance)."""
    address = (given or os.environ.get("RAY_ADDRESS") or "").strip()
    return address or None


def runtime_env() -> dict[str, Any] | None:
    """The runtime environment from `PAGEVET_RAY_RUNTIME_ENV` (a JSON object), or None."""
    text = os.environ.get(RUNTIME_ENV_VAR, "").strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise PagevetError(f"{RUNTIME_ENV_VAR} is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise PagevetError(f"{RUNTIME_ENV_VAR} must be a JSON object, got {text!r}")
    return value


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise PagevetError(
            "the ray engine needs Ray Data: pip install 'pagevet[distributed]' "
            "(or use the local engine)"
        ) from None
    return ray


def init_ray(address: str | None = None, num_cpus: int | None = None) -> Any:
    """Ray, connected: to the cluster at `address` (see `ray_address`) or a new local
    instance. An already connected Ray is used as it is."""
    ray = import_ray()
    if not ray.is_initialized():
        address = ray_address(address)
        env = runtime_env()
        quiet = {"log_to_driver": False, "configure_logging": False}
        if address is None:
            ray.init(
                address="local",  # never join a cluster by accident
                num_cpus=num_cpus,
                include_dashboard=False,
                _temp_dir=tempfile.mkdtemp(prefix="ray-", dir="/tmp"),  # short: socket paths
                object_store_memory=256 * 1024 * 1024,
                runtime_env=env,
                **quiet,
            )
        else:
            try:
                ray.init(address=address, runtime_env=env, **quiet)
            except (ConnectionError, TimeoutError, RuntimeError, ValueError) as error:
                raise PagevetError(
                    f"cannot join the Ray cluster at {address!r}: {error}. Check --ray-address "
                    "/ RAY_ADDRESS (auto, host:port of the head's GCS, or ray://host:10001)"
                ) from None
            check_workers(ray)
    _errors_to_stderr()
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    # Hash shuffles (groupby, join) default to 200 partitions, each a task: on a small cluster
    # the scheduling dwarfs the work. Two partitions per CPU of the cluster.
    cpus = int(ray.cluster_resources().get("CPU", 1))
    ctx.default_hash_shuffle_parallelism = min(200, max(2, 2 * cpus))
    return ray


def _errors_to_stderr() -> None:
    """Ray's driver prints cluster errors ("A worker died…", then retried) on stdout, which
    would corrupt `--format json`; send them to stderr. A no-op if Ray's internals moved."""
    import ray._private.worker as worker

    original = getattr(worker, "print_to_stdstream", None)
    if original is None or getattr(original, "_pagevet", False):
        return

    def to_stderr(data: dict[str, Any], ignore_prefix: bool) -> None:
        original({**data, "is_err": True}, ignore_prefix)

    to_stderr._pagevet = True  # type: ignore[attr-defined]
    worker.print_to_stdstream = to_stderr


def _worker_version() -> str:
    import pagevet

    return pagevet.__version__


def check_workers(ray: Any) -> None:
    """Refuse a cluster whose workers import another pagevet (or none)."""
    from pagevet import __version__

    try:
        theirs = ray.get(ray.remote(num_cpus=0)(_worker_version).remote(), timeout=300)
    except Exception as error:  # a worker that cannot import pagevet fails the task
        raise PagevetError(
            "Ray workers cannot run pagevet: install it on every node (the cluster image) or "
            f'ship it with {RUNTIME_ENV_VAR}, e.g. \'{{"pip": ["pagevet[distributed]"]}}\' '
            f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
        ) from None
    if theirs != __version__:
        raise PagevetError(
            f"Ray workers import pagevet {theirs}, this driver {__version__}: install the same "
            f"version on every node or ship it with {RUNTIME_ENV_VAR}"
        )

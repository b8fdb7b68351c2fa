"""Publish a version folder to a Hugging Face dataset repo: a plan, then one commit and one tag.

`plan_publish` reads the remote state and computes the exact file operations (with sha256) and the
commit it expects to build on; nothing is written. `apply_plan` creates the repo if needed, makes ONE
`create_commit` with `parent_commit` set (so a concurrent change makes the Hub refuse it), checks the
new commit holds exactly the version's files, and tags it `vX.Y.Z`. Re-running is a no-op.

Uploads go through `huggingface_hub`, which picks Xet or plain Git LFS from
`huggingface_hub.constants.HF_HUB_DISABLE_XET` (read from the `HF_HUB_DISABLE_XET` environment
variable when `huggingface_hub` is imported). `create_commit` makes a single commit either way; it is
`upload_folder` that splits large uploads into several commits when `hf_xet` is installed, which is
why it is not used here.

The token comes from the `token` argument, `HF_TOKEN` or the stored `hf auth login`; it is never put
in a plan, a result, a log record or an error message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx2  # the HTTP client of huggingface_hub 2.x; its transport errors are not HfHubHTTPError
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, get_token
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled, RepositoryNotFoundError
from huggingface_hub.hf_api import RepoFile

from pagevet.errors import PagevetError
from pagevet.hub.verify import VerifiedVersion, VersionFile, verify_version_dir
from pagevet.store.manifest import MANIFEST

logger = logging.getLogger(__name__)

REPO_TYPE = "dataset"
KEEP_REMOTE = frozenset({".gitattributes"})  # the Hub's LFS rules: never deleted
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class RemoteFile:
    """A file in the repo at the planned parent commit."""

    blob_id: str
    bytes: int
    sha256: str | None  # known for LFS files; regular files are compared by git blob id

    def holds(self, local: VersionFile) -> bool:
        if self.sha256 is not None:
            return self.sha256 == local.sha256 and self.bytes == local.bytes
        return self.blob_id == local.git_oid

    def to_dict(self) -> dict[str, Any]:
        return {"blob_id": self.blob_id, "bytes": self.bytes, "sha256": self.sha256}


@dataclass(frozen=True)
class FileOperation:
    """One change of the commit: `add` a new file, `update` a changed one, `delete` a stale one."""

    op: Literal["add", "update", "delete"]
    path: str
    sha256: str | None  # the content that will be in the repo (None for a delete)
    bytes: int | None
    remote: RemoteFile | None  # what the repo holds now (None for an add)

    def to_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "path": self.path,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "remote": self.remote.to_dict() if self.remote is not None else None,
        }


@dataclass(frozen=True)
class PublishPlan:
    """What publishing a version will do, computed against the remote state at `parent_commit`."""

    repo_id: str
    repo_type: str
    endpoint: str
    revision: str
    private: bool
    version_dir: str
    name: str
    version: str
    parent_version: str | None
    release_success: bool | None
    repo_exists: bool
    parent_commit: str | None
    operations: tuple[FileOperation, ...]
    unchanged: tuple[str, ...]
    tag: str
    tag_commit: str | None  # where the tag points now, None if it does not exist
    tag_matches_version: bool | None  # whether the files at tag_commit are the version's
    commit_message: str
    manifest_sha256: str  # pins every file of the version, since the manifest lists their sha256
    problems: tuple[str, ...] = field(default=())  # conflicts that make apply_plan refuse
    # why the remote could not be read (offline, no network): the plan is then local only
    remote_error: str | None = None

    @property
    def tag_exists(self) -> bool:
        return self.tag_commit is not None

    @property
    def is_noop(self) -> bool:
        """The version is already published at its tag: nothing to commit, nothing to tag."""
        return self.tag_exists and bool(self.tag_matches_version)

    def blockers(self, *, force: bool = False) -> list[str]:
        """Why `apply_plan` would refuse this plan (the release-suite check is lifted by force)."""
        found = list(self.problems)
        if self.remote_error is not None:
            found.append(f"the remote could not be read ({self.remote_error}): nothing to apply")
        if self.release_success is False and not force:
            found.append(
                f"the release suite failed for {self.name} {self.tag}: fix the data and rebuild, "
                "or publish anyway with force=True (--force)"
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "repo_type": self.repo_type,
            "endpoint": self.endpoint,
            "revision": self.revision,
            "private": self.private,
            "version_dir": self.version_dir,
            "name": self.name,
            "version": self.version,
            "parent_version": self.parent_version,
            "release_success": self.release_success,
            "repo_exists": self.repo_exists,
            "parent_commit": self.parent_commit,
            "operations": [op.to_dict() for op in self.operations],
            "unchanged": list(self.unchanged),
            "tag": {
                "name": self.tag,
                "exists": self.tag_exists,
                "commit": self.tag_commit,
                "matches_version": self.tag_matches_version,
            },
            "commit_message": self.commit_message,
            "manifest_sha256": self.manifest_sha256,
            "remote_read": self.remote_error is None,
            "remote_error": self.remote_error,
            "noop": self.is_noop,
            "blockers": self.blockers(),
        }


@dataclass(frozen=True)
class PublishResult:
    """What `apply_plan` did: the commit the tag points to, and whether it committed/tagged."""

    repo_id: str
    repo_type: str
    tag: str
    commit: str
    committed: bool
    tagged: bool
    operations: int
    commit_url: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "repo_type": self.repo_type,
            "tag": self.tag,
            "commit": self.commit,
            "committed": self.committed,
            "tagged": self.tagged,
            "operations": self.operations,
            "commit_url": self.commit_url,
        }


@dataclass(frozen=True)
class _RemoteState:
    exists: bool
    head: str | None
    tags: dict[str, str]
    files: dict[str, RemoteFile]


def _redact(text: str, token: str | None) -> str:
    return text.replace(token, "<token>") if token else text


@contextmanager
def _hub_errors(action: str, repo_id: str, endpoint: str, token: str | None) -> Iterator[None]:
    """Turn client errors into PagevetError that say what failed and what to do, without the token."""
    try:
        yield
    except HfHubHTTPError as error:
        status = error.response.status_code if error.response is not None else None
        detail = _redact(error.server_message or str(error).strip().split("\n")[0], token)
        if status == 401:
            fix = "set HF_TOKEN or run `hf auth login` with a token that can write to the repo"
        elif status == 403:
            fix = f"use a token with write access to {repo_id.split('/')[0]}"
        else:
            fix = "check the repo id and the endpoint, then re-run publish"
        raise PagevetError(
            f"{action} {repo_id} on {endpoint} failed (HTTP {status}: {detail}): {fix}"
        ) from None
    except ValueError as error:  # huggingface_hub's own checks, e.g. invalid README.md metadata
        raise PagevetError(
            f"{action} {repo_id}: {_redact(str(error), token)}: fix the version folder and rebuild it"
        ) from None
    except OfflineModeIsEnabled:
        raise PagevetError(
            f"{action} {repo_id}: HF_HUB_OFFLINE=1 is set, so {endpoint} was not contacted: "
            "unset it to publish (`--dry-run` shows the local plan offline)"
        ) from None
    except httpx2.TransportError as error:
        raise PagevetError(
            f"{action} {repo_id}: could not reach {endpoint} ({type(error).__name__}): "
            "check the network, HF_ENDPOINT and any proxy settings"
        ) from None


def _resolve_token(token: str | None) -> str | None:
    # get_token() reads HF_TOKEN at call time, then the token stored by `hf auth login`.
    return token or get_token()


def _api(endpoint: str | None, token: str | None) -> HfApi:
    # token=False (not None) so HfApi never falls back to a token we did not choose.
    return HfApi(endpoint=endpoint.rstrip("/") if endpoint else None, token=token or False)


def _list_files(api: HfApi, repo_id: str, commit: str) -> dict[str, RemoteFile]:
    files: dict[str, RemoteFile] = {}
    for entry in api.list_repo_tree(repo_id, recursive=True, revision=commit, repo_type=REPO_TYPE):
        if isinstance(entry, RepoFile):
            sha256 = entry.lfs.sha256 if entry.lfs is not None else None
            files[entry.path] = RemoteFile(blob_id=entry.blob_id, bytes=entry.size, sha256=sha256)
    return files


def _read_remote(api: HfApi, repo_id: str, revision: str) -> _RemoteState:
    try:
        refs = api.list_repo_refs(repo_id, repo_type=REPO_TYPE)
    except RepositoryNotFoundError:
        return _RemoteState(exists=False, head=None, tags={}, files={})
    branches = {ref.name: ref.target_commit for ref in refs.branches}
    if revision not in branches:
        raise PagevetError(
            f"dataset repo {repo_id} has no branch {revision!r} (branches: {', '.join(sorted(branches))}): "
            "publish to an existing branch or create it first with HfApi.create_branch"
        )
    head = branches[revision]
    tags = {ref.name: ref.target_commit for ref in refs.tags}
    return _RemoteState(exists=True, head=head, tags=tags, files=_list_files(api, repo_id, head))


def _same_files(local: dict[str, VersionFile], remote: dict[str, RemoteFile]) -> bool:
    published = {path: entry for path, entry in remote.items() if path not in KEEP_REMOTE}
    return set(published) == set(local) and all(published[p].holds(local[p]) for p in local)


def _operations(
    local: dict[str, VersionFile], remote: dict[str, RemoteFile]
) -> tuple[list[FileOperation], list[str]]:
    operations: list[FileOperation] = []
    unchanged: list[str] = []
    for path, entry in local.items():
        current = remote.get(path)
        if current is None:
            operations.append(FileOperation("add", path, entry.sha256, entry.bytes, None))
        elif current.holds(entry):
            unchanged.append(path)
        else:
            operations.append(FileOperation("update", path, entry.sha256, entry.bytes, current))
    for path, current in sorted(remote.items()):
        if path not in local and path not in KEEP_REMOTE:
            operations.append(FileOperation("delete", path, None, None, current))
    return operations, unchanged


def plan_publish(
    version_dir: Path,
    repo_id: str,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    private: bool = False,
    revision: str = "main",
    offline_ok: bool = False,
) -> PublishPlan:
    """Verify `version_dir` against its manifest and compute what publishing it to `repo_id` does.

    Reads only: the repo's refs and the file tree at the head of `revision` (and at the version's
    tag if it exists). Example: `plan_publish(Path("datasets/vn-news/versions/v1.1.0"), "org/vn-news")`.
    With `offline_ok`, a remote that cannot be reached (no network, HF_HUB_OFFLINE=1) gives the
    local plan — every file added, with its size and sha256 — whose `remote_error` says why;
    such a plan is never applied.
    """
    if not _REPO_ID.match(repo_id):
        raise PagevetError(
            f"repo id {repo_id!r} is not of the form <namespace>/<name>, e.g. org/vn-news"
        )
    version = verify_version_dir(Path(version_dir))
    token = _resolve_token(token)
    api = _api(endpoint, token)
    try:
        with _hub_errors("reading", repo_id, api.endpoint, token):
            remote = _read_remote(api, repo_id, revision)
    except PagevetError as error:
        if not (offline_ok and _unreachable(error)):
            raise
        return _local_plan(version, repo_id, api.endpoint, revision, private, str(error))
    with _hub_errors("reading", repo_id, api.endpoint, token):
        tag_commit = remote.tags.get(version.tag)
        tag_matches: bool | None = None
        if tag_commit is not None:
            tagged = (
                remote.files if tag_commit == remote.head else _list_files(api, repo_id, tag_commit)
            )
            tag_matches = _same_files(version.files, tagged)

    problems: list[str] = _croissant_problems(version, repo_id)
    if tag_matches:
        operations, unchanged = [], list(version.files)
    else:
        operations, unchanged = _operations(version.files, remote.files)
        if tag_commit is not None:
            problems.append(
                f"tag {version.tag} already exists in {repo_id} on commit {tag_commit}, whose files "
                f"differ from {version.root}: published versions are immutable; build a new version "
                "(or delete the remote tag if it was made by mistake)"
            )
    return _plan(
        version,
        repo_id,
        api.endpoint,
        revision,
        private,
        repo_exists=remote.exists,
        parent_commit=remote.head,
        operations=tuple(operations),
        unchanged=tuple(unchanged),
        tag_commit=tag_commit,
        tag_matches_version=tag_matches,
        problems=tuple(problems),
    )


def _plan(
    version: VerifiedVersion,
    repo_id: str,
    endpoint: str,
    revision: str,
    private: bool,
    **remote: Any,
) -> PublishPlan:
    """The plan of publishing `version`: what the version says, and `remote`'s fields (what
    the Hub repo holds and the operations that follow)."""
    return PublishPlan(
        repo_id=repo_id,
        repo_type=REPO_TYPE,
        endpoint=endpoint,
        revision=revision,
        private=private,
        version_dir=str(version.root),
        name=version.name,
        version=version.version,
        parent_version=version.parent,
        release_success=version.release_success,
        tag=version.tag,
        commit_message=f"Publish {version.name} {version.tag}",
        manifest_sha256=version.files[MANIFEST].sha256,
        **remote,
    )


def _croissant_problems(version: VerifiedVersion, repo_id: str) -> list[str]:
    """A version whose croissant.json names another Hub repo is not published to this one."""
    import json

    entry = version.files.get("croissant.json")
    if entry is None:
        return []
    try:
        url = json.loads(Path(entry.local_path).read_bytes()).get("url")
    except (OSError, ValueError, AttributeError):
        return []
    expected = f"https://huggingface.co/datasets/{repo_id}"
    if url and url.rstrip("/") != expected:
        return [
            f"croissant.json of {version.tag} names {url}, not {expected}: set "
            f'hub_repo = "{repo_id}" in the recipe and build a new version'
        ]
    return []


def _unreachable(error: PagevetError) -> bool:
    text = str(error)
    return "could not reach" in text or "HF_HUB_OFFLINE=1" in text


def _local_plan(
    version: VerifiedVersion,
    repo_id: str,
    endpoint: str,
    revision: str,
    private: bool,
    reason: str,
) -> PublishPlan:
    operations = [
        FileOperation("add", path, entry.sha256, entry.bytes, None)
        for path, entry in sorted(version.files.items())
    ]
    return _plan(
        version,
        repo_id,
        endpoint,
        revision,
        private,
        repo_exists=False,
        parent_commit=None,
        operations=tuple(operations),
        unchanged=(),
        tag_commit=None,
        tag_matches_version=None,
        problems=tuple(_croissant_problems(version, repo_id)),
        remote_error=reason.removeprefix("reading ").strip(),
    )


def _check_folder_unchanged(plan: PublishPlan) -> VerifiedVersion:
    version = verify_version_dir(Path(plan.version_dir))
    planned = {op.path: op.sha256 for op in plan.operations if op.op != "delete"}
    current = {p: entry.sha256 for p, entry in version.files.items() if p not in plan.unchanged}
    if (
        version.files[MANIFEST].sha256 != plan.manifest_sha256
        or current != planned
        or set(version.files) != set(planned) | set(plan.unchanged)
    ):
        raise PagevetError(
            f"{plan.version_dir} changed since the plan was made: re-run publish to make a new plan"
        )
    return version


def _stale(plan: PublishPlan, expected: str | None, found: str | None) -> PagevetError:
    return PagevetError(
        f"the repo changed since the plan was made (expected parent {expected or 'no repo'}, "
        f"found {found or 'none'}): re-run publish"
    )


def _commit_operations(
    plan: PublishPlan, version: VerifiedVersion
) -> list[CommitOperationAdd | CommitOperationDelete]:
    operations: list[CommitOperationAdd | CommitOperationDelete] = []
    for op in plan.operations:
        if op.op == "delete":
            operations.append(CommitOperationDelete(path_in_repo=op.path, is_folder=False))
            continue
        local = version.files[op.path]
        addition = CommitOperationAdd(path_in_repo=op.path, path_or_fileobj=str(local.local_path))
        # Already hashed while verifying: saves a pass, and the LFS server checks the bytes against it.
        addition.upload_info.sha256 = bytes.fromhex(local.sha256)
        operations.append(addition)
    return operations


def apply_plan(
    plan: PublishPlan,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    force: bool = False,
) -> PublishResult:
    """Carry out `plan`: create the repo if needed, one commit with all operations, then the tag.

    Refuses (PagevetError) a plan with blockers, a version folder that changed since the plan, and
    a repo that changed since the plan (the commit is made with `parent_commit=plan.parent_commit`).
    """
    if endpoint is not None and endpoint.rstrip("/") != plan.endpoint:
        raise PagevetError(
            f"the plan was made against {plan.endpoint}, not {endpoint.rstrip('/')}: "
            "make a new plan for this endpoint"
        )
    if plan.is_noop:
        assert plan.tag_commit is not None
        logger.info("%s %s is already published at %s", plan.repo_id, plan.tag, plan.tag_commit)
        return PublishResult(
            plan.repo_id, plan.repo_type, plan.tag, plan.tag_commit, False, False, 0, None
        )
    if blockers := plan.blockers(force=force):
        raise PagevetError(
            f"not publishing {plan.name} {plan.tag} to {plan.repo_id}: {blockers[0]}"
        )
    version = _check_folder_unchanged(plan)
    token = _resolve_token(token)
    if token is None:
        raise PagevetError(
            "publishing needs a Hugging Face token with write access: "
            "set HF_TOKEN or run `hf auth login`"
        )
    api = _api(plan.endpoint, token)
    parent = plan.parent_commit
    with _hub_errors("publishing to", plan.repo_id, plan.endpoint, token):
        if not plan.repo_exists:
            api.create_repo(plan.repo_id, repo_type=REPO_TYPE, exist_ok=True, private=plan.private)
            fresh = _read_remote(api, plan.repo_id, plan.revision)
            if set(fresh.files) - KEEP_REMOTE or plan.tag in fresh.tags:
                raise _stale(plan, None, fresh.head)
            parent = fresh.head

        commit, commit_url = parent, None
        if plan.operations:
            try:
                info = api.create_commit(
                    plan.repo_id,
                    _commit_operations(plan, version),
                    commit_message=plan.commit_message,
                    commit_description=f"pagevet: {plan.name} {plan.tag} (parent version: "
                    f"{plan.parent_version or 'none'}), {len(plan.operations)} file operation(s)",
                    repo_type=REPO_TYPE,
                    revision=plan.revision,
                    parent_commit=parent,
                )
            except HfHubHTTPError as error:
                if error.response is None or error.response.status_code not in (409, 412):
                    raise
                current = _read_remote(api, plan.repo_id, plan.revision).head
                raise _stale(plan, parent, current) from None
            commit, commit_url = info.oid, info.commit_url
        assert commit is not None
        if not _same_files(version.files, _list_files(api, plan.repo_id, commit)):
            raise PagevetError(
                f"commit {commit} in {plan.repo_id} does not hold exactly the files of "
                f"{plan.version_dir}, so it was not tagged: re-run publish"
            )
        tagged = _tag(api, plan, commit)
    logger.info("published %s %s to %s at %s", plan.name, plan.tag, plan.repo_id, commit)
    return PublishResult(
        plan.repo_id,
        plan.repo_type,
        plan.tag,
        commit,
        committed=bool(plan.operations),
        tagged=tagged,
        operations=len(plan.operations),
        commit_url=commit_url,
    )


def _tag(api: HfApi, plan: PublishPlan, commit: str) -> bool:
    try:
        api.create_tag(
            plan.repo_id,
            tag=plan.tag,
            revision=commit,
            tag_message=f"{plan.name} {plan.tag}",
            repo_type=REPO_TYPE,
        )
        return True
    except HfHubHTTPError as error:
        if error.response is None or error.response.status_code != 409:
            raise
    tags = {
        ref.name: ref.target_commit
        for ref in api.list_repo_refs(plan.repo_id, repo_type=REPO_TYPE).tags
    }
    if tags.get(plan.tag) != commit:
        raise PagevetError(
            f"tag {plan.tag} was created in {plan.repo_id} on commit {tags.get(plan.tag)} while "
            f"publishing commit {commit}: someone else published this version; inspect the repo"
        )
    return False

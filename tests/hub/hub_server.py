"""A small Hugging Face Hub-compatible HTTP server for tests (127.0.0.1 only, state in memory).

It implements exactly the endpoints that `huggingface_hub` 2.4 (`HfApi`, `hf_hub_download`,
`HfFileSystem`) and `datasets` 5.2 (`load_dataset(repo_id, revision=...)`) call to create a repo,
commit files through the plain Git LFS "basic" transfer, tag a commit and read a revision back.
Request and response shapes follow `huggingface_hub/hf_api.py`, `_commit_api.py`, `lfs.py` and
`file_download.py` in the pinned release.

It is deliberately strict, so that a test passing here means the client sent what the Hub expects:
writes need a known bearer token with rights on the namespace; LFS uploads are checked against the
sha256 and size announced to the batch API; a commit may only reference LFS objects that were
uploaded; `parentCommit` must be the branch head (412 otherwise, like the Hub); deleting a missing
file is a 404 `EntryNotFound`; binary files committed as regular git blobs are refused. Requests to
routes it does not implement are answered 404 and recorded in `unhandled`, so a test can assert that
a client did not need anything the server lacks. Xet is not implemented: clients must run with
`HF_HUB_DISABLE_XET=1` (see `conftest.py`).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import hashlib
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

LFS_CONTENT_TYPE = "application/vnd.git-lfs+json"
LFS_POINTER_VERSION = "https://git-lfs.github.com/spec/v1"
REGULAR_FILE_MAX_BYTES = 10 * 1024 * 1024
STALE_PARENT_MESSAGE = "A commit has happened since. Please refresh and try again."
DEFAULT_GITATTRIBUTES = "".join(
    f"{pattern} filter=lfs diff=lfs merge=lfs -text\n"
    for pattern in (
        "*.7z", "*.arrow", "*.bin", "*.bz2", "*.gz", "*.h5", "*.lz4", "*.npy", "*.npz", "*.onnx",
        "*.parquet", "*.pkl", "*.pt", "*.safetensors", "*.tar", "*.tgz", "*.zip", "*.zst",
        "*.mp3", "*.wav", "*.jpg", "*.jpeg", "*.png", "*.webp", "*.mp4",
    )
)  # fmt: skip
DATASET_EXPAND = {
    "author", "cardData", "citation", "createdAt", "disabled", "description", "downloads",
    "downloadsAllTime", "gated", "lastModified", "likes", "mainSize", "paperswithcode_id",
    "private", "resourceGroup", "sha", "siblings", "tags", "trendingScore", "usedStorage",
}  # fmt: skip
MODEL_EXPAND = DATASET_EXPAND | {"config", "library_name", "pipeline_tag", "safetensors"}
URL_PREFIX = {"dataset": "datasets/", "space": "spaces/", "model": ""}
TYPE_OF_PLURAL = {"datasets": "dataset", "spaces": "space", "models": "model"}
REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
TAG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$")
SHA1 = re.compile(r"^[0-9a-f]{40}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def git_blob_oid(content: bytes) -> str:
    """The git object id of a blob: sha1 of `blob <size>\\0<content>`."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    return f"version {LFS_POINTER_VERSION}\noid sha256:{sha256}\nsize {size}\n".encode()


def hub_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Blob:
    """A file as stored in a commit: its bytes and whether git holds it as an LFS pointer."""

    __slots__ = ("content", "lfs", "sha256", "oid", "pointer_size")

    def __init__(self, content: bytes, lfs: bool) -> None:
        self.content = content
        self.lfs = lfs
        self.sha256 = hashlib.sha256(content).hexdigest()
        pointer = lfs_pointer(self.sha256, len(content)) if lfs else None
        self.oid = git_blob_oid(pointer if pointer is not None else content)
        self.pointer_size = len(pointer) if pointer is not None else None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class Commit:
    sha: str
    parent: str | None
    files: dict[str, Blob]
    title: str
    description: str
    author: str
    date: datetime


@dataclass
class Repo:
    repo_type: str
    repo_id: str
    private: bool
    created_at: datetime
    uid: str
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    lfs_objects: dict[str, bytes] = field(default_factory=dict)

    @property
    def url_path(self) -> str:
        return URL_PREFIX[self.repo_type] + self.repo_id


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    status: int


class HttpError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}


def _lfs_patterns(files: dict[str, Blob]) -> list[str]:
    attributes = files.get(".gitattributes")
    if attributes is None:
        return []
    patterns = []
    for line in attributes.content.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and "filter=lfs" in parts[1:]:
            patterns.append(parts[0])
    return patterns


def _matches(path: str, pattern: str) -> bool:
    # gitattributes/gitignore semantics, simplified: a pattern without "/" matches the basename.
    if "/" in pattern.strip("/"):
        return fnmatch.fnmatchcase(path, pattern.strip("/"))
    return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern.strip("/"))


def _is_binary(sample: bytes) -> bool:
    return b"\0" in sample


def _card_data(files: dict[str, Blob]) -> dict[str, Any] | None:
    readme = files.get("README.md")
    if readme is None:
        return None
    text = readme.content.decode("utf-8", "replace")
    match = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", text, re.DOTALL)
    if match is None:
        return None
    data = yaml.safe_load(match.group(1))
    return data if isinstance(data, dict) else None


def _check_repo_path(path: Any) -> str:
    if not isinstance(path, str) or not path or path.startswith("/") or path.endswith("/"):
        raise HttpError(400, f"Invalid path in commit: {path!r}")
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts) or parts[0] == ".git":
        raise HttpError(400, f"Invalid path in commit: {path!r}")
    return path


class HubServer:
    """The Hub state plus a threaded HTTP server bound to 127.0.0.1 on a free port.

    `tokens` maps a bearer token to a user name; a user may write to its own namespace and to the
    organisations that list it in `orgs`. Listings are paginated like the Hub (1000 entries per
    page, 50 with `expand=True`); tests can lower `page_size` to exercise the `Link` header.
    """

    def __init__(
        self,
        tokens: dict[str, str] | None = None,
        orgs: dict[str, set[str]] | None = None,
        *,
        page_size: int = 1000,
        expanded_page_size: int = 50,
    ) -> None:
        self.tokens = dict(tokens or {})
        self.orgs = {org: set(members) for org, members in (orgs or {}).items()}
        self.page_size = page_size
        self.expanded_page_size = expanded_page_size
        self.repos: dict[tuple[str, str], Repo] = {}
        self.requests: list[RequestRecord] = []
        self.unhandled: list[str] = []
        self.lock = threading.RLock()
        self._pending_uploads: dict[str, tuple[tuple[str, str], str, int]] = {}
        self._commit_counter = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> HubServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() waits up to one poll interval
            name="hub-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # -- inspection helpers for tests -------------------------------------------------------

    def repo(self, repo_id: str, repo_type: str = "dataset") -> Repo:
        return self.repos[(repo_type, repo_id)]

    def commit_count(self, repo_id: str, repo_type: str = "dataset") -> int:
        with self.lock:
            key = (repo_type, repo_id)
            return len(self.repos[key].commits) if key in self.repos else 0

    def files_at(self, repo_id: str, revision: str, repo_type: str = "dataset") -> dict[str, bytes]:
        with self.lock:
            repo = self.repos[(repo_type, repo_id)]
            commit = self._resolve(repo, revision)
            return {path: blob.content for path, blob in commit.files.items()}

    def fingerprint(self) -> str:
        """A digest of every repo, commit, ref and LFS object: equal before and after = untouched."""
        with self.lock:
            state = {
                f"{kind}:{repo_id}": {
                    "private": repo.private,
                    "branches": repo.branches,
                    "tags": repo.tags,
                    "commits": sorted(repo.commits),
                    "lfs": sorted(repo.lfs_objects),
                }
                for (kind, repo_id), repo in sorted(self.repos.items())
            }
            state["pending_uploads"] = sorted(self._pending_uploads)  # type: ignore[assignment]
            return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()

    def write_requests(self) -> list[RequestRecord]:
        with self.lock:
            return [record for record in self.requests if record.method not in ("GET", "HEAD")]

    # -- state ------------------------------------------------------------------------------

    def _user(self, authorization: str | None) -> str | None:
        if authorization is None:
            return None
        scheme, _, token = authorization.partition(" ")
        user = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if user is None:
            raise HttpError(401, "Invalid credentials in Authorization header")
        return user

    def _can_write(self, user: str | None, namespace: str) -> bool:
        return user is not None and (user == namespace or user in self.orgs.get(namespace, set()))

    def _repo(self, repo_type: str, repo_id: str, user: str | None, *, write: bool = False) -> Repo:
        repo = self.repos.get((repo_type, repo_id))
        namespace = repo_id.split("/")[0]
        if repo is None or (repo.private and not self._can_write(user, namespace)):
            raise HttpError(404, "Repository not found", code="RepoNotFound")
        if write and user is None:
            raise HttpError(401, "You must be authenticated to write to this repo")
        if write and not self._can_write(user, namespace):
            raise HttpError(403, f"You don't have the rights to write to {repo_type} {repo_id}")
        return repo

    def _resolve(self, repo: Repo, revision: str) -> Commit:
        for name in (revision, revision.removeprefix("refs/heads/")):
            if name in repo.branches:
                return repo.commits[repo.branches[name]]
        for name in (revision, revision.removeprefix("refs/tags/")):
            if name in repo.tags:
                return repo.commits[repo.tags[name]]
        if SHA1.match(revision) and revision in repo.commits:
            return repo.commits[revision]
        raise HttpError(404, f"Invalid rev id: {revision}", code="RevisionNotFound")

    def _new_commit(
        self,
        repo: Repo,
        parent: str | None,
        files: dict[str, Blob],
        title: str,
        description: str,
        author: str,
    ) -> Commit:
        self._commit_counter += 1
        material = json.dumps(
            [
                repo.repo_id,
                parent,
                sorted((p, b.oid) for p, b in files.items()),
                title,
                self._commit_counter,
            ]
        )
        commit = Commit(
            sha=hashlib.sha1(material.encode()).hexdigest(),
            parent=parent,
            files=files,
            title=title,
            description=description,
            author=author,
            date=datetime.now(UTC),
        )
        repo.commits[commit.sha] = commit
        return commit

    def _last_commit(self, repo: Repo, commit: Commit, path: str) -> Commit:
        """The newest ancestor-or-self commit that changed `path` (a file or a folder prefix)."""

        def view(c: Commit) -> list[tuple[str, str]]:
            return sorted(
                (p, b.oid) for p, b in c.files.items() if p == path or p.startswith(path + "/")
            )

        current = commit
        while current.parent is not None:
            parent = repo.commits[current.parent]
            if view(parent) != view(current):
                return current
            current = parent
        return current


def _tree_oid(files: dict[str, Blob], folder: str) -> str:
    entries = sorted((p, b.oid) for p, b in files.items() if p.startswith(folder + "/"))
    return hashlib.sha1(json.dumps(entries).encode()).hexdigest()


def _handler_for(server: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_HubRequestHandler):
        hub = server

    return Handler


Route = tuple[str, re.Pattern[str], Callable[..., None]]
_REPO = r"(?P<ns>[^/]+)/(?P<name>[^/]+)"
_API_REPO = rf"/api/(?P<plural>models|datasets|spaces)/{_REPO}"
_GIT_REPO = rf"/(?:(?P<plural>datasets|spaces)/)?{_REPO}"


class _HubRequestHandler(BaseHTTPRequestHandler):
    hub: HubServer
    protocol_version = "HTTP/1.1"
    server_version = "pagevet-test-hub/1"

    # -- plumbing ---------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the default stderr access log; requests are recorded in `hub.requests`."""

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        self.query = parse_qs(split.query, keep_blank_values=True)
        self._status = 0
        try:
            self._body: bytes = self._read_body()
            for route_method, pattern, handler in self._routes():
                match = pattern.fullmatch(split.path)
                if match is not None and (
                    route_method == method or (route_method, method) == ("GET", "HEAD")
                ):
                    with self.hub.lock:
                        handler(self, **match.groupdict())
                    break
            else:
                with self.hub.lock:
                    self.hub.unhandled.append(f"{method} {self.path}")
                raise HttpError(404, f"test hub server: no route for {method} {split.path}")
        except HttpError as error:
            self._send_error(error)
        except Exception as error:  # an unexpected server bug must surface as a 500, not a hang
            self._send_error(HttpError(500, f"test hub server error: {error!r}"))
        with self.hub.lock:
            self.hub.requests.append(RequestRecord(method, self.path, self._status))

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        content_length: int | None = None,
    ) -> None:
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header(
            "Content-Length", str(len(body) if content_length is None else content_length)
        )
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _json(
        self, status: int, data: Any, headers: dict[str, str] | None = None, content_type: str = ""
    ) -> None:
        self._send(
            status,
            json.dumps(data).encode(),
            headers=headers,
            content_type=content_type or "application/json",
        )

    def _send_error(self, error: HttpError) -> None:
        headers = {"X-Error-Message": error.message, **error.headers}
        if error.code is not None:
            headers["X-Error-Code"] = error.code
        self._json(error.status, {"error": error.message}, headers=headers)

    def _base_url(self) -> str:
        return f"http://{self.headers.get('Host', self.hub.url.removeprefix('http://'))}"

    def _user(self) -> str | None:
        return self.hub._user(self.headers.get("Authorization"))

    def _json_body(self) -> dict[str, Any]:
        try:
            data = json.loads(self._body or b"null")
        except json.JSONDecodeError as error:
            raise HttpError(400, f"Invalid JSON body: {error}") from error
        if not isinstance(data, dict):
            raise HttpError(400, "Expected a JSON object")
        return data

    def _api_repo(self, plural: str, ns: str, name: str, *, write: bool = False) -> Repo:
        user = self._user()
        return self.hub._repo(
            TYPE_OF_PLURAL[plural], f"{unquote(ns)}/{unquote(name)}", user, write=write
        )

    def _git_repo(self, plural: str | None, ns: str, name: str, *, write: bool = False) -> Repo:
        return self._api_repo(plural or "models", ns, name, write=write)

    def _flag(self, name: str) -> bool:
        return self.query.get(name, ["false"])[-1].lower() in ("1", "true")

    @classmethod
    def _routes(cls) -> list[Route]:
        return [
            ("POST", re.compile(r"/api/repos/create"), cls.create_repo),
            ("POST", re.compile(r"/api/validate-yaml"), cls.validate_yaml),
            ("GET", re.compile(rf"{_API_REPO}(?:/revision/(?P<rev>[^/]+))?"), cls.repo_info),
            ("GET", re.compile(rf"{_API_REPO}/tree/(?P<rev>[^/]+)(?:/(?P<path>.+))?"), cls.tree),
            ("POST", re.compile(rf"{_API_REPO}/paths-info/(?P<rev>[^/]+)"), cls.paths_info),
            ("POST", re.compile(rf"{_API_REPO}/preupload/(?P<rev>[^/]+)"), cls.preupload),
            ("POST", re.compile(rf"{_API_REPO}/commit/(?P<rev>[^/]+)"), cls.commit),
            ("POST", re.compile(rf"{_API_REPO}/tag/(?P<rev>[^/]+)"), cls.create_tag),
            ("GET", re.compile(rf"{_API_REPO}/refs"), cls.refs),
            ("POST", re.compile(rf"{_GIT_REPO}\.git/info/lfs/objects/batch"), cls.lfs_batch),
            ("POST", re.compile(rf"{_GIT_REPO}\.git/info/lfs/objects/verify"), cls.lfs_verify),
            ("PUT", re.compile(r"/_lfs_storage/(?P<ticket>[A-Za-z0-9_-]+)"), cls.lfs_storage_put),
            ("GET", re.compile(rf"{_GIT_REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)"), cls.resolve),
        ]

    # -- repos ------------------------------------------------------------------------------

    def create_repo(self) -> None:
        user = self._user()
        if user is None:
            raise HttpError(401, "You must be authenticated to create a repo")
        body = self._json_body()
        name, organization = body.get("name"), body.get("organization")
        repo_type = body.get("type") or "model"
        if repo_type not in URL_PREFIX:
            raise HttpError(400, f"Invalid repo type: {repo_type!r}")
        if not isinstance(name, str) or not REPO_NAME.match(name):
            raise HttpError(400, f"Invalid repo name: {name!r}")
        namespace = organization or user
        if not self.hub._can_write(user, namespace):
            raise HttpError(403, f"You don't have the rights to create a repo under {namespace}")
        visibility = body.get("visibility", "public")
        if visibility not in ("public", "private"):
            raise HttpError(400, f"Invalid visibility: {visibility!r}")
        repo_id = f"{namespace}/{name}"
        url = f"{self._base_url()}/{URL_PREFIX[repo_type]}{repo_id}"
        if (repo_type, repo_id) in self.hub.repos:
            self._json(409, {"error": f"You already created this {repo_type} repo", "url": url})
            return
        now = datetime.now(UTC)
        repo = Repo(repo_type, repo_id, visibility == "private", now, secrets.token_hex(12))
        initial = self.hub._new_commit(
            repo,
            None,
            {".gitattributes": Blob(DEFAULT_GITATTRIBUTES.encode(), lfs=False)},
            "initial commit",
            "",
            user,
        )
        repo.branches["main"] = initial.sha
        self.hub.repos[(repo_type, repo_id)] = repo
        self._json(200, {"url": url, "name": repo_id, "id": repo.uid})

    def validate_yaml(self) -> None:
        body = self._json_body()
        content = body.get("content")
        if not isinstance(content, str) or body.get("repoType") not in URL_PREFIX:
            raise HttpError(
                400, "validate-yaml expects {'content': str, 'repoType': 'model'|'dataset'|'space'}"
            )
        match = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", content, re.DOTALL)
        if match is None:
            self._json(
                200,
                {
                    "errors": [],
                    "warnings": [{"message": "Empty or missing yaml metadata in repo card"}],
                },
            )
            return
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            self._json(
                400,
                {"errors": [{"message": f"Invalid YAML in README.md: {error}"}], "warnings": []},
            )
            return
        if not isinstance(data, dict):
            self._json(
                400, {"errors": [{"message": "YAML metadata must be a mapping"}], "warnings": []}
            )
            return
        self._json(200, {"errors": [], "warnings": []})

    def repo_info(self, plural: str, ns: str, name: str, rev: str | None = None) -> None:
        repo = self._api_repo(plural, ns, name)
        commit = self.hub._resolve(repo, unquote(rev) if rev is not None else "main")
        expand = [value for key in ("expand", "expand[]") for value in self.query.get(key, [])]
        blobs = self._flag("blobs")
        if expand and blobs:
            raise HttpError(400, "'expand' cannot be used together with 'blobs'")
        allowed = DATASET_EXPAND if repo.repo_type == "dataset" else MODEL_EXPAND
        if unknown := sorted(set(expand) - allowed):
            raise HttpError(400, f"Invalid expand properties: {unknown}")

        siblings = []
        for path, blob in sorted(commit.files.items()):
            sibling: dict[str, Any] = {"rfilename": path}
            if blobs:
                sibling.update(size=blob.size, blobId=blob.oid)
                if blob.lfs:
                    sibling["lfs"] = {
                        "sha256": blob.sha256,
                        "size": blob.size,
                        "pointerSize": blob.pointer_size,
                    }
            siblings.append(sibling)
        card = _card_data(commit.files)
        properties: dict[str, Any] = {
            "author": repo.repo_id.split("/")[0],
            "sha": commit.sha,
            "lastModified": hub_date(commit.date),
            "private": repo.private,
            "gated": False,
            "disabled": False,
            "downloads": 0,
            "downloadsAllTime": 0,
            "likes": 0,
            "tags": [],
            "createdAt": hub_date(repo.created_at),
            "siblings": siblings,
            "usedStorage": sum(len(data) for data in repo.lfs_objects.values()),
            "mainSize": sum(blob.size for blob in commit.files.values()),
        }
        if card is not None:
            properties["cardData"] = card
        if expand:
            properties = {key: value for key, value in properties.items() if key in expand}
        self._json(200, {"_id": repo.uid, "id": repo.repo_id, **properties})

    def refs(self, plural: str, ns: str, name: str) -> None:
        repo = self._api_repo(plural, ns, name)

        def ref(kind: str, name: str, sha: str) -> dict[str, str]:
            return {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": sha}

        data: dict[str, Any] = {
            "branches": [ref("heads", n, sha) for n, sha in sorted(repo.branches.items())],
            "converts": [],
            "tags": [ref("tags", n, sha) for n, sha in sorted(repo.tags.items())],
        }
        if self._flag("include_prs"):
            data["pullRequests"] = []
        self._json(200, data)

    # -- trees ------------------------------------------------------------------------------

    def _entry(self, repo: Repo, commit: Commit, path: str, expand: bool) -> dict[str, Any]:
        blob = commit.files.get(path)
        if blob is not None:
            entry: dict[str, Any] = {
                "type": "file",
                "oid": blob.oid,
                "size": blob.size,
                "path": path,
            }
            if blob.lfs:
                entry["lfs"] = {
                    "oid": blob.sha256,
                    "size": blob.size,
                    "pointerSize": blob.pointer_size,
                }
        else:
            entry = {
                "type": "directory",
                "oid": _tree_oid(commit.files, path),
                "size": 0,
                "path": path,
            }
        if expand:
            last = self.hub._last_commit(repo, commit, path)
            entry["lastCommit"] = {"id": last.sha, "title": last.title, "date": hub_date(last.date)}
        return entry

    @staticmethod
    def _folders(files: dict[str, Blob]) -> set[str]:
        return {path.rsplit("/", i)[0] for path in files for i in range(1, path.count("/") + 1)}

    def tree(self, plural: str, ns: str, name: str, rev: str, path: str | None = None) -> None:
        repo = self._api_repo(plural, ns, name)
        commit = self.hub._resolve(repo, unquote(rev))
        base = unquote(path or "").strip("/")
        folders = self._folders(commit.files)
        if base and base not in folders:
            raise HttpError(404, f"Entry not found: {base}", code="EntryNotFound")
        recursive, expand = self._flag("recursive"), self._flag("expand")
        prefix = f"{base}/" if base else ""
        paths = sorted(
            p
            for p in [*commit.files, *folders]
            if p.startswith(prefix) and (recursive or "/" not in p[len(prefix) :])
        )
        size = self.hub.expanded_page_size if expand else self.hub.page_size
        start = int(self.query.get("cursor", ["0"])[-1])
        page = [self._entry(repo, commit, p, expand) for p in paths[start : start + size]]
        headers = {}
        if start + size < len(paths):
            query = urlencode(
                {"recursive": str(recursive), "expand": str(expand), "cursor": start + size}
            )
            headers["Link"] = f'<{self._base_url()}{urlsplit(self.path).path}?{query}>; rel="next"'
        self._json(200, page, headers=headers)

    def paths_info(self, plural: str, ns: str, name: str, rev: str) -> None:
        repo = self._api_repo(plural, ns, name)
        commit = self.hub._resolve(repo, unquote(rev))
        form = parse_qs(self._body.decode(), keep_blank_values=True)
        paths = form.get("paths", [])
        expand = form.get("expand", ["false"])[-1].lower() == "true"
        folders = self._folders(commit.files)
        entries = [
            self._entry(repo, commit, p.strip("/"), expand)
            for p in dict.fromkeys(paths)
            if p.strip("/") in commit.files or p.strip("/") in folders
        ]
        self._json(200, entries)

    # -- uploads ----------------------------------------------------------------------------

    def preupload(self, plural: str, ns: str, name: str, rev: str) -> None:
        repo = self._api_repo(plural, ns, name, write=True)
        if self.query.get("create_pr"):
            raise HttpError(400, "test hub server: pull requests are not supported")
        commit = self.hub._resolve(repo, unquote(rev))
        body = self._json_body()
        files = body.get("files")
        if not isinstance(files, list):
            raise HttpError(400, "preupload expects {'files': [{'path', 'sample', 'size'}]}")
        ignore_lines = body.get("gitIgnore")
        if ignore_lines is None and ".gitignore" in commit.files:
            ignore_lines = commit.files[".gitignore"].content.decode("utf-8", "replace")
        ignore = [line.strip() for line in (ignore_lines or "").splitlines() if line.strip()]
        patterns = _lfs_patterns(commit.files)
        answers = []
        for item in files:
            if not isinstance(item, dict) or not isinstance(item.get("size"), int):
                raise HttpError(400, f"preupload: malformed file entry {item!r}")
            path = _check_repo_path(item.get("path"))
            try:
                sample = base64.b64decode(item.get("sample", ""), validate=True)
            except (binascii.Error, TypeError) as error:
                raise HttpError(400, f"preupload: sample of {path} is not base64") from error
            if len(sample) > 512:
                raise HttpError(400, f"preupload: sample of {path} is longer than 512 bytes")
            lfs = (
                any(_matches(path, pattern) for pattern in patterns)
                or item["size"] > REGULAR_FILE_MAX_BYTES
                or _is_binary(sample)
            )
            answer: dict[str, Any] = {
                "path": path,
                "uploadMode": "lfs" if lfs else "regular",
                "shouldIgnore": any(
                    _matches(path, pattern) for pattern in ignore if not pattern.startswith("#")
                ),
            }
            remote = commit.files.get(path)
            if remote is not None:
                answer["oid"] = remote.sha256 if lfs else git_blob_oid(remote.content)
            answers.append(answer)
        self._json(200, {"files": answers, "commitOid": commit.sha})

    def lfs_batch(self, plural: str | None, ns: str, name: str) -> None:
        if LFS_CONTENT_TYPE not in self.headers.get("Accept", ""):
            raise HttpError(406, f"LFS batch requests must accept {LFS_CONTENT_TYPE}")
        repo = self._git_repo(plural, ns, name, write=True)
        body = self._json_body()
        if body.get("operation") != "upload":
            raise HttpError(
                400, f"test hub server: unsupported LFS operation {body.get('operation')!r}"
            )
        if body.get("hash_algo", "sha256") != "sha256":
            raise HttpError(400, f"Unsupported hash algorithm {body.get('hash_algo')!r}")
        if "basic" not in body.get("transfers", ["basic"]):
            raise HttpError(400, "test hub server: only the 'basic' LFS transfer is implemented")
        ref = body.get("ref")
        if ref is not None:
            self.hub._resolve(repo, ref["name"])
        objects = body.get("objects")
        if not isinstance(objects, list) or not objects:
            raise HttpError(400, "LFS batch expects a non-empty 'objects' list")
        answers = []
        for item in objects:
            oid, size = item.get("oid"), item.get("size")
            if (
                not isinstance(oid, str)
                or not SHA256.match(oid)
                or not isinstance(size, int)
                or size < 0
            ):
                answers.append(
                    {"oid": str(oid), "size": size if isinstance(size, int) else -1,
                     "error": {"code": 422, "message": "oid must be a sha256 hex digest and size an integer"}}
                )  # fmt: skip
                continue
            stored = repo.lfs_objects.get(oid)
            if stored is not None and len(stored) == size:
                answers.append({"oid": oid, "size": size})
                continue
            ticket = secrets.token_urlsafe(16)
            self.hub._pending_uploads[ticket] = ((repo.repo_type, repo.repo_id), oid, size)
            actions = {
                "upload": {"href": f"{self._base_url()}/_lfs_storage/{ticket}", "expires_in": 3600},
                "verify": {
                    "href": f"{self._base_url()}/{repo.url_path}.git/info/lfs/objects/verify",
                    "header": {},
                },
            }
            answers.append({"oid": oid, "size": size, "authenticated": True, "actions": actions})
        self._json(
            200,
            {"transfer": "basic", "objects": answers, "hash_algo": "sha256"},
            content_type=LFS_CONTENT_TYPE,
        )

    def lfs_storage_put(self, ticket: str) -> None:
        pending = self.hub._pending_uploads.get(ticket)
        if pending is None:
            raise HttpError(403, "Upload URL unknown or already used")
        key, oid, size = pending
        if len(self._body) != size:
            raise HttpError(
                400, f"Uploaded {len(self._body)} bytes, the batch request announced {size}"
            )
        digest = hashlib.sha256(self._body).hexdigest()
        if digest != oid:
            raise HttpError(
                400, f"Uploaded content has sha256 {digest}, the batch request announced {oid}"
            )
        del self.hub._pending_uploads[ticket]
        self.hub.repos[key].lfs_objects[oid] = self._body
        self._send(200, b"", headers={"ETag": f'"{hashlib.md5(self._body).hexdigest()}"'})

    def lfs_verify(self, plural: str | None, ns: str, name: str) -> None:
        repo = self._git_repo(plural, ns, name, write=True)
        body = self._json_body()
        stored = repo.lfs_objects.get(body.get("oid", ""))
        if stored is None or len(stored) != body.get("size"):
            raise HttpError(
                404, f"LFS object {body.get('oid')} of size {body.get('size')} was not uploaded"
            )
        self._json(200, {"success": True})

    def commit(self, plural: str, ns: str, name: str, rev: str) -> None:
        repo = self._api_repo(plural, ns, name, write=True)
        user = self._user() or ""
        if self.query.get("create_pr"):
            raise HttpError(400, "test hub server: pull requests are not supported")
        if "application/x-ndjson" not in self.headers.get("Content-Type", ""):
            raise HttpError(415, "The commit endpoint expects application/x-ndjson")
        branch = unquote(rev).removeprefix("refs/heads/")
        if branch not in repo.branches:
            if branch in repo.tags or SHA1.match(branch):
                raise HttpError(400, f"Can only commit to a branch, not to {branch!r}")
            raise HttpError(404, f"Invalid rev id: {branch}", code="RevisionNotFound")
        try:
            lines = [json.loads(line) for line in self._body.decode().splitlines() if line.strip()]
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise HttpError(400, f"Malformed ndjson commit payload: {error}") from error
        if not lines or lines[0].get("key") != "header":
            raise HttpError(400, "The first ndjson line of a commit must be the header")
        header = lines[0].get("value", {})
        if not isinstance(header.get("summary"), str) or not header["summary"].strip():
            raise HttpError(400, "A commit needs a non-empty summary")
        head = repo.branches[branch]
        parent = header.get("parentCommit")
        if parent is not None and not (
            isinstance(parent, str) and len(parent) >= 7 and head.startswith(parent.lower())
        ):
            raise HttpError(412, STALE_PARENT_MESSAGE)
        files = dict(repo.commits[head].files)
        for line in lines[1:]:
            key, value = line.get("key"), line.get("value")
            if not isinstance(value, dict):
                raise HttpError(400, f"Malformed commit operation {line!r}")
            if key == "file":
                path = _check_repo_path(value.get("path"))
                if value.get("encoding") != "base64":
                    raise HttpError(400, f"{path}: only base64-encoded file content is supported")
                try:
                    content = base64.b64decode(value.get("content", ""), validate=True)
                except (binascii.Error, TypeError) as error:
                    raise HttpError(400, f"{path}: content is not valid base64") from error
                if len(content) > REGULAR_FILE_MAX_BYTES or _is_binary(content[:8000]):
                    raise HttpError(
                        400,
                        f"Your push was rejected because {path} is binary or large: use Git LFS",
                    )
                files[path] = Blob(content, lfs=False)
            elif key == "lfsFile":
                path = _check_repo_path(value.get("path"))
                if value.get("algo") != "sha256":
                    raise HttpError(400, f"{path}: unsupported LFS algorithm {value.get('algo')!r}")
                stored = repo.lfs_objects.get(value.get("oid", ""))
                if stored is None:
                    raise HttpError(
                        422, f"{path}: LFS object {value.get('oid')} was never uploaded"
                    )
                if "size" in value and value["size"] != len(stored):
                    raise HttpError(
                        422, f"{path}: LFS object size {value['size']} != uploaded {len(stored)}"
                    )
                files[path] = Blob(stored, lfs=True)
            elif key == "deletedFile":
                path = _check_repo_path(value.get("path"))
                if path not in files:
                    raise HttpError(
                        404, f"A file with this name doesn't exist: {path}", code="EntryNotFound"
                    )
                del files[path]
            elif key == "deletedFolder":
                folder = _check_repo_path(str(value.get("path", "")).rstrip("/"))
                doomed = [p for p in files if p.startswith(folder + "/")]
                if not doomed:
                    raise HttpError(
                        404,
                        f"A folder with this name doesn't exist: {folder}",
                        code="EntryNotFound",
                    )
                for path in doomed:
                    del files[path]
            else:
                raise HttpError(400, f"Unknown commit operation {key!r}")
        commit = self.hub._new_commit(
            repo, head, files, header["summary"], str(header.get("description") or ""), user
        )
        repo.branches[branch] = commit.sha
        commit_url = f"{self._base_url()}/{repo.url_path}/commit/{commit.sha}"
        self._json(
            200,
            {"success": True, "commitOid": commit.sha, "commitUrl": commit_url, "hookOutput": ""},
        )

    def create_tag(self, plural: str, ns: str, name: str, rev: str) -> None:
        repo = self._api_repo(plural, ns, name, write=True)
        commit = self.hub._resolve(repo, unquote(rev))
        body = self._json_body()
        tag = body.get("tag")
        if not isinstance(tag, str) or not TAG_NAME.match(tag) or tag.startswith("refs/"):
            raise HttpError(400, f"Invalid tag name: {tag!r}")
        if tag in repo.tags:
            raise HttpError(409, f"Tag {tag} already exists")
        if tag in repo.branches:
            raise HttpError(409, f"A branch named {tag} already exists")
        repo.tags[tag] = commit.sha
        self._json(200, {})

    # -- downloads --------------------------------------------------------------------------

    def resolve(self, plural: str | None, ns: str, name: str, rev: str, path: str) -> None:
        repo = self._git_repo(plural, ns, name)
        commit = self.hub._resolve(repo, unquote(rev))
        path = unquote(path)
        blob = commit.files.get(path)
        commit_header = {"X-Repo-Commit": commit.sha}
        if blob is None:
            raise HttpError(
                404, f"Entry not found: {path}", code="EntryNotFound", headers=commit_header
            )
        headers = {**commit_header, "Accept-Ranges": "bytes"}
        if blob.lfs:
            headers.update({"ETag": f'"{blob.sha256}"', "X-Linked-Etag": f'"{blob.sha256}"'})
            headers["X-Linked-Size"] = str(blob.size)
        else:
            headers["ETag"] = f'"{blob.oid}"'
        content, status = blob.content, 200
        byte_range = self.headers.get("Range")
        if byte_range is not None:
            match = re.fullmatch(r"bytes=(\d*)-(\d*)", byte_range.strip())
            if match is None or match.groups() == ("", ""):
                raise HttpError(400, f"Malformed Range header: {byte_range!r}")
            first, last = match.groups()
            if first == "":
                start, end = max(blob.size - int(last), 0), blob.size - 1
            else:
                start, end = int(first), min(int(last) if last else blob.size - 1, blob.size - 1)
            if start >= blob.size or start > end:
                raise HttpError(
                    416, "Range Not Satisfiable", headers={"Content-Range": f"bytes */{blob.size}"}
                )
            content, status = blob.content[start : end + 1], 206
            headers["Content-Range"] = f"bytes {start}-{end}/{blob.size}"
        self._send(status, content, content_type="application/octet-stream", headers=headers)


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def block_non_loopback() -> Callable[[], None]:
    """Make every socket connection or name lookup outside the loopback interface fail.

    Returns a function that restores the originals. Used around the Hub tests (and in the
    `load_revision.py` subprocess) so that a request escaping to the real Hub fails loudly.
    """
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK_HOSTS:
            raise ConnectionRefusedError(f"test network guard: connection to {address!r} refused")

    def connect(sock: socket.socket, address: Any) -> None:
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in LOOPBACK_HOSTS:
            raise socket.gaierror(f"test network guard: name lookup of {name!r} refused")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo

    def restore() -> None:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo

    return restore

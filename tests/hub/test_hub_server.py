"""The test Hub server answers the real huggingface_hub client and refuses what the Hub refuses."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hub_server import STALE_PARENT_MESSAGE, HubServer, git_blob_oid
from hub_testdata import ORG, TOKEN
from huggingface_hub import CommitOperationAdd, HfApi, get_hf_file_metadata, hf_hub_url
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.lfs import UploadInfo, post_lfs_batch_info
from huggingface_hub.utils import get_session

REPO = f"{ORG}/server-test"
PARQUET = b"PAR1" + bytes(range(256)) * 4 + b"PAR1"


@pytest.fixture
def api(hub: HubServer) -> HfApi:
    api = HfApi(endpoint=hub.url, token=TOKEN)
    api.create_repo(REPO, repo_type="dataset")
    return api


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def commit_ndjson(hub: HubServer, lines: list[dict[str, object]]) -> tuple[int, str]:
    response = get_session().post(
        f"{hub.url}/api/datasets/{REPO}/commit/main",
        content=b"".join(json.dumps(line).encode() + b"\n" for line in lines),
        headers={**auth(), "Content-Type": "application/x-ndjson"},
    )
    return response.status_code, response.text


HEADER = {"key": "header", "value": {"summary": "test", "description": ""}}


def test_a_new_repo_has_the_hub_initial_commit_and_create_is_idempotent(
    hub: HubServer, api: HfApi
) -> None:
    assert api.create_repo(REPO, repo_type="dataset", exist_ok=True).repo_id == REPO
    with pytest.raises(HfHubHTTPError) as exists:
        api.create_repo(REPO, repo_type="dataset")
    assert exists.value.response.status_code == 409
    assert hub.commit_count(REPO) == 1
    assert list(hub.files_at(REPO, "main")) == [".gitattributes"]
    assert "*.parquet filter=lfs" in hub.files_at(REPO, "main")[".gitattributes"].decode()


def test_writes_need_a_known_token_with_rights_on_the_namespace(hub: HubServer) -> None:
    with pytest.raises(HfHubHTTPError) as anonymous:
        HfApi(endpoint=hub.url, token=False).create_repo(REPO, repo_type="dataset")
    with pytest.raises(HfHubHTTPError, match="Invalid credentials") as wrong:
        HfApi(endpoint=hub.url, token="hf_wrong").create_repo(REPO, repo_type="dataset")
    with pytest.raises(HfHubHTTPError) as elsewhere:
        HfApi(endpoint=hub.url, token=TOKEN).create_repo("someone-else/x", repo_type="dataset")
    assert [e.value.response.status_code for e in (anonymous, wrong, elsewhere)] == [401, 401, 403]
    assert hub.repos == {}


def test_preupload_sends_parquet_and_binary_to_lfs_and_text_to_git(
    hub: HubServer, api: HfApi
) -> None:
    answer = (
        get_session()
        .post(
            f"{hub.url}/api/datasets/{REPO}/preupload/main",
            json={
                "files": [
                    {
                        "path": "data/x.parquet",
                        "sample": base64.b64encode(b"PAR1").decode(),
                        "size": 9,
                    },
                    {"path": "README.md", "sample": base64.b64encode(b"# hi").decode(), "size": 4},
                    {"path": "blob.dat", "sample": base64.b64encode(b"\0\1").decode(), "size": 2},
                    {"path": ".gitattributes", "sample": "", "size": 0},
                ]
            },
            headers=auth(),
        )
        .json()
    )
    modes = {f["path"]: (f["uploadMode"], f.get("oid")) for f in answer["files"]}
    attributes = hub.files_at(REPO, "main")[".gitattributes"]
    assert modes == {
        "data/x.parquet": ("lfs", None),
        "README.md": ("regular", None),
        "blob.dat": ("lfs", None),
        ".gitattributes": ("regular", git_blob_oid(attributes)),
    }


def test_lfs_uploads_must_match_the_announced_sha256_and_size(hub: HubServer, api: HfApi) -> None:
    info = UploadInfo.from_bytes(PARQUET)
    actions, errors, transfer = post_lfs_batch_info(
        [info], token=TOKEN, repo_type="dataset", repo_id=REPO, revision="main", endpoint=hub.url
    )
    assert errors == [] and transfer == "basic"
    href = actions[0]["actions"]["upload"]["href"]

    assert get_session().put(href, content=PARQUET[:-1] + b"X").status_code == 400  # other bytes
    assert get_session().put(href, content=PARQUET[:-1]).status_code == 400  # fewer bytes
    assert get_session().put(href, content=PARQUET).status_code == 200
    assert get_session().put(href, content=PARQUET).status_code == 403  # a ticket is single-use
    assert hub.repo(REPO).lfs_objects == {info.sha256.hex(): PARQUET}
    again, _, _ = post_lfs_batch_info(
        [info], token=TOKEN, repo_type="dataset", repo_id=REPO, revision="main", endpoint=hub.url
    )
    assert "actions" not in again[0]  # already stored: nothing to upload


def test_a_commit_may_only_reference_uploaded_lfs_objects(hub: HubServer, api: HfApi) -> None:
    missing = {"path": "x.parquet", "algo": "sha256", "oid": "ab" * 32, "size": 3}

    status, text = commit_ndjson(hub, [HEADER, {"key": "lfsFile", "value": missing}])

    assert status == 422 and "never uploaded" in text
    assert hub.commit_count(REPO) == 1


def test_binary_content_committed_as_a_regular_file_is_refused(hub: HubServer, api: HfApi) -> None:
    content = base64.b64encode(b"PAR1\0\0\0").decode()
    line = {"key": "file", "value": {"path": "x.parquet", "content": content, "encoding": "base64"}}

    status, text = commit_ndjson(hub, [HEADER, line])

    assert status == 400 and "Git LFS" in text


def test_a_commit_needs_a_header_first_and_valid_paths(hub: HubServer, api: HfApi) -> None:
    delete = {"key": "deletedFile", "value": {"path": ".gitattributes"}}
    assert commit_ndjson(hub, [delete])[0] == 400
    escape = {"key": "deletedFile", "value": {"path": "../etc/passwd"}}
    assert commit_ndjson(hub, [HEADER, escape])[0] == 400
    assert hub.commit_count(REPO) == 1


def test_a_stale_parent_commit_is_answered_412(hub: HubServer, api: HfApi) -> None:
    initial = hub.repo(REPO).branches["main"]
    api.upload_file(
        path_or_fileobj=b"one\n", path_in_repo="a.md", repo_id=REPO, repo_type="dataset"
    )

    with pytest.raises(HfHubHTTPError) as stale:
        api.create_commit(
            REPO,
            [CommitOperationAdd("b.md", b"two\n")],
            commit_message="late",
            repo_type="dataset",
            parent_commit=initial,
        )

    assert stale.value.response.status_code == 412
    assert STALE_PARENT_MESSAGE in str(stale.value)
    assert hub.commit_count(REPO) == 2


def test_deleting_a_missing_file_is_entry_not_found(hub: HubServer, api: HfApi) -> None:
    with pytest.raises(EntryNotFoundError):
        api.delete_file("nope.md", repo_id=REPO, repo_type="dataset")


def test_invalid_card_metadata_is_refused_before_any_upload(hub: HubServer, api: HfApi) -> None:
    with pytest.raises(ValueError, match="Invalid metadata in README.md"):
        api.upload_file(
            path_or_fileobj=b"---\nconfigs: [unclosed\n---\n",
            path_in_repo="README.md",
            repo_id=REPO,
            repo_type="dataset",
        )
    assert hub.commit_count(REPO) == 1


def test_tags_and_refs(hub: HubServer, api: HfApi) -> None:
    head = hub.repo(REPO).branches["main"]
    api.create_tag(REPO, tag="v1.0.0", revision=head, repo_type="dataset")
    with pytest.raises(HfHubHTTPError) as again:
        api.create_tag(REPO, tag="v1.0.0", revision=head, repo_type="dataset")
    with pytest.raises(RevisionNotFoundError):
        api.create_tag(REPO, tag="v2", revision="no-such-branch", repo_type="dataset")

    refs = api.list_repo_refs(REPO, repo_type="dataset")
    assert again.value.response.status_code == 409
    assert [(t.name, t.target_commit) for t in refs.tags] == [("v1.0.0", head)]
    assert [(b.name, b.target_commit) for b in refs.branches] == [("main", head)]
    assert api.dataset_info(REPO, revision="v1.0.0").sha == head


def test_downloads_carry_the_hub_metadata_headers_and_honour_ranges(
    hub: HubServer, api: HfApi, tmp_path: Path
) -> None:
    api.create_commit(
        REPO,
        [CommitOperationAdd("data/x.parquet", PARQUET), CommitOperationAdd("README.md", b"# x\n")],
        commit_message="files",
        repo_type="dataset",
    )
    head = hub.repo(REPO).branches["main"]

    lfs = get_hf_file_metadata(
        hf_hub_url(REPO, "data/x.parquet", repo_type="dataset", endpoint=hub.url)
    )
    regular = get_hf_file_metadata(
        hf_hub_url(REPO, "README.md", repo_type="dataset", endpoint=hub.url)
    )
    assert (lfs.commit_hash, lfs.etag, lfs.size) == (
        head,
        hashlib.sha256(PARQUET).hexdigest(),
        len(PARQUET),
    )
    assert (regular.commit_hash, regular.etag, regular.size) == (head, git_blob_oid(b"# x\n"), 4)
    path = api.hf_hub_download(REPO, "data/x.parquet", repo_type="dataset", cache_dir=tmp_path)
    assert Path(path).read_bytes() == PARQUET

    url = f"{hub.url}/datasets/{REPO}/resolve/main/data/x.parquet"
    part = get_session().get(url, headers={"Range": "bytes=4-7"})
    assert (part.status_code, part.content) == (206, PARQUET[4:8])
    assert part.headers["Content-Range"] == f"bytes 4-7/{len(PARQUET)}"
    assert get_session().get(url, headers={"Range": "bytes=5000-"}).status_code == 416
    with pytest.raises(EntryNotFoundError):
        api.hf_hub_download(REPO, "missing.md", repo_type="dataset", cache_dir=tmp_path)


def test_tree_listings_paginate_and_expand_like_the_hub(hub: HubServer, api: HfApi) -> None:
    api.create_commit(
        REPO,
        [CommitOperationAdd(f"data/part-{i}.parquet", PARQUET + bytes([i])) for i in range(5)],
        commit_message="parts",
        repo_type="dataset",
    )
    hub.page_size = 2

    listed = list(api.list_repo_tree(REPO, recursive=True, repo_type="dataset"))
    top = list(api.list_repo_tree(REPO, repo_type="dataset"))
    expanded = list(api.list_repo_tree(REPO, "data", expand=True, repo_type="dataset"))

    assert sorted(e.path for e in listed) == [".gitattributes", "data"] + [
        f"data/part-{i}.parquet" for i in range(5)
    ]
    assert sum("cursor=" in r.path for r in hub.requests) >= 3
    assert sorted(e.path for e in top) == [".gitattributes", "data"]
    head = hub.repo(REPO).branches["main"]
    assert {e.last_commit.oid for e in expanded} == {head}  # type: ignore[union-attr]
    assert all(e.lfs.sha256 for e in expanded)  # type: ignore[union-attr]
    info = api.get_paths_info(REPO, ["data", "data/part-0.parquet", "nope"], repo_type="dataset")
    assert [type(e).__name__ for e in info] == ["RepoFolder", "RepoFile"]


def test_private_repos_are_hidden_from_anonymous_readers(hub: HubServer) -> None:
    HfApi(endpoint=hub.url, token=TOKEN).create_repo(REPO, repo_type="dataset", private=True)

    with pytest.raises(RepositoryNotFoundError):
        HfApi(endpoint=hub.url, token=False).dataset_info(REPO)
    assert HfApi(endpoint=hub.url, token=TOKEN).dataset_info(REPO).private is True


def test_unknown_routes_are_recorded(hub: HubServer) -> None:
    assert get_session().get(f"{hub.url}/api/whoami-v2").status_code == 404
    assert hub.unhandled == ["GET /api/whoami-v2"]


def test_the_network_guard_refuses_anything_but_loopback(hub: HubServer) -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("huggingface.co", 443)
    with pytest.raises(socket.gaierror):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 443))
    assert get_session().get(f"{hub.url}/api/datasets/{REPO}").status_code == 404


def test_hf_hub_disable_xet_takes_effect_at_import_or_through_the_constant(
    hub: HubServer, tmp_path: Path
) -> None:
    """hf_xet is installed, so uploads would go through Xet (which this server does not speak)
    unless HF_HUB_DISABLE_XET is set before huggingface_hub is imported, or the constant is
    patched as the `hub` fixture does."""
    from hub_testdata import subprocess_env
    from huggingface_hub.utils._runtime import is_xet_available

    assert not is_xet_available()  # patched constant in this process
    probe = "from huggingface_hub.utils._runtime import is_xet_available as x; print(x())"
    env = subprocess_env(hub, tmp_path)
    with_var = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True
    )
    env.pop("HF_HUB_DISABLE_XET")
    without = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert (with_var.stdout.strip(), without.stdout.strip()) == ("False", "True")

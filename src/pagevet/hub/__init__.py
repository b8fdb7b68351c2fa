"""Publish a built version folder to the Hugging Face Hub: a plan, then one commit and one tag."""

from pagevet.hub.publish import (
    FileOperation,
    PublishPlan,
    PublishResult,
    RemoteFile,
    apply_plan,
    plan_publish,
)
from pagevet.hub.verify import VerifiedVersion, VersionFile, verify_version_dir

__all__ = [
    "FileOperation",
    "PublishPlan",
    "PublishResult",
    "RemoteFile",
    "VerifiedVersion",
    "VersionFile",
    "apply_plan",
    "plan_publish",
    "verify_version_dir",
]

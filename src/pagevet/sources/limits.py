"""What a reader will hold of one input, and what it will not open at all.

A crawl is untrusted input: a gzip bomb, a 200 MB line, a million short lines, a FIFO, or a
symlink to /etc/shadow must neither take the process down nor leak into a dataset. Every cap
here cuts or refuses with a note that says what was cut, so nothing is lost silently.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Bytes of one page (after decompression) a reader holds; a real page is a few hundred KB.
MAX_PAGE_BYTES = 16 * 1024 * 1024
# Bytes of one JSONL line (one record), after decompression.
MAX_LINE_BYTES = MAX_PAGE_BYTES
# Lines and characters of one page's text handed to the parser; the rest is cut, with a note.
# (Line parsing is still quadratic in the number of lines: raise MAX_PAGE_LINES once it is not.)
MAX_PAGE_LINES = 5_000
MAX_TEXT_CHARS = 4 * 1024 * 1024


def display_path(path: Path | str) -> str:
    """A path as text that is valid UTF-8 whatever bytes the file system holds: bytes that are
    not UTF-8 are shown as `\\xNN` (an undecodable name would otherwise break Arrow and JSON)."""
    return clean_string(os.fspath(path))


def clean_string(value: str) -> str:
    """The string as valid Unicode: undecodable file-name bytes (surrogate escapes) shown as
    `\\xNN`, other lone surrogates (e.g. JSON `"\\ud800"`) replaced by U+FFFD, which the
    encoding-error rule flags. Arrow refuses strings that are not valid Unicode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def refusal(path: Path, root: Path | None) -> str | None:
    """Why `path` must not be opened as a page, or None when it may be: not a regular file (a
    FIFO would block forever, a device never ends), a symlink loop, a dangling symlink, or a
    symlink leading outside `root` (the folder the user gave)."""
    try:
        own = path.lstat()
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    target = own
    if stat.S_ISLNK(own.st_mode):
        try:
            resolved = path.resolve(strict=True)
        except RuntimeError:
            return "symlink loop: not followed"
        except OSError as error:
            if error.errno == 40:  # ELOOP
                return "symlink loop: not followed"
            return "dangling symlink: its target does not exist"
        if root is not None and not _inside(resolved, root):
            return (
                "symlink to a file outside the input folder: not followed (copy the file into "
                "the folder if it belongs to the crawl)"
            )
        target = resolved.stat()
    if stat.S_ISDIR(target.st_mode):
        return "is a directory, not a page file"
    if not stat.S_ISREG(target.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(target.st_mode)
            else "a socket"
            if stat.S_ISSOCK(target.st_mode)
            else "a device"
        )
        return f"{kind}, not a regular file: skipped"
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True


def cut_text(text: str) -> tuple[str, str | None]:
    """The text within MAX_PAGE_LINES lines and MAX_TEXT_CHARS characters, and a note saying
    what was cut (None when nothing was)."""
    notes = []
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"{len(text):,} characters, cut to the first {MAX_TEXT_CHARS:,}")
        text = text[:MAX_TEXT_CHARS]
    lines = text.count("\n") + 1
    if lines > MAX_PAGE_LINES:
        end = -1
        for _ in range(MAX_PAGE_LINES):
            end = text.index("\n", end + 1)
        notes.append(f"{lines:,} lines, cut to the first {MAX_PAGE_LINES:,}")
        text = text[:end]
    if not notes:
        return text, None
    return text, "page too long: " + "; ".join(notes) + " (the raw config keeps what was read)"

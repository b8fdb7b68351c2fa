"""URL helpers: the slug, the site and the date a URL shows."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

_URL_EXT = re.compile(r"\.(s?html?|php|aspx?|jsp|cms|epi|amp)$", re.IGNORECASE)
_URL_DATE = re.compile(
    r"(?:/|\b)((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:\d{6,}|/|[-_.]|$)"
)


def url_path(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).path
    except ValueError:
        return None


def slug_from_url(url: str | None) -> str | None:
    """The slug a URL shows: its last path segment with letters, percent-decoded, no extension."""
    path = url_path(url)
    if path is None:
        return None
    for segment in reversed([s for s in path.split("/") if s]):
        segment = _URL_EXT.sub("", unquote(segment, errors="replace"))
        if re.search(r"[^\W\d_]", segment):
            return segment
    return None


def source_from_url(url: str | None) -> str | None:
    """The site of a URL: its host name without `www.`."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def date_from_url(url: str | None) -> date | None:
    """A publication date many CMSs put in the URL: `/2022/03/03/`, `-20210427211909546.htm`."""
    for m in _URL_DATE.finditer(url_path(url) or ""):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None

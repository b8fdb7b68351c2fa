"""Page structure: line roles and fields."""

from pagevet.pages.markers import Markers, fold_line, load_markers
from pagevet.pages.parse import ParsedPage, parse_page, slug_from_url, source_from_url
from pagevet.pages.roles import ROLES, TEXT_ROLES

__all__ = [
    "ROLES",
    "TEXT_ROLES",
    "Markers",
    "ParsedPage",
    "fold_line",
    "load_markers",
    "parse_page",
    "slug_from_url",
    "source_from_url",
]

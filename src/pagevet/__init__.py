"""pagevet: turn raw scraped web pages into versioned, audited datasets."""

__version__ = "0.1.0"

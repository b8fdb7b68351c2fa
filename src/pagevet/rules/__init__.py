"""Per-page rules and corpus passes that turn pages into findings with evidence."""

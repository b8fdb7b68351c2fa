"""Reports: plain data first (`to_dict()`), then renderers (text, JSON, GitHub, HTML, JUnit)."""

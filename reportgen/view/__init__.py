"""View: the validated report -> what the templates display (every computation lives here)."""

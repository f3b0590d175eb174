"""Build: the orchestrator that runs the stages, its cache and its build record."""

"""Audit: verify that a PDF or HTML edition was produced from given inputs."""

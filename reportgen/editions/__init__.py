"""Editions: what each audience sees, the commitment key, the canonical data."""

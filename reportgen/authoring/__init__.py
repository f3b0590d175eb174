"""Authoring: init, spreadsheets, import, live preview, the JSON Schema for editors."""

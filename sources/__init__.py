"""The bundled accounts, installed as the package data `compare.bundled` (see pyproject.toml)."""

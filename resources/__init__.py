"""Alias tables, the lexicon and style sheets, installed as the package data `compare.resources`."""

"""Extraction: a `Text` becomes the document's metadata and indicator records (`document.extract_text`):
numbers and their roles, prose statements, tables (`tables/`), the document's term and kind. Pure functions
of the text and the reference vocabularies.

Imports the ground, `reference` and `read`."""

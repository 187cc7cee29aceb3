"""Reports: what a researcher sees. Altair charts of a document (`charts`) and across localities
(`comparison_charts`), great_tables views (`views`), the provenance view, the index page and the offline HTML
export of executed notebooks.

Imports the ground, `reference`, `frames` and `checks`."""

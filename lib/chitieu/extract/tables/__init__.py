"""Tables inside a report's text, whatever their layout: appendix tables read from the right end of each line
(`appendix*`), one cell per line (`cell_per_line`), '|' rules and aligned columns (`aligned`); header cells
classified by `headers`, rows of a grid made records by `grid_records`, rows linked to the prose they restate
by `prose_link`.

Imports the ground, `reference`, `read` and the rest of `extract`."""

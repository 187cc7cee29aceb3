"""Tables inside a report's text, whatever their layout, read through one model (`model`: a grid of cells with
their row, column, header path and, from a scan, box): the layouts that feed it (`cell_per_line`, `aligned`
for '|' rules and aligned columns, `transposed` for years as rows), found in turn by `find`; header and table
words (`headers`, `lines`); the grid made ready (`prepare`) and read into records by the one reader
(`records`), its time read in `period`, OCR scale repairs in `repair`. OCR'd appendix lines are read from
their right end (`appendix*`), rows linked to the prose they restate by `prose_link`.

Imports the ground, `reference`, `read` and the rest of `extract`."""

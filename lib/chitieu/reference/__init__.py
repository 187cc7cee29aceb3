"""The reference vocabularies: what the files in data/reference/ say (cue words, concepts, places, units,
labels, report kinds, table header words, OCR confusions), each read once and compiled through the OCR key.

Imports only the ground (`paths`, `vocab`, `errors`). Every later stage reads its words from here, never spells
them itself."""

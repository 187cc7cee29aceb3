"""Reading: a report file (text, PDF with a text layer or scanned, Word, saved web page) becomes one `Text`
with its lines and pages. `text` holds `Text`/`Page`, which every format reader takes; `files.read_text`
picks the reader by the file's content.

Imports only the ground (`errors`, `vocab`)."""

from .files import read_text
from .text import Page, Text

__all__ = ["Page", "Text", "read_text"]

"""chitieu: targets (chỉ tiêu) of Vietnamese Party committee reports, as tidy frames with provenance."""

import sys as _sys

# jsonschema (loaded by Altair and GX) builds an RFC 3987 grammar with lark when it is imported and the optional
# package rfc3987-syntax is installed (JupyterLab's jupyter-events pulls it in): ~3 s of every notebook kernel's
# start, for the "iri" format check, which neither chitieu's suites nor Altair's specs use. Declining that
# optional import keeps jsonschema's other format checks; a process that imported it earlier keeps it.
_sys.modules.setdefault("rfc3987_syntax", None)

__version__ = "0.1.0"

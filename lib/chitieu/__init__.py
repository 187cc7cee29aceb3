"""chitieu: targets (chỉ tiêu) of Vietnamese Party committee reports, as tidy frames with provenance."""

__version__ = "0.1.0"

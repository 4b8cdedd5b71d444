"""roadmap: a tourism office's yearly promotion roadmap as code."""

__version__ = "0.1.0"

"""reportgen: turn a pile of paper records into a literature survey."""

__version__ = "0.1.0"

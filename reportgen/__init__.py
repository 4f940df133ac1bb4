"""reportgen: turn a pile of paper records into a literature survey."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reportgen")  # the one source is pyproject.toml's [project] version
except PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "0+unknown"

"""A registry of named entries that the modules of one package declare: the input readers, the output formats.

Each module of the package may set a tuple attribute (`READERS`, `OUTPUT_FORMATS`);
the registry imports the package's modules once, in name order, and collects
them, so adding a reader or a format is one new module (Pelican's readers,
ydata-profiling's flavours).  `register` adds an entry from outside the
package (a plugin, a test), replacing a built-in of the same name.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, package: str, attribute: str, name_of: Callable[[T], str]) -> None:
        self.package, self.attribute, self.name_of = package, attribute, name_of
        self._declared: tuple[T, ...] | None = None
        self._registered: dict[str, T] = {}

    def declared(self) -> tuple[T, ...]:
        """Every entry the package's modules declare, in module-name order (readers are sniffed in this order)."""
        if self._declared is None:
            package = importlib.import_module(self.package)
            found: list[T] = []
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
                module = importlib.import_module(f"{self.package}.{info.name}")
                found.extend(getattr(module, self.attribute, ()))
            self._declared = tuple(found)
        return self._declared

    def entries(self) -> dict[str, T]:
        """Name -> entry: the declared ones, then the registered ones (which may replace a declared one)."""
        out = {self.name_of(entry): entry for entry in self.declared()}
        out.update(self._registered)
        return out

    def rescan(self) -> None:
        """Read the package's modules again at the next lookup (a module was added while running: a test)."""
        self._declared = None

    def register(self, entry: T) -> T:
        self._registered[self.name_of(entry)] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._registered.pop(name, None)

"""Built-in templates, shipped in the wheel as the package reportgen.templates."""

"""Sphinx configuration for the dyn documentation."""
import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import dyn  # noqa: E402

project = "dyn"
author = "The dyn SDK developers"
copyright = "2026, " + author
release = dyn.__version__
version = ".".join(release.split(".")[:2])
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path: list = []
nitpicky = False

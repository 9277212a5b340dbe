"""Generating code from the template catalogue: typed parameters, then rendering."""

"""Deciding whether a prompt (and the code beside it) is about Python asyncio.

Kept import-free: the prompt hook imports ``triggers.scanner`` on every prompt, and
importing a submodule runs this file first.
"""

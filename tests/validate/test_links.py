"""The link reader: CommonMark's link and image destinations, with their lines, and nothing else."""

from __future__ import annotations

from async_patterns.validate.links import links

TEXT = """\
# Title

A paragraph with [one](a.md) and, on its second line,
[two](sub/b.md#part) and ![an image](img/c.png "title").

| column | link |
| --- | --- |
| x | [in a table](t.md?plain=1) |

`[a span](nope.md)` and ``[two ticks](nope.md)`` are code.

```md
[fenced](nope.md)
```

    [indented](nope.md)

[^1]: GitHub Blog. (2022). "A title." https://example.com/post
[^note]: Mermaid. (2024). "About." https://example.com/about

Used [by reference][ref], a footnote[^1], <a href="nope.md">raw HTML</a>, https://example.com,
[a URL](https://example.com/x), [an anchor](#title), [mail](mailto:a@example.com), [root](//host/x).

[ref]: <docs/with space.md>
[unused]: docs/unused.md
[dup]: a.md
"""


def test_only_real_relative_destinations_with_their_lines() -> None:
    """Inline, image, table and reference links at the line they appear on; code, footnotes, URLs and HTML never."""
    assert links(TEXT) == [
        (3, "a.md"),
        (4, "img/c.png"),
        (4, "sub/b.md"),
        (8, "t.md"),
        (21, "docs/with space.md"),
        (25, "docs/unused.md"),
    ]


def test_text_without_links() -> None:
    """Plain prose, empty text and a lone footnote give nothing."""
    assert links("") == []
    assert links("Just words.\n") == []
    assert links("Cited[^1].\n\n[^1]: Author. (2020). Title. https://example.com\n") == []

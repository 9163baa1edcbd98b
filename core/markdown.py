from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped, and markdown-it refuses javascript: links, so text that
# curators type can never inject markup or script.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> SafeString:
    html: str = _renderer.render(text)  # markdown-it types renderer output as Any
    return mark_safe(html)  # noqa: S308 (raw HTML is escaped, above)

"""Template filters of the printed documents (PDF layout only)."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: A paragraph that is a sub-heading: （三）政府信息管理情况 or 三、… , short, no full stop.
_SUBHEADING = re.compile(
    r"<p>((?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)[^<。；;]{1,40})</p>"
)


@register.filter
def pdf_subheadings(html: SafeString) -> SafeString:
    """Mark the narrative's sub-heading paragraphs (class ``gd-pdf-subheading``).

    The text is untouched (already cleaned and escaped); only a class is added so
    the print stylesheet can keep the heading with the paragraph after it.
    """
    return mark_safe(_SUBHEADING.sub(r'<p class="gd-pdf-subheading">\1</p>', str(html)))

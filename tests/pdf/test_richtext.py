"""The narrative's HTML is whitelisted before it is printed."""

from __future__ import annotations

import pytest

from wagtail_govdisclosure.pdf.richtext import clean_section_html


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        ("", ""),
        ("   ", ""),
        ("<p>正文</p>", "<p>正文</p>"),
        ('<p class="x" style="color:red" onclick="f()">正文</p>', "<p>正文</p>"),
        ("<p>一<script>alert(1)</script>二</p>", "<p>一二</p>"),
        ("<style>p{display:none}</style><p>正文</p>", "<p>正文</p>"),
        ('<iframe src="https://example.com/"></iframe><p>正文</p>', "<p>正文</p>"),
        ("<p>正文<!-- 注释 --></p>", "<p>正文</p>"),
        ("<h1>标题</h1><h2>标题</h2><h4>小标题</h4>", "<h3>标题</h3><h3>标题</h3><h4>小标题</h4>"),
        ("<div><span>一</span><font>二</font></div>", "一二"),
        ("<p>&lt;script&gt; &amp; “引号”</p>", "<p>&lt;script&gt; &amp; “引号”</p>"),
        ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
        (
            '<a href="https://www.jiaxiang.gov.cn/" target="_blank">网站</a>',
            '<a href="https://www.jiaxiang.gov.cn/">网站</a>',
        ),
        ('<img src="javascript:x" alt="图">', "图"),
        (
            '<img src="/media/a.png" alt="图" onerror="x()" width="300">',
            '<img alt="图" src="/media/a.png" width="300"/>',
        ),
        (
            '<table><tr><td colspan="2" rowspan="x" bgcolor="red">格</td></tr></table>',
            '<table><tr><td colspan="2">格</td></tr></table>',
        ),
        ("<ul><li>一</li></ul><ol><li>二</li></ol>", "<ul><li>一</li></ul><ol><li>二</li></ol>"),
        ('<form action="/x"><input name="a">表单</form><p>正文</p>', "<p>正文</p>"),
    ],
)
def test_clean_section_html(html, cleaned):
    assert clean_section_html(html) == cleaned


@pytest.mark.django_db
def test_wagtail_links_are_expanded():
    # A link to a page that does not exist loses its target, keeps its text.
    assert (
        clean_section_html('<p><a linktype="page" id="999999">页面</a></p>') == "<p><a>页面</a></p>"
    )

"""Page types and site settings of the example county portal."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class PortalHomePage(Page):
    """The county portal's home page (首页), root of the default site."""

    intro = RichTextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "门户首页"
        verbose_name_plural = "门户首页"


class PortalStandardPage(Page):
    """An ordinary content page of the portal (走进嘉祥, 联系我们 ...)."""

    body = RichTextField("正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]

    class Meta:
        verbose_name = "普通页面"
        verbose_name_plural = "普通页面"


@register_setting(icon="site")
class PortalSiteSettings(BaseSiteSetting):
    """Site identification shown in the footer, as every government portal must display."""

    organizer = models.CharField("主办单位", max_length=100, default="嘉祥县人民政府办公室")
    operator = models.CharField("承办单位", max_length=100, blank=True, default="嘉祥县大数据中心")
    site_code = models.CharField(
        "网站标识码",
        max_length=20,
        blank=True,
        default="3708290000",
        help_text="政府网站标识码，10 位数字。",
    )
    icp_number = models.CharField(
        "ICP备案号", max_length=50, blank=True, default="鲁ICP备00000000号"
    )
    psb_number = models.CharField(
        "公安机关备案号", max_length=50, blank=True, default="鲁公网安备37082902000000号"
    )
    address = models.CharField("地址", max_length=200, blank=True, default="山东省济宁市嘉祥县")
    phone = models.CharField("联系电话", max_length=50, blank=True)
    notice = models.CharField(
        "页脚提示",
        max_length=200,
        blank=True,
        default="本站为演示站点，所载备案号、标识码均为示例，非官方网站。",
        help_text="显示在页脚最下方的一句话，可留空。",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organizer"),
                FieldPanel("operator"),
                FieldPanel("address"),
                FieldPanel("phone"),
            ],
            heading="主办与联系",
        ),
        MultiFieldPanel(
            [FieldPanel("site_code"), FieldPanel("icp_number"), FieldPanel("psb_number")],
            heading="网站标识与备案",
        ),
        FieldPanel("notice"),
    ]

    class Meta:
        verbose_name = "门户网站设置"

"""The standard 主题分类 vocabulary a new portal starts with.

The 21 themes of the 国务院公文主题分类 (the classification of the 中国政府网 policy
library) with their common subjects. Portals keep the list as a snippet
(:class:`~wagtail_govdisclosure.models.NoticeCategory`) and may add, rename or reorder
entries; ``govdisclosure_load_topics`` only adds what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

OTHER = "其他"

#: (theme, subjects), in the vocabulary's order. Every theme ends with 其他.
STANDARD_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("综合政务", ("应急管理", "电子政务", "政务公开", "政务督查", "信访")),
    (
        "国民经济管理、国有资产监管",
        ("宏观经济", "经济体制改革", "区域经济", "统计", "物价", "国有资产监管"),
    ),
    ("财政、金融、审计", ("财政", "税务", "金融", "审计")),
    ("国土资源、能源", ("土地", "矿产", "海洋", "测绘", "能源")),
    ("农业、林业、水利", ("农业、畜牧业、渔业", "林业", "水利")),
    ("工业、交通", ("工业", "信息产业", "邮政", "交通")),
    ("商贸、海关、旅游", ("国内贸易", "对外经贸合作", "海关", "旅游")),
    ("市场监管、安全生产监管", ("市场监管", "安全生产监管", "食品药品监管")),
    ("城乡建设、环境保护", ("城乡建设", "环境监测、保护与治理", "节能与资源综合利用")),
    ("科技、教育", ("科技", "教育", "知识产权")),
    ("文化、广电、新闻出版", ("文化", "广播影视", "新闻出版", "文物")),
    ("卫生、体育", ("卫生", "体育")),
    ("人口与计划生育、妇女儿童工作", ("人口与计划生育", "妇女儿童")),
    ("劳动、人事、监察", ("劳动就业", "社会保障", "人事工作", "监察")),
    ("公安、安全、司法", ("公安", "安全", "司法")),
    ("民政、扶贫、救灾", ("社团管理", "减灾救灾", "扶贫", "优抚安置", "社会福利")),
    ("民族、宗教", ("民族事务", "宗教事务")),
    ("对外事务", ("外交、外事",)),
    ("港澳台侨工作", ("港澳工作", "台湾工作", "华侨工作")),
    ("国防", ("国防动员",)),
    (OTHER, ()),
)


@dataclass(frozen=True)
class Topic:
    theme: str
    name: str
    #: The address form (``?category=zt0103``): theme and subject numbers.
    slug: str
    sort_order: int


def standard_topics() -> list[Topic]:
    """Every (theme, subject) of :data:`STANDARD_TOPICS`, 其他 last in each theme."""
    topics = []
    for theme_number, (theme, subjects) in enumerate(STANDARD_TOPICS, start=1):
        for subject_number, name in enumerate((*subjects, OTHER), start=1):
            topics.append(
                Topic(
                    theme=theme,
                    name=name,
                    slug=f"zt{theme_number:02d}{subject_number:02d}",
                    sort_order=theme_number * 100 + subject_number,
                )
            )
    return topics

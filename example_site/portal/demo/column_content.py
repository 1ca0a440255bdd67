"""The disclosure columns' own content: guide, rules, 依申请公开 page and notices.

Runs after ``columns.py`` (which creates the columns). For 嘉祥县科学技术局 and
嘉祥县教育和体育局: the receiving office on the column (only fields still blank are
filled), the 政府信息公开指南 with its application form, the 政府信息公开制度 page, the
法定主动公开内容 listing with a dozen realistic notices over 2022–2024, and the 依申请公开
page. Notices and their 索引号 are created once; a second run changes nothing.

The content is written for the demo: names, numbers and addresses are illustrative.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from example_site.portal.demo import DemoContext
from example_site.portal.demo.columns import COUNTY, DEPARTMENTS
from wagtail_govdisclosure.models import (
    DisclosureApplicationPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosurePolicyPage,
    NoticeAttachment,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
)

#: The 主题分类 vocabulary (after the State Council's 公文主题词 themes): slug, theme, subject.
CATEGORIES = (
    ("zwgk", "综合政务", "政务公开"),
    ("jgzn", "综合政务", "机构职能"),
    ("ghjh", "综合政务", "规划计划"),
    ("kj", "科技、教育", "科技"),
    ("jy", "科技、教育", "教育"),
    ("cz", "财政、金融、审计", "财政"),
    ("ty", "卫生、体育", "体育"),
)


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    category: str
    release: datetime.date
    written: datetime.date | None = None
    number: str = ""
    summary: str = ""
    keywords: str = ""
    validity: str = "valid"
    body: str = ""
    attachments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ColumnContent:
    uscc: str
    contact: dict[str, str]
    guide_title: str
    guide: dict[str, str]
    policy_body: str
    notices: tuple[Notice, ...] = field(default_factory=tuple)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _guide_text(agency: str, office: str, website: str) -> dict[str, str]:
    """The parts of a county department's guide (common wording of 山东 county guides)."""
    return {
        "classification": _p(
            f"{agency}主动公开的政府信息按照机构职能、法规文件、规划计划、财政预决算、"
            "行政权力运行、通知公告、政府信息公开年报等类别编排；每条信息标注索引号、"
            "主题分类、发布机构、成文日期、发布日期、文号和有效性。",
            "政府信息公开目录在嘉祥县人民政府门户网站本机关政府信息公开专栏中发布，并随信息的更新及时调整。",
        ),
        "proactive_scope": _p(
            "本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定，主动公开"
            "机构职能、行政规范性文件、发展规划、财政预算决算、行政许可和其他对外管理服务事项的"
            "依据条件程序、办理结果，以及涉及公众利益调整、需要公众广泛知晓或者需要公众参与"
            "决策的其他政府信息。"
        ),
        "proactive_channels": _p(
            "主动公开的政府信息通过嘉祥县人民政府门户网站政府信息公开专栏发布，必要时同时"
            "通过新闻发布会、《嘉祥县人民政府公报》、政务新媒体及报刊、广播、电视等途径公开。"
        ),
        "proactive_places": _p(
            "嘉祥县档案馆（嘉祥县建设北路档案大厦一楼查阅室）、嘉祥县图书馆（嘉祥县文化中心"
            "二楼）和嘉祥县政务服务中心设有政府信息查阅点，工作日免费向公众提供查阅服务。"
        ),
        "proactive_time_limit": _p(
            "属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。"
            "法律、法规对公开期限另有规定的，从其规定。"
        ),
        "application_channels_note": _p(
            "当面提交：请到受理机构办公地点填写申请表，并出示有效身份证件。",
            "信函申请：请在信封左下角注明“政府信息公开申请”字样，邮寄至受理机构通信地址。",
            f"网上申请：请登录 {website} 填写电子申请表。",
        ),
        "application_content": _p(
            "申请人应当填写《政府信息公开申请表》，申请内容包括：（一）申请人的姓名或者名称、"
            "身份证明、联系方式；（二）申请公开的政府信息的名称、文号或者便于行政机关查询的"
            "其他特征性描述；（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
            "申请内容不明确的，本机关将给予指导和释明，并自收到申请之日起7个工作日内一次性告知"
            "申请人作出补正，说明需要补正的事项和合理的补正期限。",
        ),
        "handling_flow": _p(
            "登记：受理机构收到申请后进行登记。当面提交的，以提交之日为收到申请之日；"
            "以邮寄方式提交的，以签收之日为收到申请之日；通过网上申请的，以双方确认之日为收到申请之日。",
            "补正：申请内容不明确的，一次性告知申请人补正；答复期限自收到补正的申请之日起计算。",
            f"答复：{office}依照《中华人民共和国政府信息公开条例》第三十六条的规定，"
            "根据不同情况分别作出答复，并以书面形式告知申请人。",
        ),
        "fees": _p(
            "本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过"
            "合理范围的，依照《政府信息公开信息处理费管理办法》收取信息处理费。"
        ),
        "supervision": _p(
            "嘉祥县人民政府办公室（县政务公开办）负责对本机关政府信息公开工作进行监督检查。"
            "公民、法人或者其他组织认为本机关未依法履行政府信息公开义务的，可以向其投诉、举报，"
            "联系电话：0537-6812345。"
        ),
        "review_body": "嘉祥县人民政府",
        "litigation_court": "嘉祥县人民法院",
        "remedies": _p(
            "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以自知道"
            "该行政行为之日起60日内向嘉祥县人民政府申请行政复议，或者自知道或者应当知道作出"
            "行政行为之日起6个月内向嘉祥县人民法院提起行政诉讼。"
        ),
    }


KEJIJU_NOTICES = (
    Notice(
        "2024-kjjh-shenbao",
        "关于组织申报2024年度济宁市科技计划项目的通知",
        "kj",
        datetime.date(2024, 3, 12),
        datetime.date(2024, 3, 11),
        "嘉科字〔2024〕6号",
        "组织全县企业、高校院所申报2024年度济宁市重点研发计划和科技创新平台项目。",
        "科技计划 项目申报",
        body=_p(
            "各镇街科技分管部门，县直有关单位，各有关企业：",
            "根据济宁市科学技术局《关于组织申报2024年度济宁市科技计划项目的通知》要求，现将我县"
            "申报工作有关事项通知如下。申报单位应为在嘉祥县注册、具有独立法人资格的企业、高校、"
            "科研院所；项目须符合全县重点产业链科技创新方向。",
            "请于2024年4月10日前将申报材料纸质版一式三份报送县科学技术局科技发展股。",
        ),
        attachments=(("2024年度济宁市科技计划项目申报汇总表", "xlsx"),),
    ),
    Notice(
        "2024-kjxzxqy-gongshi",
        "关于2024年第一批嘉祥县科技型中小企业入库名单的公示",
        "kj",
        datetime.date(2024, 5, 20),
        datetime.date(2024, 5, 20),
        "",
        "公示2024年第一批通过评价入库的科技型中小企业名单，公示期5个工作日。",
        "科技型中小企业 公示",
        body=_p(
            "根据科技部、财政部、税务总局《科技型中小企业评价办法》，经企业自主评价、县级审核，"
            "山东嘉祥石雕艺术品有限公司等18家企业拟入库，现予以公示。",
            "公示期间如有异议，请以书面形式向县科学技术局反映。联系电话：0537-6851234。",
        ),
    ),
    Notice(
        "2024-yusuan",
        "嘉祥县科学技术局2024年部门预算公开",
        "cz",
        datetime.date(2024, 2, 6),
        datetime.date(2024, 2, 5),
        "",
        "公开本局2024年收支预算总表、一般公共预算支出表和“三公”经费预算情况。",
        "部门预算 三公经费",
        body=_p(
            "根据《中华人民共和国预算法》和县财政局统一部署，现将嘉祥县科学技术局2024年部门预算公开如下。",
            "2024年收支预算总计486.32万元，其中一般公共预算拨款486.32万元；“三公”经费预算"
            "2.10万元，比上年减少0.30万元。",
        ),
    ),
    Notice(
        "2024-kepu-huodongzhou",
        "关于开展2024年全国科技活动周暨嘉祥县科普宣传活动的通知",
        "kj",
        datetime.date(2024, 5, 8),
        datetime.date(2024, 5, 7),
        "嘉科字〔2024〕11号",
        "在全县开展以“科技创新 引领发展”为主题的科技活动周科普宣传活动。",
        "科技活动周 科普",
        body=_p(
            "为深入实施创新驱动发展战略，定于2024年5月25日至31日在全县开展科技活动周活动，"
            "主题为“科技创新 引领发展”。各镇街要结合实际组织科普进社区、进校园、进农村活动。",
        ),
    ),
    Notice(
        "2023-chuangxinquan-banfa",
        "关于印发《嘉祥县科技创新券管理办法（试行）》的通知",
        "kj",
        datetime.date(2023, 4, 18),
        datetime.date(2023, 4, 14),
        "嘉科发〔2023〕3号",
        "规定科技创新券的申领条件、使用范围、兑付程序和监督管理，有效期两年。",
        "科技创新券 规范性文件",
        validity="expired",
        body=_p(
            "为降低中小企业科技创新成本，鼓励企业购买科技服务，现将《嘉祥县科技创新券管理办法（试行）》"
            "印发给你们，请认真贯彻执行。",
            "本办法自2023年5月1日起施行，有效期至2025年4月30日。",
        ),
        attachments=(("嘉祥县科技创新券管理办法（试行）", "docx"),),
    ),
    Notice(
        "2023-chuangxin-pingtai",
        "关于推荐2023年度县级科技创新平台的通知",
        "kj",
        datetime.date(2023, 6, 2),
        datetime.date(2023, 6, 1),
        "嘉科字〔2023〕15号",
        "组织推荐县级工程技术研究中心、重点实验室等科技创新平台。",
        "科技创新平台 工程技术研究中心",
        body=_p(
            "为加快构建以企业为主体的技术创新体系，推动科技创新平台建设，现组织开展2023年度"
            "县级工程技术研究中心和重点实验室推荐认定工作。",
        ),
    ),
    Notice(
        "2023-juesuan",
        "嘉祥县科学技术局2022年度部门决算公开",
        "cz",
        datetime.date(2023, 8, 25),
        datetime.date(2023, 8, 24),
        "",
        "公开本局2022年度收入支出决算总表和“三公”经费支出情况。",
        "部门决算",
        body=_p(
            "现将嘉祥县科学技术局2022年度部门决算公开如下：2022年度收入合计452.87万元，支出合计452.87万元。"
        ),
    ),
    Notice(
        "2023-gaoqi-peiyuku",
        "关于2023年高新技术企业培育库入库企业名单的公示",
        "kj",
        datetime.date(2023, 10, 16),
        datetime.date(2023, 10, 16),
        "",
        "公示2023年入选高新技术企业培育库的企业名单。",
        "高新技术企业 培育库",
        body=_p(
            "经企业申报、专家评审，拟将山东嘉祥机械制造有限公司等9家企业纳入2023年高新技术企业培育库，现予公示。"
        ),
    ),
    Notice(
        "2023-fazhi-baogao",
        "嘉祥县科学技术局2022年度法治政府建设情况报告",
        "zwgk",
        datetime.date(2023, 1, 30),
        datetime.date(2023, 1, 28),
        "",
        "报告2022年度本局推进法治政府建设的主要举措、成效和存在的不足。",
        "法治政府建设",
        body=_p(
            "2022年，县科学技术局深入学习贯彻习近平法治思想，依法履行科技管理职能，推进科技领域“放管服”改革。"
        ),
    ),
    Notice(
        "2023-jigou-zhineng",
        "嘉祥县科学技术局机构职能",
        "jgzn",
        datetime.date(2023, 3, 1),
        None,
        "",
        "本局的主要职责、内设机构和联系方式。",
        "机构职能",
        body=_p(
            "嘉祥县科学技术局是县政府工作部门，主要职责：贯彻落实国家、省、市科技创新方针政策；"
            "拟订全县科技发展规划和年度计划并组织实施；统筹推进科技创新平台建设；负责科技型企业培育工作；"
            "负责科学技术普及工作。",
            "内设机构：办公室、科技发展股、科技服务股。",
        ),
    ),
    Notice(
        "2022-tepaiyuan",
        "关于做好2022年度科技特派员选派工作的通知",
        "kj",
        datetime.date(2022, 4, 7),
        datetime.date(2022, 4, 6),
        "嘉科字〔2022〕9号",
        "组织选派科技特派员服务农业农村和中小企业。",
        "科技特派员",
        body=_p("为推动科技人才服务基层，现就2022年度科技特派员选派工作通知如下。"),
    ),
    Notice(
        "2022-shisiwu-guihua",
        "嘉祥县“十四五”科技创新发展规划",
        "ghjh",
        datetime.date(2022, 2, 18),
        datetime.date(2022, 2, 15),
        "嘉科发〔2022〕2号",
        "提出“十四五”时期全县科技创新发展的总体要求、主要目标、重点任务和保障措施。",
        "十四五 科技创新 规划",
        body=_p(
            "本规划依据《嘉祥县国民经济和社会发展第十四个五年规划和2035年远景目标纲要》编制，"
            "规划期为2021—2025年。",
            "到2025年，全县研发经费投入强度达到2.5%以上，高新技术企业数量达到80家。",
        ),
    ),
    Notice(
        "2022-feizhi-wenjian",
        "关于废止《嘉祥县科技进步奖励办法》的决定",
        "zwgk",
        datetime.date(2022, 11, 21),
        datetime.date(2022, 11, 18),
        "嘉科发〔2022〕12号",
        "经清理，决定废止2015年印发的《嘉祥县科技进步奖励办法》。",
        "规范性文件清理 废止",
        validity="repealed",
        body=_p(
            "根据规范性文件清理工作安排，经研究，决定废止《嘉祥县科技进步奖励办法》（嘉科发〔2015〕4号）。"
        ),
    ),
)

JIAOTIJU_NOTICES = (
    Notice(
        "2024-zhaosheng",
        "2024年嘉祥县城区义务教育学校招生工作方案",
        "jy",
        datetime.date(2024, 6, 18),
        datetime.date(2024, 6, 17),
        "嘉教体发〔2024〕21号",
        "规定2024年城区小学、初中招生的范围、对象、程序和时间安排。",
        "义务教育 招生",
        body=_p(
            "坚持免试就近入学原则，城区公办小学、初中按照划定学区招生，实行网上报名、集中审核。"
        ),
    ),
    Notice(
        "2024-shuqi-anquan",
        "关于做好2024年中小学暑期安全工作的通知",
        "jy",
        datetime.date(2024, 7, 5),
        datetime.date(2024, 7, 4),
        "嘉教体字〔2024〕33号",
        "部署暑期防溺水、交通、消防等安全教育和家校共育工作。",
        "暑期安全 防溺水",
        body=_p(
            "各中小学校要在放假前开展一次全覆盖的防溺水安全教育，并向每位家长发放《致家长的一封信》。"
        ),
    ),
    Notice(
        "2024-yusuan",
        "嘉祥县教育和体育局2024年部门预算公开",
        "cz",
        datetime.date(2024, 2, 6),
        datetime.date(2024, 2, 5),
        "",
        "公开本局2024年部门预算。",
        "部门预算",
        body=_p("2024年收支预算总计58 236.14万元。"),
    ),
    Notice(
        "2024-youxiu-jiaoshi",
        "关于公布2023年度嘉祥县优秀教师名单的通报",
        "jy",
        datetime.date(2024, 1, 15),
        datetime.date(2024, 1, 12),
        "嘉教体字〔2024〕2号",
        "表彰2023年度全县优秀教师和优秀班主任。",
        "优秀教师 表彰",
        body=_p("经学校推荐、县级评审和公示，决定授予张华等120名同志“嘉祥县优秀教师”称号。"),
    ),
    Notice(
        "2023-quanmin-jianshen",
        "2023年嘉祥县全民健身运动会竞赛规程",
        "ty",
        datetime.date(2023, 8, 1),
        datetime.date(2023, 7, 28),
        "",
        "规定运动会竞赛项目、参赛办法和奖励办法。",
        "全民健身 运动会",
        body=_p("运动会设篮球、乒乓球、羽毛球、象棋、广场舞等10个项目。"),
    ),
    Notice(
        "2023-xiaowai-peixun",
        "关于规范校外培训机构管理的通知",
        "jy",
        datetime.date(2023, 3, 20),
        datetime.date(2023, 3, 17),
        "嘉教体发〔2023〕8号",
        "规范校外培训机构审批登记、收费和日常监管。",
        "校外培训",
        body=_p("严禁校外培训机构在法定节假日、休息日和寒暑假期组织学科类培训。"),
    ),
    Notice(
        "2023-juesuan",
        "嘉祥县教育和体育局2022年度部门决算公开",
        "cz",
        datetime.date(2023, 8, 25),
        datetime.date(2023, 8, 24),
        "",
        "公开本局2022年度部门决算。",
        "部门决算",
        body=_p("2022年度收入合计55 913.40万元，支出合计55 913.40万元。"),
    ),
    Notice(
        "2023-jiaozi-rending",
        "关于2023年教师资格认定工作的公告",
        "jy",
        datetime.date(2023, 4, 10),
        datetime.date(2023, 4, 10),
        "",
        "公布2023年春季教师资格认定的条件、时间和程序。",
        "教师资格认定",
        body=_p("申请人须在中国教师资格网完成网上申报，并按要求参加体检。"),
    ),
    Notice(
        "2022-xueqian-jihua",
        "嘉祥县学前教育发展提升行动计划（2022—2025年）",
        "ghjh",
        datetime.date(2022, 5, 16),
        datetime.date(2022, 5, 12),
        "嘉教体发〔2022〕10号",
        "提出2022—2025年全县学前教育普及普惠发展目标和主要措施。",
        "学前教育 行动计划",
        body=_p("到2025年，全县学前三年毛入园率达到95%以上，普惠性幼儿园覆盖率达到90%以上。"),
    ),
    Notice(
        "2022-shuxiang",
        "关于开展2022年“书香嘉祥”校园阅读活动的通知",
        "jy",
        datetime.date(2022, 4, 20),
        datetime.date(2022, 4, 19),
        "嘉教体字〔2022〕15号",
        "组织全县中小学开展校园阅读活动。",
        "校园阅读",
        body=_p("活动时间为2022年4月23日至12月31日。"),
    ),
    Notice(
        "2022-gaozhong-fenshuxian",
        "关于2022年普通高中招生录取分数线的公告",
        "jy",
        datetime.date(2022, 7, 12),
        datetime.date(2022, 7, 12),
        "",
        "公布2022年全县普通高中录取控制分数线。",
        "中考 录取分数线",
        body=_p("2022年全县普通高中统招录取控制分数线为520分。"),
    ),
    Notice(
        "2022-jigou-zhineng",
        "嘉祥县教育和体育局机构职能",
        "jgzn",
        datetime.date(2022, 1, 10),
        None,
        "",
        "本局的主要职责和内设机构。",
        "机构职能",
        body=_p("嘉祥县教育和体育局是县政府工作部门，负责全县教育和体育事业的统筹规划和管理。"),
    ),
)

COUNTY_NOTICES = (
    Notice(
        "2023-zhengwu-gongkai-yaodian",
        "嘉祥县2023年政务公开工作要点",
        "zwgk",
        datetime.date(2023, 4, 10),
        datetime.date(2023, 4, 6),
        "嘉政办字〔2023〕9号",
        "部署全县2023年政务公开重点工作。",
        "政务公开 工作要点",
        body=_p(
            "各镇人民政府（街道办事处），县政府各部门：",
            "为做好2023年全县政务公开工作，现将工作要点印发给你们，请认真贯彻落实。",
        ),
    ),
    Notice(
        "2022-zhengfu-gongzuo-baogao",
        "2022年嘉祥县人民政府工作报告",
        "ghjh",
        datetime.date(2022, 2, 15),
        datetime.date(2022, 1, 20),
        "",
        "县十八届人大一次会议通过的政府工作报告。",
        "政府工作报告",
        body=_p("过去五年，全县经济社会发展取得显著成就。"),
    ),
    Notice(
        "2022-jigou-zhineng",
        "嘉祥县人民政府机构职能",
        "jgzn",
        datetime.date(2022, 1, 10),
        None,
        "",
        "县人民政府的主要职责和工作部门。",
        "机构职能",
        body=_p("嘉祥县人民政府是县级国家行政机关，对县人民代表大会和济宁市人民政府负责。"),
    ),
)

CONTENT = {
    COUNTY.uscc: ColumnContent(
        uscc=COUNTY.uscc,
        contact={
            "contact_office": "嘉祥县人民政府办公室政务公开科",
            "contact_address": "山东省济宁市嘉祥县呈祥大道1号县政府大楼三楼",
            "contact_postcode": "272400",
            "contact_hours": "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
            "contact_phone": "0537-6851001",
            "contact_fax": "0537-6851002",
            "contact_email": "jxzwgk@example.gov.cn",
            "contact_website": "http://www.jiaxiang.gov.cn/ysqgk/",
        },
        guide_title="嘉祥县人民政府政府信息公开指南",
        guide=_guide_text(
            "嘉祥县人民政府", "嘉祥县人民政府办公室", "http://www.jiaxiang.gov.cn/ysqgk/"
        ),
        policy_body=_p(
            "嘉祥县人民政府政府信息公开工作制度汇编：保密审查、发布协调、依申请公开、"
            "考核评议和责任追究制度。"
        ),
        notices=COUNTY_NOTICES,
    ),
    DEPARTMENTS[0].uscc: ColumnContent(
        uscc=DEPARTMENTS[0].uscc,
        contact={
            "contact_office": "嘉祥县科学技术局办公室",
            "contact_address": "山东省济宁市嘉祥县呈祥大道568号县政务服务中心东楼五楼",
            "contact_postcode": "272400",
            "contact_hours": "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
            "contact_phone": "0537-6851234",
            "contact_fax": "0537-6851235",
            "contact_email": "jxkjj@example.gov.cn",
            "contact_website": "http://www.jiaxiang.gov.cn/ysqgk/",
        },
        guide_title="嘉祥县科学技术局政府信息公开指南",
        guide=_guide_text(
            "嘉祥县科学技术局", "嘉祥县科学技术局", "http://www.jiaxiang.gov.cn/ysqgk/"
        ),
        policy_body=_p(
            "为规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》，本局建立以下制度：",
            "一、政府信息公开保密审查制度。拟公开的政府信息由起草科室提出公开属性，经分管负责人审核后公开；"
            "不能确定是否可以公开的，依照法律、法规和国家有关规定报有关主管部门或者保密行政管理部门确定。",
            "二、政府信息发布协调制度。发布的政府信息涉及其他机关的，与有关机关进行沟通、确认，保证发布的信息准确一致。",
            "三、依申请公开工作制度。办公室统一受理政府信息公开申请，建立申请登记、审核、答复、归档全流程台账。",
            "四、政府信息公开工作考核和责任追究制度。",
        ),
        notices=KEJIJU_NOTICES,
    ),
    DEPARTMENTS[1].uscc: ColumnContent(
        uscc=DEPARTMENTS[1].uscc,
        contact={
            "contact_office": "嘉祥县教育和体育局办公室",
            "contact_address": "山东省济宁市嘉祥县萌山路16号",
            "contact_postcode": "272400",
            "contact_hours": "工作日上午8:30—12:00，下午14:00—17:30（法定节假日除外）",
            "contact_phone": "0537-6862101",
            "contact_fax": "0537-6862100",
            "contact_email": "jxjtj@example.gov.cn",
        },
        guide_title="嘉祥县教育和体育局政府信息公开指南",
        guide=_guide_text(
            "嘉祥县教育和体育局", "嘉祥县教育和体育局", "http://www.jiaxiang.gov.cn/ysqgk/"
        ),
        policy_body=_p(
            "一、政府信息公开保密审查制度。",
            "二、政府信息主动公开工作制度：学校招生、教育收费、教师招聘等信息及时主动公开。",
            "三、依申请公开工作制度。",
        ),
        notices=JIAOTIJU_NOTICES,
    ),
}


# --- Documents ------------------------------------------------------------------------


def _docx(title: str, lines: list[str]) -> bytes:
    from docx import Document as DocxDocument

    document = DocxDocument()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总表"
    sheet.append([title])
    sheet.append(["序号", "申报单位", "项目名称", "项目类别", "联系人", "联系电话"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _document(title: str, extension: str, filename: str, lines: list[str] | None = None):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is not None:
        return document
    if Collection.get_first_root_node() is None:
        # Wagtail's migrations create it; a flushed database (test runs) has none.
        Collection.add_root(name="Root")
    if extension == "xlsx":
        content = _xlsx(title)
    else:
        content = _docx(title, lines or ["（演示文件）", title])
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


APPLICATION_FORM_LINES = [
    "申请人信息：公民（姓名、证件名称、证件号码、联系电话、通信地址、邮政编码、电子邮箱）；"
    "法人或者其他组织（名称、统一社会信用代码、法定代表人、联系人、联系电话、通信地址）",
    "所需信息情况：所需信息的名称、文号或者便于查询的其他特征性描述",
    "获取信息的方式：纸质 / 电子邮件 / 光盘；邮寄 / 电子邮件 / 当面领取 / 网上获取",
    "申请人签名或者盖章：            申请时间：    年  月  日",
]


# --- Loading ------------------------------------------------------------------------------


def _publish(page: Page, when: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9, 30)))
    revision = page.save_revision()
    revision.publish()
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment
    )


def _section(column: DisclosureIndexPage, model, slug: str, context: DemoContext, **fields) -> Page:
    page = model.objects.child_of(column).first()
    if page is not None:
        context.report("exists", f"{column.agency_name}「{page.title}」")
        return page
    page = column.add_child(instance=model(slug=slug, **fields))
    _publish(page, datetime.date(2023, 1, 5))
    context.report("created", f"{column.agency_name}「{page.title}」")
    return page


def _categories(context: DemoContext) -> dict[str, NoticeCategory]:
    found = {}
    for order, (slug, theme, name) in enumerate(CATEGORIES, start=1):
        category, created = NoticeCategory.objects.get_or_create(
            slug=slug, defaults={"theme": theme, "name": name, "sort_order": order}
        )
        found[slug] = category
        if created:
            context.report("created", f"主题分类 {category}")
    return found


def _fill_contact(
    column: DisclosureIndexPage, contact: dict[str, str], context: DemoContext
) -> None:
    blank = {name: value for name, value in contact.items() if not getattr(column, name)}
    if not blank:
        return
    for name, value in blank.items():
        setattr(column, name, value)
    column.save_revision().publish()
    context.report("updated", f"{column.agency_name} 受理机构信息")


def _notices(
    index: NoticeIndexPage, content: ColumnContent, categories, context: DemoContext
) -> None:
    created = 0
    # Oldest first, so that each year's serials follow the order of the notices.
    for notice in sorted(content.notices, key=lambda n: n.release):
        if NoticePage.objects.child_of(index).filter(slug=notice.slug).exists():
            continue
        page = NoticePage(
            title=notice.title,
            slug=notice.slug,
            category=categories[notice.category],
            release_date=notice.release,
            written_date=notice.written,
            document_number=notice.number,
            summary=notice.summary,
            keywords=notice.keywords,
            validity=notice.validity,
            body=notice.body,
        )
        for title, extension in notice.attachments:
            page.attachments.add(
                NoticeAttachment(
                    document=_document(title, extension, f"{notice.slug}.{extension}"),
                    title=title,
                )
            )
        index.add_child(instance=page)
        _publish(page, notice.release)
        created += 1
    if created:
        context.report("created", f"{index.get_parent().title}：{created} 条主动公开信息")
    else:
        context.report("exists", f"{index.get_parent().title}：主动公开信息")


def load(context: DemoContext) -> None:
    """Each column's guide, rules, notices and application page (county and departments)."""
    categories = _categories(context)
    form = _document(
        "政府信息公开申请表",
        "docx",
        "zhengfu-xinxi-gongkai-shenqingbiao.docx",
        APPLICATION_FORM_LINES,
    )
    for uscc, content in CONTENT.items():
        column = DisclosureIndexPage.objects.filter(uscc=uscc).first()
        if column is None:
            context.report("skipped", f"{uscc}：没有公开专栏（先运行 columns.py）")
            continue
        _fill_contact(column, content.contact, context)
        column.refresh_from_db()
        guide = DisclosureGuidePage.objects.child_of(column).first()
        if guide is None:
            _section(
                column,
                DisclosureGuidePage,
                "zhinan",
                context,
                title=content.guide_title,
                accepts_in_person=True,
                accepts_by_post=True,
                accepts_online=True,
                application_form=form,
                **content.guide,
            )
        else:
            context.report("exists", f"{column.agency_name}「{guide.title}」")
        _section(
            column,
            DisclosurePolicyPage,
            "zhidu",
            context,
            title="政府信息公开制度",
            body=content.policy_body,
        )
        index = _section(
            column,
            NoticeIndexPage,
            "fdzdgknr",
            context,
            title="法定主动公开内容",
            intro=_p("本栏目发布本机关依法主动公开的政府信息。"),
        )
        _notices(index, content, categories, context)
        _section(
            column,
            DisclosureApplicationPage,
            "ysqgk",
            context,
            title="依申请公开",
            intro=_p(
                "公民、法人或者其他组织可以向本机关申请获取相关政府信息。"
                "申请前请阅读本机关政府信息公开指南。"
            ),
        )
    county = DisclosureIndexPage.objects.filter(uscc=COUNTY.uscc).first()
    if county is not None:
        _section(
            county,
            DisclosurePolicyPage,
            "zhidu",
            context,
            title="政府信息公开制度",
            body=_p(
                "嘉祥县人民政府政府信息公开工作制度汇编：保密审查、发布协调、依申请公开、"
                "考核评议和责任追究制度。"
            ),
        )

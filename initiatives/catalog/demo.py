"""Demo initiative families and the initiatives with their indicators and milestones, from
the facts of the five seed articles.

Plan targets are the seeds'. The seeds date from 2019 to 2021; the demo replays their
plans as a one-year plan around the day it is loaded (``plan_start``), so that on any day
every initiative has recent periods to report on. Where a seed gives no number an
indicator needs (a target, a baseline), the demo's own figure is used and the
initiative's description says so. Milestone actual dates are left empty: the seeds give
none for the replayed plan. Idempotent: every row is looked up before it is created."""

import datetime as dt
from decimal import Decimal

from portal.text import unique_slug

from ..places.models import SECRETARY_POSTS, Appointment
from .models import (
    Direction,
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    InitiativeStatus,
    Measure,
    Milestone,
)

FAMILIES = [
    ("党建+", "以党建引领基层治理的各类载体。", [
        "党建+项目", "党建+服务", "党建+队伍", "党建+网格", "党建+惠民", "党建+创新",
    ]),
    ("网格化+N", "以网格为单元，叠加多项治理机制。", [
        "网格化+路长治", "网格化+党支部", "网格化+双报到", "网格化+志愿服务",
        "网格化+红色物业", "网格化+微党校",
    ]),
    ("红色物业", "社区党组织领导下居委会、业委会、物业公司“四位一体”。", []),
    ("城市更新", "老城区的改造与提升。", ["棚户区改造", "老旧小区改造"]),
    ("创建文明城市", "创建全国文明城市的测评与整改。", []),
    ("环境与城市管理", "绿化美化、裸露土地治理、停车与市容秩序。", []),
    ("经济发展", "招商引资、业态提升与产业转型。", []),
    ("队伍建设", "干部选拔、考核台账与学习制度。", []),
]  # fmt: skip

DEMO_FIGURE = "（指标的基线或目标值原文未给出，为演示数值。）"


def ind(name, unit, target, *, baseline=0, direction=Direction.UP, measure=Measure.AMOUNT):
    return {
        "name": name,
        "unit": unit,
        "target": Decimal(str(target)),
        "baseline": Decimal(str(baseline)),
        "direction": direction,
        "measure": measure,
    }


# unit, title, family, frequency, start, end, description, indicators, milestones. Dates are
# months into the demo's plan (``plan_start``): an initiative starts on the first day of
# month ``start`` of the plan and ends on the last day of month ``end`` (None: open-ended);
# a milestone is planned for the last day of its month.
INITIATIVES = [
    ("土坝孜街道", "基层环境提升建设工程", "老旧小区改造", Frequency.MONTH, 0, 12,
     "街道年度基层环境提升项目，总投资840万元，已立项入库：修路、硬化绿化、游园、健身器材、"
     "太阳能路灯和停车位。裸露土地以“清零”为目标。" + DEMO_FIGURE,
     [ind("修建道路", "米", 5700), ind("硬化绿化地面", "平方米", 68000),
      ind("修复绿化带景观", "公里", 1), ind("修建社区游园", "平方米", 4000),
      ind("购置健身器材", "件", 200), ind("太阳能路灯亮化", "米", 2000),
      ind("增划机动车停车位", "个", 100), ind("完成投资", "万元", 840),
      ind("裸露土地", "平方米", 0, baseline=6000, direction=Direction.DOWN,
          measure=Measure.LEVEL)],
     []),
    ("土坝孜街道", "创建全国文明城市月度测评", "创建文明城市", Frequency.MONTH, 0, 12,
     "参加全市创建全国文明城市月度测评，力争稳定在前五名；依托“周整改”机制边查边改。"
     "（2020年8次测评中5次进入前十、3次进入前五。）",
     [ind("月度测评排名", "名", 5, baseline=10, direction=Direction.DOWN,
          measure=Measure.LEVEL)],
     []),
    ("即墨路街道", "网格化+路长治", "网格化+路长治", Frequency.WEEK, 6, None,
     "全辖区63条道路包干到63名党员路长，每条道路设公示牌；路长每周巡查所辖道路，"
     "记录问题并移交责任科室限期处理。" + DEMO_FIGURE,
     [ind("巡查道路", "条", 63, measure=Measure.LEVEL), ind("发现问题", "件", 300),
      ind("移交责任科室处理", "件", 300)],
     []),
    ("即墨路街道", "网格党支部建设", "网格化+党支部", Frequency.QUARTER, 0, 12,
     "在64个网格党支部各配备1名党建指导员，建立网格帮办站，为党员中心户挂牌。",
     [ind("配备党建指导员的网格党支部", "个", 64, measure=Measure.LEVEL),
      ind("党员中心户挂牌", "户", 127, measure=Measure.LEVEL)],
     []),
    ("和平街道", "水资办棚户区改造项目", "棚户区改造", Frequency.QUARTER, 0, None,
     "和平路水资办老宿舍棚改，居民签订拆迁合同后等待还迁新楼。各节点的计划日期为演示数值，"
     "实际日期待填报。",
     [],
     [("签约", 12), ("拆迁", 15), ("开工", 18), ("竣工", 36)]),
    ("和平街道", "花开和平", "环境与城市管理", Frequency.MONTH, 2, 12,
     "新村西路两侧能种则种；在新村路、西五路等路段建景观停车亭；专门队伍整治裸露土地，"
     "确保清零。" + DEMO_FIGURE,
     [ind("景观停车亭", "座", 10),
      ind("裸露土地", "平方米", 0, baseline=3000, direction=Direction.DOWN,
          measure=Measure.LEVEL)],
     []),
    ("公园街道", "花开公园社区改造", "老旧小区改造", Frequency.MONTH, 0, 12,
     "对裸露土地、树穴和破旧墙体个性化整治；在福宁、西苑、沁园等小区安装门禁，"
     "建设邻里中心、布局口袋公园。" + DEMO_FIGURE,
     [ind("安装门禁系统的小区", "个", 3), ind("口袋公园", "个", 5)],
     []),
    ("公园街道", "齐赛电脑城产业转型", "经济发展", Frequency.QUARTER, 0, 12,
     "依托齐赛电脑城，对接本地网红资源，打造电竞网红中心和直播带货渠道中心。",
     [ind("调研走访知名网红", "个", 26)],
     []),
    ("公园街道", "“5+1”工作模式", "队伍建设", Frequency.WEEK, 6, None,
     "街道领导干部周末固定一天到社区开展卫生清扫和群众走访，收集诉求、逐项解决。"
     + DEMO_FIGURE,
     [ind("收集群众诉求", "件", 200), ind("办结群众诉求", "件", 200)],
     []),
    ("北街街道", "党建+项目：项目攻坚临时党支部", "党建+项目", Frequency.QUARTER, 0, 12,
     "老城更新与保护工程和4个棚户区改造项目中组建临时党支部，推动剩余拆迁任务。",
     [ind("棚户区改造项目完成拆迁", "个", 4)],
     []),
    ("北街街道", "党建+服务：党建引领·幸福北街", "党建+服务", Frequency.MONTH, 0, 12,
     "推行党建+网格、党建+惠民、党建+创新，构建社区服务全覆盖的服务体系。",
     [ind("实现服务全覆盖的社区", "个", 8, measure=Measure.LEVEL)],
     []),
    ("北街街道", "党建+队伍：每周一讲、每月一课", "党建+队伍", Frequency.MONTH, 0, 12,
     "实行台账管理积分量化考核，开展“每周一讲”“每月一课”学习活动。",
     [ind("每周一讲", "次", 52), ind("每月一课", "次", 12)],
     []),
]  # fmt: skip


def plan_start(today: dt.date) -> dt.date:
    """The first day of the demo plan: the first of the month ten months before ``today``'s,
    so that on any day of the year the plan has a history to report and most of a year
    ahead (seeded on 2026-11-21 it starts on 2026-01-01, as the seeds' 2026 plans)."""
    year, month = divmod(today.year * 12 + today.month - 1 - 10, 12)
    return dt.date(year, month + 1, 1)


def _months_after(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def _month_end(start: dt.date, months: int) -> dt.date:
    """The last day of month ``months`` of a plan that starts on ``start`` (month 1 is the
    first)."""
    return _months_after(start, months) - dt.timedelta(days=1)


def _families() -> dict[str, InitiativeFamily]:
    by_name = {f.name: f for f in InitiativeFamily.objects.all()}
    for name, description, children in FAMILIES:
        parent = by_name.get(name) or InitiativeFamily.objects.create(
            name=name, description=description, slug=unique_slug(name, model=InitiativeFamily)
        )
        by_name[name] = parent
        for child in children:
            if child not in by_name:
                by_name[child] = InitiativeFamily.objects.create(
                    name=child, parent=parent, slug=unique_slug(child, model=InitiativeFamily)
                )
    return by_name


def _secretaries(places: dict) -> dict:
    """Each unit's secretary (the places demo appointed them), who leads its initiatives."""
    return {
        appointment.region.name: appointment.person
        for appointment in Appointment.objects.filter(
            region__in=places.values(), post__in=SECRETARY_POSTS
        ).select_related("region", "person")
    }


def load(places: dict, *, today: dt.date) -> None:
    """The families, then each unit's initiatives of a plan around ``today`` (after the
    places demo's people). An initiative that exists keeps its dates."""
    plan = plan_start(today)
    families = _families()
    secretary_of = _secretaries(places)
    for unit, title, family, frequency, first, last, text, indicators, milestones in INITIATIVES:
        region = places[unit]
        initiative = Initiative.objects.filter(region=region, title=title).first()
        if initiative is None:
            initiative = Initiative(
                region=region,
                title=title,
                family=families[family],
                frequency=frequency,
                start_date=_months_after(plan, first),
                target_date=_month_end(plan, last) if last is not None else None,
                description=text,
                lead=secretary_of.get(unit),
                status=InitiativeStatus.ACTIVE,
            )
            initiative.full_clean()
            initiative.save()
        for position, spec in enumerate(indicators):
            if not Indicator.objects.filter(initiative=initiative, name=spec["name"]).exists():
                Indicator.objects.create(initiative=initiative, position=position, **spec)
        for position, (name, month) in enumerate(milestones):
            if not Milestone.objects.filter(initiative=initiative, name=name).exists():
                Milestone.objects.create(
                    initiative=initiative,
                    name=name,
                    planned_date=_month_end(plan, month),
                    position=position,
                )

"""Demo data for the interviews side: the seeds' series, outlets and people, with short
articles written by us (facts from the seeds, sentences our own). Idempotent: rows are
looked up by name or headline before they are created."""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from initiatives.catalog.models import Initiative
from initiatives.places.models import Person
from portal.text import unique_slug

from .models import ArticleStatus, BlockKind, InterviewArticle, Outlet, OutletKind, Series
from .services import workflow
from .services.editing import BlockData, article_save

ZIBO_SERIES = "躬身入局 担当作为——淄博镇(街道)党(工)委书记系列访谈"
PARTY_SERIES = "基层党组织书记谈党建+"
ZIBO_OUTLETS = [
    ("大众日报·大众日报客户端", OutletKind.NEWSPAPER),
    ("齐鲁晚报·齐鲁壹点", OutletKind.NEWSPAPER),
    ("大众网·海报新闻", OutletKind.WEBSITE),
    ("鲁中晨报", OutletKind.NEWSPAPER),
    ("鲁中网", OutletKind.WEBSITE),
]

Q, A, H, P, QUOTE = (
    BlockKind.QUESTION,
    BlockKind.ANSWER,
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.QUOTE,
)

# headline, subtitle, series, outlets, unit, person, post, published (date or None),
# final state, keywords of initiatives mentioned, blocks (kind, text), photo caption
ARTICLES = [
    {
        "headline": "把小区管起来，把群众聚起来",
        "subtitle": "和平街道党工委书记王志刚谈红色物业与老旧小区",
        "series": ZIBO_SERIES,
        "outlets": ["大众日报·大众日报客户端", "鲁中晨报"],
        "unit": "和平街道",
        "person": "王志刚",
        "post": "党工委书记",
        "published": dt.datetime(2020, 4, 20, 9, 30),
        "state": ArticleStatus.PUBLISHED,
        "initiatives": ["红色物业"],
        "reporters": ["张培", "韩凯"],
        "correspondents": ["徐坤"],
        "blocks": [
            (
                P,
                "到和平街道任职七个多月，王志刚走遍了辖区的老旧小区。他说，先把群众最烦心的事摆上桌，再谈发展。",
            ),
            (Q, "老旧小区没有物业，问题怎么解决？"),
            (
                A,
                "我们推行<strong>红色物业</strong>：社区党组织牵头，居委会、业委会和物业企业坐在一张桌子上商量事，谁的事谁认领，办没办好由居民说了算。",
            ),
            (Q, "当过语文老师，对现在的工作有什么帮助？"),
            (A, "讲课要先弄清学生哪里不懂，做群众工作也一样。听明白了，事情就办得快。"),
            (QUOTE, "群众的事没有小事，件件要有回音。"),
        ],
        "photo": "王志刚（右三）在社区查看防疫工作",
    },
    {
        "headline": "抓实党建 办好身边事",
        "subtitle": "公园街道党工委书记张敬帅谈基层党建",
        "series": ZIBO_SERIES,
        "outlets": ["齐鲁晚报·齐鲁壹点", "大众网·海报新闻", "鲁中网"],
        "unit": "公园街道",
        "person": "张敬帅",
        "post": "党工委书记",
        "published": dt.datetime(2020, 4, 16, 8, 0),
        "state": ArticleStatus.PUBLISHED,
        "initiatives": ["党建"],
        "reporters": ["赵志斌", "高阳"],
        "correspondents": ["孙晓杰"],
        "blocks": [
            (H, "党建是第一责任"),
            (Q, "街道工作千头万绪，您最先抓什么？"),
            (A, "先抓党建。社区党组织离群众最近，党建做实了，服务才有人去做、有人跟着做。"),
            (Q, "花开公园这件事做得怎么样？"),
            (A, "街边的空地种上了花，居民自己认养花坛，环境变好了，邻里也更熟了。"),
        ],
    },
    {
        "headline": "党建+ 让老城焕发新活力",
        "subtitle": "北街街道党工委书记王爱萍谈党建引领城市治理",
        "series": PARTY_SERIES,
        "outlets": ["太行红叶网"],
        "unit": "北街街道",
        "person": "王爱萍",
        "post": "党工委书记",
        "published": dt.datetime(2020, 1, 6, 10, 0),
        "state": ArticleStatus.PUBLISHED,
        "initiatives": ["党建+"],
        "reporters": [],
        "correspondents": [],
        "blocks": [
            (
                P,
                "北街街道面积3.75平方公里，有8个社区、20个党（总）支部、378名党员，常住人口约4.2万。",
            ),
            (Q, "什么是“党建+”？"),
            (A, "就是用党建引领项目、服务和队伍建设：棚户区改造推进到哪里，党员先锋岗就设到哪里。"),
            (Q, "老城更新中怎样听取居民意见？"),
            (A, "每个社区每月开一次议事会，改造方案先给居民看，大家同意了再动工。"),
        ],
    },
    {
        "headline": "网格化治理 一条路一位路长",
        "subtitle": "即墨路街道党工委书记张忠乾谈路长治",
        "series": None,
        "outlets": ["中国日报网"],
        "unit": "即墨路街道",
        "person": "张忠乾",
        "post": "党工委书记",
        "published": dt.datetime(2019, 12, 16, 19, 55),
        "state": ArticleStatus.PUBLISHED,
        "initiatives": ["网格", "路长"],
        "reporters": [],
        "correspondents": [],
        "blocks": [
            (Q, "即墨路街道的网格化管理有什么特点？"),
            (A, "辖区63条道路，每条路设一名路长，64个网格党支部与路长一起巡查，发现问题当天交办。"),
            (Q, "双报到的党员起什么作用？"),
            (A, "在职党员回社区双报到，认领网格里的具体任务，居民有事扫路牌就能找到人。"),
        ],
    },
    {
        "headline": "创城路上 老城区换新颜",
        "subtitle": "土坝孜街道党工委书记王泽睿谈文明城市创建",
        "series": None,
        "outlets": [],
        "unit": "土坝孜街道",
        "person": "王泽睿",
        "post": "党工委书记",
        "published": None,
        "state": ArticleStatus.DRAFT,
        "initiatives": [],
        "reporters": ["何婷婷"],
        "correspondents": [],
        "blocks": [
            (Q, "老城区创城最难在哪里？"),
            (A, "基础设施薄弱，居民参与不够。今年计划新修道路5700米，投资840万元补齐短板。"),
        ],
    },
    {
        "headline": "花开和平 街巷更美",
        "subtitle": "和平街道环境整治回访",
        "series": ZIBO_SERIES,
        "outlets": ["鲁中晨报"],
        "unit": "和平街道",
        "person": "王志刚",
        "post": "党工委书记",
        "published": None,
        "state": ArticleStatus.SCHEDULED,
        "initiatives": [],
        "reporters": [],
        "correspondents": [],
        "blocks": [
            (Q, "裸露土地清零以后，下一步做什么？"),
            (A, "把清出来的空地变成口袋公园，让居民出门就能看到花。"),
        ],
    },
]


def _outlet(name: str, kind=OutletKind.WEBSITE) -> Outlet:
    outlet = Outlet.objects.filter(name=name).first()
    if outlet is None:
        outlet = Outlet.objects.create(
            name=name, kind=kind, slug=unique_slug(name, model=Outlet, max_length=80)
        )
    return outlet


def _series(title: str, outlets: list[Outlet], city) -> Series:
    series = Series.objects.filter(title=title).first()
    if series is None:
        series = Series.objects.create(
            title=title, slug=unique_slug(title, model=Series, max_length=120), city=city
        )
    series.outlets.add(*outlets)
    return series


def _person(name: str) -> Person:
    person = Person.objects.filter(name=name).first()
    if person is None:
        person = Person.objects.create(name=name, slug=unique_slug(name, model=Person))
    return person


def _photo() -> ContentFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), (240, 235, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(183, 25, 31))
    for i, colour in enumerate([(220, 80, 90), (240, 190, 60), (120, 170, 90)]):
        draw.ellipse((80 + i * 180, 120, 200 + i * 180, 240), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="demo-photo.jpg")


def load(places: dict, *, now: dt.datetime | None = None) -> None:
    """The demo's outlets, series and articles; the scheduled one goes live a day after
    ``now`` (default: the real now)."""
    now = now or timezone.now()
    User = get_user_model()
    editor = User.objects.filter(username="editor").first()
    admin = User.objects.filter(username="admin").first()
    if editor is None or admin is None:
        raise RuntimeError("demo accounts 'editor' and 'admin' must be loaded first")

    zibo_outlets = [_outlet(name, kind) for name, kind in ZIBO_OUTLETS]
    _series(ZIBO_SERIES, zibo_outlets, places.get("淄博市"))
    _series(PARTY_SERIES, [_outlet("太行红叶网")], None)
    _outlet("中国日报网")

    for spec in ARTICLES:
        if InterviewArticle.objects.filter(headline=spec["headline"]).exists():
            continue
        unit = places.get(spec["unit"])
        published = spec["published"]
        article = InterviewArticle(
            headline=spec["headline"],
            subtitle=spec["subtitle"],
            series=Series.objects.filter(title=spec["series"]).first() if spec["series"] else None,
            region=unit,
            person=_person(spec["person"]),
            interviewee_post=spec["post"],
            reporters=spec["reporters"],
            correspondents=spec["correspondents"],
            published_at=timezone.make_aware(published) if published else None,
        )
        blocks = [
            BlockData(kind=kind, text=text, position=i)
            for i, (kind, text) in enumerate(spec["blocks"], start=1)
        ]
        if spec.get("photo"):
            blocks.insert(
                1,
                BlockData(kind=BlockKind.PHOTO, image=_photo(), caption=spec["photo"], position=1),
            )
        initiatives = []
        if unit is not None:
            for keyword in spec["initiatives"]:
                initiatives.extend(Initiative.objects.filter(region=unit, title__contains=keyword))
        article = article_save(
            article=article,
            by=editor,
            blocks=blocks,
            outlets=[_outlet(name) for name in spec["outlets"]],
            initiatives=initiatives,
            note="演示数据",
        )
        if spec["state"] == ArticleStatus.DRAFT:
            continue
        workflow.article_submit(article=article, by=editor)
        at = None
        if spec["state"] == ArticleStatus.SCHEDULED:
            at = now + dt.timedelta(days=1)
        workflow.article_publish(article=article, by=admin, at=at)

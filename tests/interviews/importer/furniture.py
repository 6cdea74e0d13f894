"""Page furniture, one line per item, by kind: material for the importer's property tests.

Issue 13 asks that adding such lines around an article changes no extracted field, and
that no field is ever filled from a line removed as furniture. These lines were written
for that purpose in the shapes Chinese news, government and encyclopedia pages use; the
places, outlets, names and numbers in them are invented, and several name a province,
a city or a date on purpose: an importer that reads a field off them has read it off
furniture. ``ALL`` maps each kind to its lines.
"""

BREADCRUMBS = (
    "您当前所在位置：首页 > 互动交流 > 在线访谈",
    "当前位置：首页 > 新闻中心 > 县区动态 > 正文",
    "当前位置：望川新闻网 > 地方报道 > 江苏 > 正文",
    "您现在的位置： 首页 >> 乡镇风采 >> 文章内容",
    "您所在的位置：首页 > 政务公开 > 工作动态 > 街道动态",
    "首页 » 新闻 » 县域 » 正文",
    "首页 › 两岸 › 即时",
    "位置：首页 / 专题 / 乡村振兴面对面",
    "当前位置：首页 > 浙江 > 杭州 > 本地",
    "首页 >> 转载 >> 正文",
)

SHARE_BARS = (
    "分享到：微信 朋友圈 QQ好友 QQ空间 新浪微博 复制链接",
    "分享到：",
    "【分享到】微信　QQ空间　新浪微博",
    "分享 分享到 分享到微信",
    "扫一扫在手机打开当前页",
    "扫一扫在手机上观看",
    "用微信扫描二维码 分享至好友和朋友圈",
    "赞 分享 列印 A- A+",
    "字号：大 中 小　　【打印本页】【关闭窗口】",
    "【字体：大 中 小】  打印  收藏",
)

COPYRIGHT_LINES = (
    "Copyright © 2010-2023 望川新闻网 All Rights Reserved",
    "望川新闻网 版权所有　未经授权禁止复制或建立镜像",
    "浙ICP备17035512号-1　浙公网安备 33100202000341号",
    "蜀ICP备05019873号-1",
    "备案号：桂ICP备09003517号",
    "互联网新闻信息服务许可证编号：36120170008",
    "主办：沁川市临泓区人民政府办公室　网站标识码：3310020017",
    "版权说明：凡注明来源为“沁川新闻网”的稿件，版权均属沁川新闻网所有，未经授权不得转载。",
    "免责声明：本文来自网络，不代表本站立场，如有侵权请联系删除。",
    "违法和不良信息举报电话：0571-86853321",
)

EDITOR_CREDITS = (
    "责任编辑：周敏",
    "（责任编辑：高远）",
    "【责任编辑：易凡】",
    "责编：许佳　审核：马骏",
    "编辑：丁一鸣",
    "（编辑：林小雨　校对：何静）",
    "值班编辑：陶然　值班主任：邵华",
    "[责任编辑：李宛蓉]",
)

BROWSER_NOTICES = (
    "如不能正常浏览，请选用IE9以上版本或其他主流浏览器",
    "您的浏览器版本过低，为了更好的浏览体验，请升级浏览器",
    "您的浏览器不支持视频播放，请升级浏览器或下载客户端观看",
    "建议使用1366×768分辨率浏览本站",
    "为了获得更好的浏览效果，请使用Chrome、Firefox等浏览器",
    "视频加载中，请稍候…",
    "本网站支持IPv6",
)

SEARCH_PROMPTS = (
    "请输入您要查询的关键字",
    "请输入关键词 搜索",
    "全文检索：请输入您要查询的内容　搜索　高级搜索",
    "站内搜索 请输入搜索内容",
    "请输入词条名称 进入词条 全站搜索",
    "搜索：请输入标题或内容关键字",
)

KEYWORD_LINES = (
    "关键词：星村镇 茶旅融合 党建引领 产业链党支部",
    "关键字：基层治理；网格化；红色物业",
    "标签：乡村振兴 基层党建",
    "词条标签：中国乡镇 ， 地理 ， 行政区划",
    "南昌新闻 南昌新闻网 南昌本地新闻 南昌头条 江西新闻 江西新闻网 江西头条",
    "望川新闻 望川头条 望川本地新闻 望川今日新闻 浙江新闻 浙江头条",
    "?",
)

PAGE_TOOLS = (
    "【打印本页】　【关闭窗口】",
    "【我要打印】【关闭窗口】",
    "<<上一篇　下一篇>>　返回目录",
    "上一篇：秋冬季节如何科学进补？专家支招",
    "下一篇：多地出台新政支持新能源汽车下乡",
    "设为首页 | 加入收藏 | 联系我们",
    "无障碍浏览 | 长者模式 | 简体 | 繁體 | English",
    "网友评论　请登录后发表评论　登录｜注册",
)

# A newspaper page's furniture: its page and issue lines and the desk's credits.
NEWSPAPER_LINES = (
    "第A06版：区县新闻",
    "沁川晚报 第07版：社区周刊",
    "版次：A05　版名：基层",
    "本版编辑：程亮",
    "（本版编辑：韩雪　美编：孔萌）",
    "责编 马丽 校对 周正",
    "一审：刘洋 二审：邓辉 三审：沈清",
)

ALL = {
    "breadcrumbs": BREADCRUMBS,
    "share_bars": SHARE_BARS,
    "copyright": COPYRIGHT_LINES,
    "editor_credits": EDITOR_CREDITS,
    "browser_notices": BROWSER_NOTICES,
    "search_prompts": SEARCH_PROMPTS,
    "keyword_lines": KEYWORD_LINES,
    "page_tools": PAGE_TOOLS,
    "newspaper_lines": NEWSPAPER_LINES,
}

"""Deterministic generator of realistic synthetic 法治政府建设年度报告, with exact truth.

`generate(n, out, seed)` writes `n` reports under `out` (subfolders of at most 1000 files) and one
`truth.jsonl` beside them. Report `i` depends only on `(seed, i)`: `make_report(i, seed)` rebuilds
it alone, byte for byte, so a million reports stream with bounded memory.

The reports follow the genre conventions of `tests/gold/README.md` (headings, metrics, metadata): a
title block, an addressee, the four required parts under `一、` headings with `（一）`/`(一)` and
`1.`/`1．`/`1、` sub-headings (run-in or standalone), `一是…二是…` enumerations, metric sentences
(lexicon synonym + number + unit, e.g. `受理行政复议案件32件`, `化解率达99.9%`), a signature block
and a date. Filler text holds no numbers except years, so the truth lists every metric exactly.

Layouts: `lines` (line breaks kept), `flat` (one line; paragraphs joined by an ideographic
space), `wrapped` (hard-wrapped at 36 characters, with `- N -` page lines) and `web` (breadcrumb,
publication stamp and footer). Some reports use full-width digits, CRLF line ends or GB18030;
8 % are Traditional-script mirrors (each character replaced by a Traditional form that folds
back to it) and 3 % of the UTF-8 files carry GBK mojibake (read once by Python's `gbk` codec
and saved again, so about one character in ten is lost). The truth stays in Simplified script;
`score` compares names and texts after the same fold the index uses.

`check(out)` extracts the generated files and scores them against the truth (`TruthScore`).

Speed: `generate(10000, out)` takes about 4 s on one core (36 MB written, ~16 headings and ~16
metrics per report) with a peak RSS under 30 MB; memory does not grow with `n`.
"""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lawgov_index import _core
from lawgov_index.query import in_charset

__all__ = [
    "FILES_PER_DIR",
    "TRUTH_FILE",
    "SynthReport",
    "SynthSummary",
    "TruthScore",
    "check",
    "cn_count",
    "generate",
    "iter_reports",
    "make_report",
    "read_truth",
    "score",
]

FILES_PER_DIR = 1000
TRUTH_FILE = "truth.jsonl"
WRAP_WIDTH = 36
PAGE_LINES = 28

# ---------------------------------------------------------------------------------------------
# Places: (province, prefecture city or None for a municipality, county, towns, streets).
# Names avoid numeral characters so that no place name reads as a count.
# ---------------------------------------------------------------------------------------------

PLACES: tuple[tuple[str, str | None, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("北京市", None, "门头沟区", ("潭柘寺镇", "永定镇"), ("大峪街道",)),
    ("天津市", None, "静海区", ("大邱庄镇", "唐官屯镇"), ("华康街道",)),
    ("上海市", None, "闵行区", ("华漕镇", "梅陇镇"), ("江川路街道",)),
    ("重庆市", None, "渝北区", ("大盛镇", "茨竹镇"), ("龙山街道",)),
    ("重庆市", None, "云阳县", ("沙市镇", "双土镇"), ("青龙街道",)),
    ("河北省", "保定市", "涞水县", ("永阳镇", "赵各庄镇"), ("涞水街道",)),
    ("山西省", "晋中市", "平遥县", ("古陶镇", "段村镇"), ("城东街道",)),
    ("内蒙古自治区", "鄂尔多斯市", "东胜区", ("泊尔江海子镇", "罕台镇"), ("富兴街道",)),
    ("辽宁省", "铁岭市", "开原市", ("庆云镇", "中固镇"), ("新城街道",)),
    ("吉林省", "通化市", "柳河县", ("柳河镇", "安口镇"), ("柳南街道",)),
    ("黑龙江省", "牡丹江市", "宁安市", ("渤海镇", "东京城镇"), ("宁安街道",)),
    ("江苏省", "苏州市", "吴江区", ("震泽镇", "黎里镇"), ("松陵街道",)),
    ("浙江省", "湖州市", "德清县", ("新市镇", "乾元镇"), ("武康街道",)),
    ("安徽省", "淮北市", "烈山区", ("宋疃镇", "古饶镇"), ("任楼街道",)),
    ("福建省", "泉州市", "晋江市", ("金井镇", "龙湖镇"), ("青阳街道",)),
    ("江西省", "赣州市", "于都县", ("贡江镇", "罗坳镇"), ("长征源街道",)),
    ("山东省", "潍坊市", "寿光市", ("稻田镇", "侯镇"), ("圣城街道",)),
    ("河南省", "洛阳市", "孟津区", ("会盟镇", "平乐镇"), ("城关街道",)),
    ("湖北省", "宜昌市", "夷陵区", ("龙泉镇", "鸦鹊岭镇"), ("小溪塔街道",)),
    ("湖南省", "株洲市", "醴陵市", ("白兔潭镇", "浦口镇"), ("来龙门街道",)),
    ("广东省", "佛山市", "顺德区", ("北滘镇", "乐从镇"), ("大良街道",)),
    ("广西壮族自治区", "桂林市", "阳朔县", ("白沙镇", "兴坪镇"), ()),
    ("海南省", "海口市", "琼山区", ("云龙镇", "红旗镇"), ("国兴街道",)),
    ("四川省", "巴中市", "巴州区", ("光辉镇", "曾口镇"), ("回风街道",)),
    ("四川省", "成都市", "郫都区", ("唐昌镇", "友爱镇"), ("郫筒街道",)),
    ("贵州省", "遵义市", "湄潭县", ("永兴镇", "兴隆镇"), ("湄江街道",)),
    ("云南省", "曲靖市", "陆良县", ("马街镇", "召夸镇"), ("中枢街道",)),
    ("陕西省", "宝鸡市", "凤翔区", ("柳林镇", "彪角镇"), ("城关街道",)),
    ("甘肃省", "天水市", "秦州区", ("皂郊镇", "天水镇"), ("大城街道",)),
    ("青海省", "海东市", "乐都区", ("高庙镇", "雨润镇"), ("碾伯街道",)),
    ("宁夏回族自治区", "吴忠市", "青铜峡市", ("叶盛镇", "瞿靖镇"), ("裕民街道",)),
    ("新疆维吾尔自治区", "哈密市", "伊州区", ("花园乡", "陶家宫镇"), ("东河街道",)),
)

LEVEL_WEIGHTS = (("province", 4), ("city", 10), ("county", 30), ("township", 36), ("street", 20))

# ---------------------------------------------------------------------------------------------
# Heading wordings ({Y} report year, {N} next year, {G} the government as it calls itself).
# ---------------------------------------------------------------------------------------------

PART_ACH = (
    "推进法治政府建设的主要举措和成效",
    "{Y}年推进法治政府建设的主要举措和成效",
    "主要举措和工作成效",
    "工作开展情况",
    "{Y}年法治政府建设情况",
    "{Y}年度法治政府建设工作开展情况",
)
PART_SHORT = (
    "存在的不足和原因",
    "推进法治政府建设存在的不足和原因",
    "存在的问题和不足",
    "存在的主要问题",
    "存在不足及原因分析",
)
PART_FIRST = (
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    "{Y}年党政主要负责人履行推进法治建设第一责任人职责情况",
    "{G}主要负责同志履行推进法治建设第一责任人职责情况",
)
PART_NEXT = (
    "{N}年推进法治政府建设的主要安排",
    "下一年度推进法治政府建设的主要安排",
    "{N}年度工作思路",
    "下一步工作打算",
    "{N}年工作计划和打算",
    "下一步工作思路和举措",
)
PART_OTHER = ("其他需要报告的情况",)
PART_NAMES = {
    "ach": "achievements",
    "short": "shortcomings",
    "first": "first_responsible",
    "next": "next_year",
    "other": "other",
}
SIGNERS = ("谭华", "李明", "张伟", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "周敏", "吴刚", "郑秀英")

# Achievement subsections: (heading wordings, domain of their metrics and filler).
ACH_SECTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("加强组织领导，压实法治建设责任", "强化组织领导，统筹推进法治政府建设"), "lead"),
    (("深入学习宣传贯彻习近平法治思想", "坚持学法用法，提升干部法治素养"), "study"),
    (("健全依法行政制度体系，加强规范性文件管理", "加强规范性文件监督管理"), "norm"),
    (("健全行政决策制度体系，推进依法科学民主决策", "严格落实重大行政决策程序"), "decision"),
    (("健全行政执法工作体系，推进严格规范公正文明执法", "规范行政执法行为"), "enforce"),
    (("强化行政权力制约监督，自觉接受各方面监督", "主动接受人大监督和政协民主监督"), "npc"),
    (("依法有效化解社会矛盾纠纷，维护社会和谐稳定", "化解矛盾纠纷，维护和谐稳定"), "dispute"),
    (("深化普法宣传教育，营造浓厚法治氛围", "加强法律宣传，营造法治环境"), "pufa"),
    (("深化政务公开，保障群众知情权", "全面推进政务公开"), "open"),
    (("优化营商环境，提升政务服务水平", "深化放管服改革，优化政务服务"), "service"),
    (("发挥法律顾问作用，提升依法行政水平", "加强法律顾问队伍建设"), "counsel"),
    (("做好行政复议和行政应诉工作", "依法做好行政复议应诉工作"), "review"),
    (("推进信访工作法治化", "畅通群众诉求表达渠道"), "petition"),
    (("健全突发事件应对体系，提升依法应急能力", "依法做好突发事件应对"), "emergency"),
)

# Level-3 item wordings per domain.
ITEMS: dict[str, tuple[str, ...]] = {
    "lead": ("健全法治建设领导机制", "落实法治建设报告制度", "完善考核评价机制", "强化督促检查"),
    "study": ("坚持领导干部带头学法", "健全日常学法制度", "开展法治理论考试", "抓好专题学习"),
    "norm": ("严格规范性文件合法性审核", "落实备案审查制度", "开展规范性文件清理", "加强后评估"),
    "decision": ("严格执行重大行政决策程序", "推进决策公众参与", "强化合法性审查", "落实集体讨论"),
    "enforce": ("深化综合行政执法改革", "加强执法人员管理", "规范执法程序", "推行柔性执法"),
    "npc": ("认真办理代表建议和政协提案", "自觉接受司法监督", "加强审计监督", "强化社会监督"),
    "dispute": ("健全矛盾纠纷排查机制", "强化人民调解工作", "推进诉调对接", "加强网格化管理"),
    "pufa": ("开展集中宣传活动", "推进常态化普法", "培育法治文化阵地", "落实普法责任制"),
    "open": ("推进政府信息主动公开", "规范依申请公开办理", "加强政府网站建设", "做好政策解读"),
    "service": ("推进政务服务标准化", "提升网上办事水平", "优化企业开办服务", "推行跨域通办"),
    "counsel": ("落实法律顾问制度", "发挥法律顾问参谋作用", "加强合同合法性审查", "规范顾问管理"),
    "review": ("规范行政复议办理", "落实负责人出庭应诉", "重视司法建议办理", "加强败诉案件分析"),
    "petition": ("规范信访事项办理", "推进网上信访", "落实领导接访制度", "化解信访积案"),
    "emergency": ("完善应急预案体系", "加强应急队伍建设", "开展应急演练", "做好风险排查"),
}

# Metric clauses per domain. Slot syntax inside braces:
#   {NAME|UNIT|LO|HI}   a count, amount or duration drawn from LO..HI
#   {NAME|UNIT|le}      a count no larger than the previous slot's value
#   {NAME|%}            a rate (80–100, one decimal, or 100)
#   {NAME|%|LO|HI}      a rate drawn from LO..HI with one decimal
#   {NAME|%|100}        a rate fixed at 100
#   {NAME|%|pct}        the rate previous/before-previous slot, one decimal
#   {A+B|%}             one number shared by several names (`报备率、报备及时率均达100%`)
# Text before a slot ends with a lexicon synonym of NAME (the genre's `synonym + number + unit`).
CLAUSES: dict[str, tuple[str, ...]] = {
    "lead": (
        "全年听取法治政府建设工作汇报{听取汇报次数|次|2|12}",
        "研究涉法重大问题{研究重大问题数|次|2|10}",
        "召开专题会议{专题会议次数|次|2|12}",
        "组织领导班子学法{学法次数|次|4|24}",
        "主要负责人讲授专题党课{专题党课次数|次|1|4}",
    ),
    "study": (
        "组织会前学法{学法次数|次|6|48}",
        "组织干部职工旁听庭审{庭审旁听人数|人|20|300}",
        "参加法治理论考试{法治考试参考人数|人|30|900}",
        "法治理论考试参考率{法治考试参考率|%|100}，考试合格率{法治考试合格率|%}",
        "举办法治讲座{法治讲座次数|场|2|20}",
    ),
    "norm": (
        "制定规范性文件{规范性文件制定数|件|1|15}",
        "完成规范性文件合法性审核{规范性文件合法性审核数|件|3|60}",
        "报送备案{规范性文件备案数|件|1|20}",
        "报备率、报备及时率均达{规范性文件报备率+规范性文件报备及时率|%|100}",
        "清理规范性文件{规范性文件清理数|件|5|80}",
        "实施后评估{规范性文件后评估数|件|1|6}",
        "合法性审核率达{合法性审核率|%|100}",
    ),
    "decision": (
        "作出重大行政决策{重大行政决策数|项|1|12}",
        "召开听证会{听证会次数|次|1|5}",
        "合法性审核率{合法性审核率|%|100}",
    ),
    "enforce": (
        "换发执法证件{执法证件换发数|个|10|900}",
        "收回并注销执法证件{执法证件注销数|个|1|80}",
        "现有持证执法人员{持证执法人员数|名|10|600}",
        "办理行政处罚案件{行政处罚案件数|件|10|900}",
        "收缴罚没款{罚没金额|万元|1|500}",
        "开展执法检查{行政检查次数|次|20|600}",
        "开展随机抽查{双随机抽查数|次|5|120}",
        "评查执法案卷{执法案卷评查数|件|10|300}，案卷合格率{执法案卷合格率|%}",
        "开展执法培训{执法培训人次|人次|20|900}",
        "开展专项整治{专项整治次数|次|2|20}",
        "受理投诉举报{投诉举报受理数|件|10|900}",
    ),
    "npc": (
        "办理人大代表建议和政协提案{建议提案办理数|件|5|120}，办复率{建议提案办复率|%|100}",
        "代表建议满意率{建议提案满意率|%}",
        "开展领导干部经济责任审计{经济责任审计人数|名|2|20}",
    ),
    "dispute": (
        "排查矛盾纠纷{矛盾纠纷排查数|起|50|900}，成功化解{矛盾纠纷化解数|起|le}，"
        "化解率达{矛盾纠纷化解率|%|pct}",
        "调解民间纠纷{调解案件数|件|20|900}，调解成功{调解成功数|件|le}，"
        "涉及金额{调解协议涉及金额|万元|1|2000}",
        "建立人民调解组织{调解组织数|个|3|40}",
        "配备专职人民调解员{人民调解员数|名|3|80}",
        "办理法律援助案件{法律援助案件数|件|5|200}",
        "配备专职网格员{网格员数|名|10|300}",
    ),
    "pufa": (
        "开展普法宣传活动{普法活动次数|次|5|60}",
        "发放宣传资料{宣传资料发放数|份|500|20000}",
        "接待群众法律咨询{法律咨询数|人次|30|800}",
        "推送普法信息{普法信息发布数|条|20|600}",
        "培育法律明白人{法律明白人数|名|10|300}",
        "创建民主法治示范村{民主法治示范村数|个|1|6}",
        "建成法治文化阵地{法治宣传教育基地数|个|1|10}",
        "发展普法志愿者{志愿者人数|名|10|500}",
        "组织{普法受众人数|名|100|2000}干部职工收看宪法宣传直播",
    ),
    "open": (
        "主动公开政府信息{主动公开信息数|条|50|3000}",
        "受理政府信息公开申请{依申请公开受理数|件|1|60}，按时答复率{依申请公开按时答复率|%|100}",
    ),
    "service": (
        "梳理政务服务事项{政务服务事项数|项|50|1500}",
        "公布跨省通办事项{跨区域通办事项数|项|10|200}",
        "全流程网上办率达{全流程网上办率|%}",
        "即办事项率{即办事项率|%|40|90}",
        "审批时限压缩率达{审批时限压缩率|%|30|90}",
        "实现企业开办{企业开办时间|个工作日|1|3}办结",
        "平均办理时限{审批办结时限|个工作日|2|10}",
        "好评率{好评率|%}",
    ),
    "counsel": (
        "聘请法律顾问{法律顾问人数|名|1|12}",
        "审查合同{合同审查数|份|10|300}",
        "出具法律意见{法律顾问服务量|件|10|300}",
        "参与重要文件起草{法律顾问参与文件起草次数|次|2|30}",
        "代理应诉案件{法律顾问代理案件数|件|1|10}",
        "村（社区）法律顾问覆盖率达{法律顾问覆盖率|%|100}",
    ),
    "review": (
        "受理行政复议案件{行政复议案件数|件|2|90}，办结{行政复议办结数|件|le}",
        "直接纠错率{行政复议纠错率|%|3|20}",
        "发生行政应诉案件{行政诉讼案件数|件|1|60}，败诉率{行政诉讼败诉率|%|1|15}",
        "行政机关负责人出庭应诉率达{行政机关负责人出庭应诉率|%}",
        "收到司法建议{司法建议数|件|1|8}",
        "收到检察建议{检察建议数|件|1|8}",
    ),
    "petition": (
        "受理信访事项{信访总量|件|10|900}",
        "办理网上信访件{网上信访受理数|件|5|300}",
        "接待群众来访{群众来访数|件|5|300}",
        "信访事项按期办结率{信访按期办结率|%}",
        "参评满意率{信访群众满意率|%}",
    ),
    "emergency": (
        "修订完善应急预案{应急预案数|个|3|30}",
        "组建应急队伍{应急队伍数|支|1|10}",
        "开展应急演练{应急演练次数|次|2|30}",
    ),
}

# Filler: no digits and no numeral + unit, so the truth holds every metric.
FILLER_GENERIC = (
    "始终坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想",
    "把法治政府建设摆在全局工作的重要位置，与经济社会发展同部署、同推进、同督促、同考核",
    "进一步明确工作任务和责任分工，确保各项工作落到实处",
    "坚持问题导向和目标导向，推动法治政府建设工作取得实效",
    "切实增强干部职工运用法治思维和法治方式推动发展、化解矛盾的能力",
    "形成主要领导亲自抓、分管领导具体抓、相关部门配合抓的工作格局",
    "各项工作稳步推进，群众的获得感、幸福感、安全感不断增强",
    "坚持把依法行政贯穿于政府工作的各个环节",
    "持续推动法治政府建设各项任务落地见效",
    "加强工作统筹，强化部门协作，形成工作合力",
    "坚持边学边改、边查边改，推动工作规范化、制度化",
    "及时总结推广好经验好做法，以点带面推动整体工作",
)
FILLER: dict[str, tuple[str, ...]] = {
    "lead": (
        "党政主要负责人切实履行推进法治建设第一责任人职责，对重大问题亲自过问、重点环节亲自协调",
        "将法治政府建设纳入年度重点工作计划，与中心工作同部署、同落实",
        "调整充实法治建设工作领导小组，明确成员职责分工",
    ),
    "study": (
        "将习近平法治思想纳入理论学习中心组学习计划，定期组织集中学习",
        "通过专题辅导、交流研讨等方式，推动学法常态化",
        "切实提升了机关干部办事依法、遇事找法、解决问题用法的能力",
    ),
    "norm": (
        "严格执行规范性文件起草、审核、决定、公布程序，做到应备尽备",
        "对不符合上位法规定的文件及时予以修改或者废止",
        "坚持统一登记、统一编号、统一发布",
    ),
    "decision": (
        "将公众参与、专家论证、风险评估、合法性审查和集体讨论决定确定为重大行政决策法定程序",
        "凡是重要决策、重大项目，必须在深入调查研究、广泛征求意见的基础上集体研究决定",
        "决策的科学化、民主化、法治化水平不断提高",
    ),
    "enforce": (
        "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度",
        "推行包容审慎监管，对轻微违法行为依法从轻处理",
        "执法行为更加规范，执法质量稳步提升",
    ),
    "npc": (
        "认真执行向人大及其常委会报告工作制度，自觉接受人大法律监督和工作监督",
        "积极配合检察机关开展公益诉讼工作",
        "主动接受舆论监督和社会监督，及时回应群众关切",
    ),
    "dispute": (
        "坚持和发展新时代枫桥经验，做到小事不出村、大事不出镇、矛盾不上交",
        "建立健全矛盾纠纷排查化解机制，及时掌握和处置各类苗头性问题",
        "充分发挥人民调解在化解基层矛盾中的第一道防线作用",
    ),
    "pufa": (
        "落实谁执法谁普法普法责任制，推动法律进机关、进社区、进学校、进企业",
        "充分利用广播、宣传栏、微信群等载体开展常态化普法宣传",
        "群众尊法学法守法用法意识明显增强",
    ),
    "open": (
        "坚持以公开为常态、不公开为例外，依法做好政府信息公开工作",
        "加强政策解读和回应关切，提升政务公开质量",
        "及时更新政府网站信息公开专栏内容",
    ),
    "service": (
        "持续深化放管服改革，推进政务服务标准化、规范化、便利化",
        "推行帮办代办服务，让群众办事更方便、更快捷",
        "营商环境持续优化，市场主体活力不断增强",
    ),
    "counsel": (
        "充分发挥法律顾问在重大决策、合同审查、矛盾化解中的参谋助手作用",
        "健全法律顾问工作考核制度，提升法律服务质量",
        "推动法律顾问服务向村（社区）延伸",
    ),
    "review": (
        "严格落实行政机关负责人出庭应诉制度，做到出庭出声",
        "认真执行人民法院生效裁判，及时回复司法建议",
        "加强对行政复议决定的执行监督",
    ),
    "petition": (
        "严格落实信访工作责任制，压实工作责任",
        "引导群众通过申请行政复议、提起行政诉讼等合法渠道表达诉求",
        "坚持做到件件有答复、事事有回音",
    ),
    "emergency": (
        "健全应急管理责任体系，完善预警和应急处置机制",
        "加强重点领域风险隐患排查整治",
        "确保发生突发事件能够及时掌握、及时报告、及时处置",
    ),
}
SHORT_ITEMS = (
    "法治学习的深度和广度有待拓展",
    "行政执法规范化水平仍需提升",
    "法治宣传的针对性和实效性不够强",
    "基层法治力量相对薄弱",
    "运用法治思维解决问题的本领有待加强",
    "规范性文件管理还不够精细",
    "矛盾纠纷源头预防机制有待完善",
    "法律顾问作用发挥不够充分",
)
SHORT_FILLER = (
    "个别干部对法治政府建设的重要性认识不足，学法用法的主动性不够",
    "基层执法人员年龄偏大，专业人才缺乏",
    "普法宣传形式较为单一，群众参与度不高",
    "部分工作人员依法办事的意识和能力有待提高",
    "执法监督机制还不够健全，监督合力尚未完全形成",
    "原因主要是思想认识不够到位、工作措施不够有力",
)
NEXT_ITEMS = (
    "进一步强化党员干部学法用法，增强法治工作素养",
    "进一步强化法治宣传教育，营造良好法治氛围",
    "进一步强化规范公正文明执法，提高法治工作水平",
    "进一步推进综合行政执法改革，提升执法效能",
    "进一步加强全民守法工作，增强全民法治观念",
    "进一步健全矛盾纠纷多元化解机制，维护社会和谐稳定",
    "进一步深化政务公开，打造阳光政府",
    "进一步优化法治化营商环境",
)
NEXT_FILLER = (
    "继续深入学习宣传贯彻习近平法治思想，推动法治政府建设再上新台阶",
    "坚持把普法融入工作实践、融入日常工作、融入依法行政全过程",
    "推进行政执法内部管理制度建立健全，落实行政执法责任制",
    "健全依法维权和化解纠纷机制，把矛盾纠纷化解在基层",
    "持续创新普法形式，提升普法实效",
    "加强法治工作队伍建设，为法治政府建设提供有力保障",
)
FIRST_FILLER = (
    "党政主要负责人切实履行推进法治建设第一责任人职责，把法治建设作为重要工作来抓",
    "坚持对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办",
    "带头尊法学法守法用法，带头依法决策，带头不违规干预司法活动",
    "将履行推进法治建设第一责任人职责情况列入年终述职内容",
)
ENUM = "一二三四五六七八九十"
CN_DIGIT = "〇一二三四五六七八九"


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthReport:
    """One generated report: its relative file name, encoded bytes and truth record."""

    index: int
    file: str
    data: bytes
    truth: dict[str, Any]


@dataclass(frozen=True)
class SynthSummary:
    """What `generate` wrote."""

    n: int
    out: Path
    truth: Path
    bytes: int
    seconds: float
    layouts: tuple[tuple[str, int], ...]
    encodings: tuple[tuple[str, int], ...]
    headings: int
    metrics: int


@dataclass(frozen=True)
class TruthScore:
    """Extraction scored against the truth.

    Headings match on (level, text) multisets, metrics on (value, unit) multisets; name accuracy
    is the share of (value, unit)-matched metrics whose name also matches. Text is compared after
    NFKC and with whitespace removed. `misses` holds a few examples per kind of miss.
    """

    reports: int
    heading_tp: int
    heading_fp: int
    heading_fn: int
    metric_tp: int
    metric_fp: int
    metric_fn: int
    name_tp: int
    fields: dict[str, float]
    by_layout: dict[str, dict[str, float]]
    misses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def heading_f1(self) -> float:
        """Heading F1 on (level, text)."""
        return _f1(self.heading_tp, self.heading_fp, self.heading_fn)

    @property
    def metric_f1(self) -> float:
        """Metric F1 on (value, unit)."""
        return _f1(self.metric_tp, self.metric_fp, self.metric_fn)

    @property
    def name_accuracy(self) -> float:
        """Share of (value, unit) matches whose name also matches."""
        return self.name_tp / self.metric_tp if self.metric_tp else 0.0

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly digest."""
        return {
            "reports": self.reports,
            "heading_f1": round(self.heading_f1, 4),
            "heading": [self.heading_tp, self.heading_fp, self.heading_fn],
            "metric_f1": round(self.metric_f1, 4),
            "metric": [self.metric_tp, self.metric_fp, self.metric_fn],
            "name_accuracy": round(self.name_accuracy, 4),
            "fields": {k: round(v, 4) for k, v in self.fields.items()},
            "by_layout": self.by_layout,
        }


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 0.0 if (fp or fn) else 1.0
    return 2 * tp / (2 * tp + fp + fn)


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{([^{}|]+)\|([^{}|]+)(?:\|([^{}|]+))?(?:\|([^{}|]+))?\}")


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _fmt(v: float) -> str:
    """Print a value the way reports do: integers bare, decimals without trailing zeros."""
    if v == int(v):
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _cn_number(n: int) -> str:
    """Chinese numeral for 1..31 as used in dates (`三十一`)."""
    tens, ones = divmod(n, 10)
    s = ("" if tens < 2 else CN_DIGIT[tens]) + ("十" if tens else "")
    return s + (CN_DIGIT[ones] if ones else "")


def cn_count(n: int) -> str:
    """Chinese numeral for a count below 100000 (`3500` → `三千五百`, `10200` → `一万零二百`)."""
    if not 0 < n < 100000:
        raise ValueError(n)
    digits = [(n // 10000) % 10, (n // 1000) % 10, (n // 100) % 10, (n // 10) % 10, n % 10]
    units = ("万", "千", "百", "十", "")
    out: list[str] = []
    zero = False
    for d, u in zip(digits, units, strict=True):
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("" if (d == 1 and u == "十" and not out) else CN_DIGIT[d]) + u)
    return "".join(out)


def _cn_year(y: int) -> str:
    return "".join(CN_DIGIT[int(c)] for c in str(y))


class _Builder:
    """State of one report while it is written: the random stream, lines and truth lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.metrics: list[tuple[str, float, str, str | None]] = []
        self.headings: list[tuple[int, str]] = []
        self.used: set[str] = set()

    def take(self, domain: str, k: int) -> list[str]:
        """Up to `k` metric clauses of `domain` not used before in this report."""
        free = [t for t in CLAUSES.get(domain, ()) if t not in self.used]
        picks = self.rng.sample(free, k=min(k, len(free)))
        self.used.update(picks)
        return picks

    # -- metrics --------------------------------------------------------------------------

    def clause(self, template: str) -> str:
        """Fill a metric clause template, recording each slot's metric(s)."""
        rng = self.rng
        out: list[str] = []
        pos = 0
        values: list[float] = []
        last_kind = ""
        last_names: list[str] = []
        for m in _SLOT.finditer(template):
            out.append(template[pos : m.start()])
            pos = m.end()
            names = m.group(1).split("+")
            unit = m.group(2)
            a, b = m.group(3), m.group(4)
            qualifier: str | None = None
            if unit == "%":
                if a == "100":
                    v = 100.0
                elif a == "pct":
                    v = round(100.0 * values[-1] / values[-2], 1) if values[-2] else 100.0
                elif a is not None and b is not None:
                    v = round(rng.uniform(float(a), float(b)), 1)
                else:
                    v = 100.0 if rng.random() < 0.35 else round(rng.uniform(80.0, 99.9), 1)
                text = _fmt(v) + "%"
                last_kind = "rate"
            elif a == "le":
                v = float(rng.randint(max(1, int(values[-1] * 0.85)), int(values[-1])))
                text = _fmt(v) + unit
                last_kind = "count"
            else:
                lo, hi = int(a or 1), int(b or 100)
                if unit in ("万元", "元"):
                    v = round(rng.uniform(lo, hi), 2)
                    text = _fmt(v) + unit
                else:
                    v = float(rng.randint(lo, hi))
                    qualifier, text, v = self._qualify(v, unit, hi)
                last_kind = "count"
            values.append(v)
            out.append(text)
            for name in names:
                self.metrics.append((name, v, unit, qualifier))
            last_names = names
        out.append(template[pos:])
        s = "".join(out)
        if template.endswith("}") and last_kind == "count" and rng.random() < 0.15:
            word = rng.choice(("同比上升", "同比下降", "同比增长", "较上年增长"))
            x = round(rng.uniform(1.0, 40.0), rng.choice((1, 2)))
            s += f"，{word}{_fmt(x)}%"
            self.metrics.append((last_names[0], x, "%", word))
        return s

    def _qualify(self, v: float, unit: str, hi: int) -> tuple[str | None, str, float]:
        """Maybe attach 余/多/近/以上 to a count (rounded so that the approximation reads true)."""
        rng = self.rng
        if hi < 50 or v < 20 or rng.random() >= 0.2 or unit in ("个工作日", "学时"):
            return None, _fmt(v) + unit, v
        step = 100 if v >= 1000 else 10
        r = float(max(step, int(v) // step * step))
        q = _weighted(rng, (("余", 4), ("多", 3), ("近", 2), ("以上", 1)))
        if q == "以上" and unit not in ("人", "人次", "份"):
            q = "余"
        if q == "近":
            return q, f"近{_fmt(r)}{unit}", r
        if q == "以上":
            return q, f"{_fmt(r)}{unit}以上", r
        if r >= 1000 and r % 100 == 0 and r < 100000 and rng.random() < 0.25:
            return q, f"{cn_count(int(r))}{q}{unit}", r  # `十万余册` (seed 002:66)
        return q, f"{_fmt(r)}{q}{unit}", r

    # -- text pieces ---------------------------------------------------------------------------

    def sentence(self, domain: str, metric_p: float = 0.6) -> str:
        """One sentence: filler clauses and maybe one or two metric clauses."""
        rng = self.rng
        parts: list[str] = []
        if rng.random() < 0.5:
            parts.append(self.filler(domain))
        if rng.random() < metric_p:
            parts.extend(self.clause(t) for t in self.take(domain, rng.choice((1, 1, 2))))
        if not parts:
            parts.append(self.filler(domain, generic=True))
        return "，".join(parts) + "。"

    def filler(self, domain: str, generic: bool = False) -> str:
        """A filler clause of `domain` (or a generic one) not used before, if any is left."""
        pool = FILLER.get(domain, ()) + (FILLER_GENERIC if generic or domain not in FILLER else ())
        free = [f for f in pool if f not in self.used] or [
            f for f in FILLER_GENERIC if f not in self.used
        ]
        pick = self.rng.choice(free or list(pool))
        self.used.add(pick)
        return pick

    def paragraph(self, domain: str, k: int | None = None, metric_p: float = 0.6) -> str:
        """A paragraph of `k` sentences (2–4 by default)."""
        k = k if k is not None else self.rng.randint(2, 3)
        return "".join(self.sentence(domain, metric_p) for _ in range(k))

    def enumeration(self, domain: str, items: Sequence[str]) -> str:
        """`一是…；二是…。` or `一是…。二是…。` over `items` with clauses from `domain`."""
        rng = self.rng
        k = rng.randint(2, min(4, len(items)))
        chosen = rng.sample(list(items), k)
        semicolon = rng.random() < 0.5
        out: list[str] = []
        for j, item in enumerate(chosen):
            body = item
            picks = self.take(domain, 1) if rng.random() < 0.5 else []
            if picks:
                body += "，" + self.clause(picks[0])
            elif rng.random() < 0.5:
                body += "，" + self.filler(domain)
            end = "；" if semicolon and j < k - 1 else "。"
            out.append(f"{ENUM[j]}是{body}{end}")
        return "".join(out)


@dataclass(frozen=True)
class _Style:
    """Per-report choices of marker forms and layout."""

    l2_open: str
    l2_close: str
    l3_sep: str
    indent: str
    fullwidth: bool


def _l2(style: _Style, j: int) -> str:
    return f"{style.l2_open}{ENUM[j]}{style.l2_close}"


def _l3(style: _Style, j: int) -> str:
    return f"{j + 1}{style.l3_sep}"


def _choose_place(rng: random.Random) -> dict[str, Any]:
    """Pick level, region and issuers; return what the text will print."""
    level = _weighted(rng, LEVEL_WEIGHTS)
    prov, city, county, towns, streets = rng.choice(PLACES)
    if level == "street" and not streets:
        level = "township"
    muni = city is None
    region: dict[str, str | None] = {
        "province": None,
        "city": None,
        "county": None,
        "township": None,
    }
    joint = False
    if level == "province":
        chain = [prov]
        issuers = [f"{prov}人民政府"]
        g, self_ref, boss = "省政府", "我省", "党中央、国务院"
        if prov.endswith("市"):
            g, self_ref = "市政府", "我市"
        elif prov.endswith("自治区"):
            g, self_ref = "自治区政府", "我区"
    elif level == "city" and not muni:
        assert city is not None
        chain = [prov, city] if rng.random() < 0.5 else [city]
        issuers = ["".join(chain) + "人民政府"]
        g, self_ref = "市政府", "我市"
        boss = "区委、区政府" if prov.endswith("自治区") else "省委、省政府"
    elif level in ("county", "city"):
        level = "county"
        chain = _chain(rng, prov, city, [county])
        issuers = ["".join(chain) + "人民政府"]
        kind = county[-1]
        g, self_ref = f"{kind}政府", f"我{kind}"
        boss = "市委、市政府"
    else:
        unit = rng.choice(towns if level == "township" else streets)
        chain = _chain(rng, prov, city, [county, unit])
        name = "".join(chain)
        ck = county[-1]
        boss = f"{ck}委、{ck}政府"
        joint = rng.random() < 0.5
        if level == "township":
            kind = unit[-1]
            gov = f"{name}人民政府"
            issuers = [f"中共{name}委员会", gov] if joint else [gov]
            g, self_ref = f"{kind}党委政府" if joint else f"{kind}政府", f"我{kind}"
        else:
            gov = f"{name}办事处"
            issuers = [f"中共{name}工作委员会", gov] if joint else [gov]
            g, self_ref = "街道党工委办事处" if joint else "街道办事处", "我街道"
    for part in chain:
        if part == prov:
            region["province"] = prov
        elif part == city:
            region["city"] = city
        elif part == county:
            region["county"] = county
        else:
            region["township"] = part
    return {
        "level": level,
        "issuers": issuers,
        "region": region,
        "g": g,
        "self": self_ref,
        "boss": boss,
        "joint": joint,
        "short": "".join(chain[-2:]),
        "unit": chain[-1],
    }


def _chain(rng: random.Random, prov: str, city: str | None, tail: list[str]) -> list[str]:
    """How much of the region chain an issuer name prints: full, from the county, or bare."""
    full = [prov] + ([city] if city else []) + tail
    r = rng.random()
    if r < 0.3:
        return full
    if r < 0.65 and len(tail) > 1:
        return tail
    if r < 0.8 and city and len(tail) > 1:
        return [city, *tail]
    return tail[-1:]


def _build(index: int, seed: int) -> tuple[list[str], dict[str, Any], _Style, str]:
    """Lines of report `index` (before layout) and its truth (before file/encoding)."""
    rng = random.Random(f"lawgov-synth:{seed}:{index}")
    b = _Builder(rng)
    place = _choose_place(rng)
    year = rng.randint(2015, 2024)
    fullwidth = rng.random() < 0.1
    style = _Style(
        l2_open=rng.choice(("（", "（", "(")),
        l2_close="",
        l3_sep=rng.choice((".", "．", "、")),
        indent=rng.choice(("", "", "　　", "\u2002\u2002")),
        fullwidth=fullwidth,
    )
    style = _Style(
        style.l2_open, "）" if style.l2_open == "（" else ")", style.l3_sep, style.indent, fullwidth
    )
    layout = _weighted(rng, (("lines", 60), ("flat", 10), ("wrapped", 10), ("web", 20)))

    # issue date: December of the year to March of the next
    month_pick = rng.choice((12, 12, 1, 1, 1, 2, 2, 3))
    iy = year if month_pick == 12 else year + 1
    iday = rng.randint(1, 28)
    issue_date = f"{iy:04d}-{month_pick:02d}-{iday:02d}"

    lines: list[str] = []
    truth_title: str
    issuers: list[str] = place["issuers"]
    tform = _weighted(rng, (("guanyu", 6), ("guanyu_du", 2), ("niandu", 1), ("qingkuang", 1)))
    core = {
        "guanyu": f"关于{year}年法治政府建设情况的报告",
        "guanyu_du": f"关于{year}年度法治政府建设情况的报告",
        "niandu": f"{year}年法治政府建设年度报告",
        "qingkuang": f"{year}年度法治政府建设情况报告",
    }[tform]
    published: str | None = None
    doc_number: str | None = None
    signer: str | None = None
    if layout == "web":
        lines += [f"政务公开 > {place['short']} > 其他法定信息", ""]
    elif place["joint"] and rng.random() < 0.25:
        # a formal document: 发文字号 and 签发人 above the title block (seed 001)
        unit = place["unit"]
        stem = unit[:-2] if unit.endswith("街道") else unit[:-1]
        organ = "工委" if unit.endswith("街道") else "委"
        doc_number = f"{stem}{organ}文〔{iy}〕{rng.randint(1, 40)}号"
        signer = rng.choice(SIGNERS)
        shown = f"{signer[0]} {signer[1:]}" if len(signer) == 2 else signer
        lines += [""] * rng.randint(0, 4)
        lines += [f"{doc_number}{' ' * rng.randint(4, 18)}签发人：{shown}", "", ""]
    stacked = tform.startswith("guanyu") and (place["joint"] or rng.random() < 0.3)
    if tform.startswith("guanyu") and not place["joint"] and rng.random() < 0.12:
        truth_title = core
        lines.append(core)
    elif stacked:
        lines += issuers
        if rng.random() < 0.5:
            lines.append("")
        lines.append(core)
        truth_title = " ".join(issuers) + core
    else:
        truth_title = issuers[-1] + core
        lines.append(truth_title)
    if layout == "web":
        pub_day = rng.randint(1, 28)
        pm = month_pick + 1 if month_pick < 12 else 1
        py = iy if month_pick < 12 else iy + 1
        published = f"{py:04d}-{pm:02d}-{pub_day:02d}"
        stamp = rng.choice(("发布时间：", "日期:", "发布日期："))
        lines += ["", f"{stamp}{published}"]
    lines.append("")
    addressee: str | None = None
    if rng.random() < 0.7:
        addressee = place["boss"]
        lines += [f"{addressee}：", ""] if rng.random() < 0.5 else [f"{addressee}："]

    # opening paragraph: only years as numbers
    opening = (
        f"{year}年，{place['self']}在{place['boss']}的坚强领导下，"
        + "，".join(rng.sample(FILLER_GENERIC, 2))
        + "。现将有关情况报告如下："
    )
    lines.append(style.indent + opening)

    order = rng.choice(
        (
            ("ach", "short", "first", "next"),
            ("ach", "short", "first", "next"),
            ("ach", "first", "short", "next"),
            ("first", "ach", "short", "next"),
        )
    )
    parts = list(order)
    if rng.random() < 0.05:
        parts.insert(len(parts) - 1, "other")
    part_heads: list[list[str]] = []
    for j, part in enumerate(parts):
        at = len(b.headings)
        head, body = _part(b, style, place, part, year)
        text = head.format(Y=year, N=year + 1, G=place["g"])
        b.headings.insert(at, (1, text))
        part_heads.append([PART_NAMES[part], text])
        lines.append(f"{style.indent}{ENUM[j]}、{text}")
        lines.extend(body)

    if rng.random() < 0.6:
        lines.append(style.indent + rng.choice(("特此报告。", "特此报告。", "特此报告")))
    lines.append("")
    pad = rng.choice(("", "    ", "\u2002\u2002\u2002\u2002", "\u00a0\u00a0\u00a0"))
    lines += [pad + s for s in issuers]
    if rng.random() < 0.06:
        date_line = f"{_cn_year(iy)}年{_cn_number(month_pick)}月{_cn_number(iday)}日"
    else:
        date_line = f"{iy}年{month_pick}月{iday}日"
    lines.append(pad + date_line)
    if layout == "web":
        lines += [
            "",
            rng.choice(("扫一扫在手机打开当前页", "【打印】【关闭】", "扫一扫在手机打开当前页")),
        ]

    truth: dict[str, Any] = {
        "layout": layout,
        "fullwidth": fullwidth,
        "title": truth_title,
        "report_year": year,
        "issue_date": issue_date,
        "published": published,
        "addressee": addressee,
        "issuers": issuers,
        "joint_party_government": place["joint"],
        "doc_number": doc_number,
        "signer": signer,
        "admin_level": place["level"],
        "region": place["region"],
        "headings": [list(h) for h in b.headings],
        "parts": part_heads,
        "metrics": [list(m) for m in b.metrics],
    }
    return lines, truth, style, layout


def _part(
    b: _Builder, style: _Style, place: dict[str, Any], part: str, year: int
) -> tuple[str, list[str]]:
    """Heading wording and body lines of one required part; records sub-headings."""
    rng = b.rng
    ind = style.indent
    body: list[str] = []
    if part == "ach":
        head = rng.choice(PART_ACH)
        sections = rng.sample(ACH_SECTIONS, rng.randint(3, 6))
        if rng.random() < 0.1:  # level 3 straight under level 1 (a skipped level)
            for j, (words, dom) in enumerate(sections):
                t = rng.choice(words)
                b.headings.append((3, t))
                body.append(f"{ind}{_l3(style, j)}{t}。{b.paragraph(dom)}")
            return head, body
        for j, (words, dom) in enumerate(sections):
            t = rng.choice(words)
            b.headings.append((2, t))
            mark = _l2(style, j)
            shape = rng.random()
            if shape < 0.4:  # run-in
                body.append(f"{ind}{mark}{t}。{b.paragraph(dom)}")
            elif shape < 0.6:  # run-in followed by enumeration
                body.append(f"{ind}{mark}{t}。{b.enumeration(dom, ITEMS[dom])}")
            elif shape < 0.8:  # standalone heading with paragraphs
                body.append(f"{ind}{mark}{t}" + ("。" if rng.random() < 0.3 else ""))
                for _ in range(rng.randint(1, 2)):
                    body.append(ind + b.paragraph(dom))
            else:  # standalone heading with level-3 items
                body.append(f"{ind}{mark}{t}")
                for k, item in enumerate(rng.sample(ITEMS[dom], rng.randint(2, 4))):
                    b.headings.append((3, item))
                    body.append(
                        f"{ind}{_l3(style, k)}{item}。{b.paragraph(dom, rng.randint(1, 3))}"
                    )
        return head, body
    if part == "first":
        head = rng.choice(PART_FIRST)
        body.append(ind + b.paragraph("lead", rng.randint(1, 2), 0.3))
        if rng.random() < 0.5:
            items = rng.sample(FIRST_FILLER, rng.randint(2, 3))
            for k, item in enumerate(items):
                short = item.split("，")[0]
                b.headings.append((3, short))
                body.append(f"{ind}{_l3(style, k)}{short}。{b.paragraph('lead', 1, 0.7)}")
        else:
            body.append(
                ind
                + "".join(f + "。" for f in rng.sample(FIRST_FILLER, 2))
                + b.paragraph("lead", 1, 0.9)
            )
        return head, body
    if part == "short":
        head = rng.choice(PART_SHORT)
        if rng.random() < 0.5:
            for k, item in enumerate(rng.sample(SHORT_ITEMS, rng.randint(2, 4))):
                b.headings.append((2, item))
                body.append(f"{ind}{_l2(style, k)}{item}。{rng.choice(SHORT_FILLER)}。")
        else:
            body.append(ind + rng.choice(SHORT_FILLER) + "。" + b.enumeration("", SHORT_ITEMS))
        return head, body
    if part == "next":
        head = rng.choice(PART_NEXT)
        body.append(f"{ind}{year + 1}年，{place['self']}将" + rng.choice(NEXT_FILLER) + "。")
        if rng.random() < 0.6:
            for k, item in enumerate(rng.sample(NEXT_ITEMS, rng.randint(2, 5))):
                b.headings.append((2, item))
                fill = "。".join(rng.sample(NEXT_FILLER, rng.randint(1, 2)))
                body.append(f"{ind}{_l2(style, k)}{item}。{fill}。")
        else:
            body.append(ind + b.enumeration("", NEXT_ITEMS))
        return head, body
    head = rng.choice(PART_OTHER)
    body.append(ind + b.paragraph("", 2, 0.0))
    return head, body


_FW = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_ASCII_PUNCT = str.maketrans("，：；（）", ",:;()")
_CJK_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")


def _space_digits(s: str) -> str:
    """Put a space between CJK and Arabic digits, as some Word exports do (`2021 年`, `达 100%`)."""
    return _CJK_DIGIT.sub(" ", s)


def _to_fullwidth(s: str) -> str:
    return s.translate(_FW)


def _wrap(lines: list[str], rng: random.Random) -> list[str]:
    """Hard-wrap at WRAP_WIDTH characters and insert `- N -` page lines."""
    wrapped: list[str] = []
    for ln in lines:
        if len(ln) <= WRAP_WIDTH:
            wrapped.append(ln)
        else:
            wrapped.extend(ln[k : k + WRAP_WIDTH] for k in range(0, len(ln), WRAP_WIDTH))
    out: list[str] = []
    page = 1
    for k, ln in enumerate(wrapped):
        if k and k % PAGE_LINES == 0:
            out += ["", f"- {page} -", ""] if rng.random() < 0.5 else [f"- {page} -"]
            page += 1
        out.append(ln)
    out += ["", f"- {page} -"]
    return out


@cache
def _traditional_table() -> dict[int, str]:
    """Simplified → Traditional, as a mirror writes it: a character Traditional text also uses
    (one of Big5, such as `年` or `干`) stays; any other takes the first Big5 character that
    `_core.fold` maps to it (`区` → `區`, `庆` → `慶`)."""
    chars = "".join(map(chr, range(0x4E00, 0xA000)))
    table: dict[int, str] = {}
    for c, f in zip(chars, _core.fold(chars), strict=True):
        if c != f and in_charset(c, "big5") and not in_charset(f, "big5"):
            table.setdefault(ord(f), c)
    return table


def to_traditional(text: str) -> str:
    """`text` with every character that has a Traditional form written in it."""
    return text.translate(_traditional_table())


def make_report(index: int, seed: int = 0) -> SynthReport:
    """Build report `index` of the stream with `seed`, independent of every other report."""
    lines, truth, style, layout = _build(index, seed)
    rng = random.Random(f"lawgov-synth-layout:{seed}:{index}")
    ascii_punct = rng.random() < 0.15
    spaced = rng.random() < 0.05
    steps: list[Any] = []
    if spaced:
        steps.append(_space_digits)
    if ascii_punct:
        steps.append(lambda x: x.translate(_ASCII_PUNCT))
    if style.fullwidth:
        steps.append(_to_fullwidth)
    for f in steps:
        lines = [f(ln) for ln in lines]
        truth["title"] = f(truth["title"])
        truth["headings"] = [[lv, f(t)] for lv, t in truth["headings"]]
        truth["parts"] = [[p, f(t)] for p, t in truth["parts"]]
    if rng.random() < 0.03:  # Word debris before one sub-heading (seed 001:39)
        at = [
            k for k, ln in enumerate(lines) if re.match(r"\s*[（(][一二三四五六七八九十][）)]", ln)
        ]
        if at:
            k = rng.choice(at)
            lines[k] = "[bookmark: OLE_LINK1]" + lines[k].lstrip()
    truth["ascii_punct"] = ascii_punct
    truth["spaced_digits"] = spaced
    newline = "\n"
    if layout == "flat":
        text = "　".join(ln.strip() for ln in lines if ln.strip()) + "\n"
    else:
        if layout == "wrapped":
            lines = _wrap(lines, rng)
        elif rng.random() < 0.1:
            newline = "\r\n"
        text = newline.join(lines) + newline
    encoding = "gb18030" if rng.random() < 0.15 else "utf-8"
    # Script and damage come from a stream of their own, so the rest of a report is the same
    # whatever they are.
    variant = random.Random(f"lawgov-synth-variant:{seed}:{index}")
    traditional = variant.random() < 0.08
    if traditional:
        text = to_traditional(text)
    data = text.encode(encoding)
    mojibake = encoding == "utf-8" and variant.random() < 0.03
    if mojibake:
        data = data.decode("gbk", errors="replace").encode("utf-8")
    file = f"{index // FILES_PER_DIR:04d}/{index:07d}.txt"
    record = {
        "file": file,
        "encoding": encoding,
        "newline": newline,
        "script": "traditional" if traditional else "simplified",
        "mojibake": mojibake,
        **truth,
    }
    return SynthReport(index=index, file=file, data=data, truth=record)


def iter_reports(n: int, seed: int = 0, start: int = 0) -> Iterator[SynthReport]:
    """Reports `start`…`start+n-1`, one at a time."""
    for i in range(start, start + n):
        yield make_report(i, seed)


def generate(n: int, out: Path, seed: int = 0) -> SynthSummary:
    """Write `n` reports under `out` (≤ FILES_PER_DIR per subfolder) and `out/truth.jsonl`.

    Streams: one report is in memory at a time, whatever `n` is.
    """
    if n < 0:
        raise ValueError("n must be non-negative")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    layouts: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    total = headings = metrics = 0
    truth_path = out / TRUTH_FILE
    current_dir = -1
    with truth_path.open("w", encoding="utf-8") as tf:
        for rep in iter_reports(n, seed):
            d = rep.index // FILES_PER_DIR
            if d != current_dir:
                (out / f"{d:04d}").mkdir(exist_ok=True)
                current_dir = d
            (out / rep.file).write_bytes(rep.data)
            tf.write(json.dumps(rep.truth, ensure_ascii=False) + "\n")
            total += len(rep.data)
            layouts[rep.truth["layout"]] += 1
            encodings[rep.truth["encoding"]] += 1
            headings += len(rep.truth["headings"])
            metrics += len(rep.truth["metrics"])
    return SynthSummary(
        n=n,
        out=out,
        truth=truth_path,
        bytes=total,
        seconds=time.perf_counter() - t0,
        layouts=tuple(sorted(layouts.items())),
        encodings=tuple(sorted(encodings.items())),
        headings=headings,
        metrics=metrics,
    )


# ---------------------------------------------------------------------------------------------
# Truth check
# ---------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def _norm_text(s: str | None) -> str:
    if s is None:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", _fold(s))).rstrip("。")


def _fold(s: Any) -> Any:
    """Traditional → Simplified for strings (the truth is Simplified), anything else as is."""
    return _core.fold(s) if isinstance(s, str) else s


def _norm_unit(u: str) -> str:
    return re.sub(r"[()（）\s]", "", unicodedata.normalize("NFKC", u))


def read_truth(out: Path) -> Iterator[dict[str, Any]]:
    """The truth records of a generated folder, in report order."""
    with (Path(out) / TRUTH_FILE).open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def score(
    truth: Iterable[dict[str, Any]], reports: Iterable[Any], max_examples: int = 8
) -> TruthScore:
    """Score extracted `reports` (in the same order as `truth`) against the truth records."""
    tot = Counter[str]()
    per_layout: dict[str, Counter[str]] = {}
    field_hits: Counter[str] = Counter()
    misses: dict[str, list[str]] = {}
    n = 0

    def note(kind: str, msg: str) -> None:
        lst = misses.setdefault(kind, [])
        if len(lst) < max_examples:
            lst.append(msg)

    for t, r in zip(truth, reports, strict=True):
        n += 1
        lay = per_layout.setdefault(t["layout"], Counter())
        lay["reports"] += 1
        th = Counter((lv, _norm_text(tx)) for lv, tx in t["headings"])
        eh = Counter((h.level, _norm_text(h.text)) for h in r.headings)
        c = {
            "heading_tp": sum((th & eh).values()),
            "heading_fp": sum((eh - th).values()),
            "heading_fn": sum((th - eh).values()),
        }
        for k, v in (th - eh).items():
            note(f"heading_missed[{t['layout']}]", f"{t['file']}: {k[0]} {k[1]} ×{v}")
        for k, v in (eh - th).items():
            note(f"heading_spurious[{t['layout']}]", f"{t['file']}: {k[0]} {k[1]} ×{v}")
        tm = Counter((round(float(v), 4), _norm_unit(u)) for _, v, u, _ in t["metrics"])
        em = Counter((round(float(m.value), 4), _norm_unit(m.unit)) for m in r.metrics)
        c["metric_tp"] = sum((tm & em).values())
        c["metric_fp"] = sum((em - tm).values())
        c["metric_fn"] = sum((tm - em).values())
        tn = Counter((_fold(nm), round(float(v), 4), _norm_unit(u)) for nm, v, u, _ in t["metrics"])
        en = Counter(
            (_fold(m.name), round(float(m.value), 4), _norm_unit(m.unit)) for m in r.metrics
        )
        c["name_tp"] = sum((tn & en).values())
        for k, v in (tm - em).items():
            names = [
                nm for nm, vv, u, _ in t["metrics"] if (round(float(vv), 4), _norm_unit(u)) == k
            ]
            note(f"metric_missed[{t['layout']}]", f"{t['file']}: {k[0]:g}{k[1]} {names} ×{v}")
        for k, v in (em - tm).items():
            got = [
                f"{m.name} «{m.surface}»"
                for m in r.metrics
                if (round(float(m.value), 4), _norm_unit(m.unit)) == k
            ]
            note("metric_spurious", f"{t['file']}: {k[0]:g}{k[1]} surplus ×{v} among {got}")
        for k in tn - en:
            if (k[1], k[2]) in (tm & em):
                got = [
                    m.name
                    for m in r.metrics
                    if (round(float(m.value), 4), _norm_unit(m.unit)) == (k[1], k[2])
                ]
                note("metric_wrong_name", f"{t['file']}: want {k[0]} {k[1]:g}{k[2]}, got {got}")
        tot.update(c)
        lay.update(c)
        checks = {
            "title": _norm_text(t["title"]) == _norm_text(r.title),
            "report_year": t["report_year"] == r.report_year,
            "issue_date": t["issue_date"] == r.issue_date,
            "admin_level": t["admin_level"] == r.admin_level,
            "region": all(
                _fold(t["region"][k]) == _fold(getattr(r.region, k))
                for k in ("province", "city", "county", "township")
            ),
            "addressee": _fold(t["addressee"]) == _fold(r.addressee),
            "published": (r.published or "")[:10] == (t["published"] or ""),
            "doc_number": _fold(t["doc_number"]) == _fold(r.doc_number),
            "signer": _fold(t["signer"]) == _fold(r.signer),
            "issuers": [_norm_text(x) for x in t["issuers"]] == [_norm_text(x) for x in r.issuers],
        }
        tagged = {_norm_text(h.text): h.part for h in r.headings if h.level == 1}
        for part, text in t["parts"]:
            got_part = tagged.get(_norm_text(text), "(no heading)")
            field_hits["part_total"] += 1
            field_hits["part_hits"] += got_part == part
            if got_part != part:
                note("part", f"{t['file']}: {text} want {part}, got {got_part}")
        for k, ok in checks.items():
            field_hits[k] += ok
            if not ok:
                got: Any = getattr(r, k)
                if k == "region":
                    got = {x: getattr(r.region, x) for x in t["region"]}
                note(f"field_{k}", f"{t['file']}: want {t[k]!r}, got {got!r}")

    by_layout = {
        name: {
            "reports": float(cnt["reports"]),
            "heading_f1": round(_f1(cnt["heading_tp"], cnt["heading_fp"], cnt["heading_fn"]), 4),
            "metric_f1": round(_f1(cnt["metric_tp"], cnt["metric_fp"], cnt["metric_fn"]), 4),
        }
        for name, cnt in sorted(per_layout.items())
    }
    return TruthScore(
        reports=n,
        heading_tp=tot["heading_tp"],
        heading_fp=tot["heading_fp"],
        heading_fn=tot["heading_fn"],
        metric_tp=tot["metric_tp"],
        metric_fp=tot["metric_fp"],
        metric_fn=tot["metric_fn"],
        name_tp=tot["name_tp"],
        fields={
            **{
                k: field_hits[k] / n if n else 0.0
                for k in (
                    "title",
                    "issuers",
                    "report_year",
                    "issue_date",
                    "published",
                    "admin_level",
                    "region",
                    "addressee",
                    "doc_number",
                    "signer",
                )
            },
            "parts": field_hits["part_hits"] / max(1, field_hits["part_total"]),
        },
        by_layout=by_layout,
        misses=misses,
    )


def check(out: Path, threads: int | None = None) -> TruthScore:
    """Extract every report listed in `out/truth.jsonl` and score it against the truth."""
    from lawgov_index.extract import extract_files

    out = Path(out)
    truth = read_truth(out)
    files = (out / t["file"] for t in read_truth(out))
    return score(truth, extract_files(files, threads=threads))

"""Broad sectors the demo generator reasons with: which parks, companies, chains and spaces fit together.

A sector is recognised in a park's leading industries and a company's products by its keywords, in a
申万 code by its level-1 prefix; it says which carriers suit it and which of the reference chains it
works in. This is the generator's own coarse judgement, never stored as a fact.
"""

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)  # one object per sector: compared by identity
class Sector:
    name: str
    short: str  # the word used in generated names: 标准厂房 -> 生物医药标准厂房
    keywords: tuple[str, ...]
    sw_prefixes: tuple[str, ...]  # 申万 2021 level-1 codes' first two digits
    gb_prefixes: tuple[str, ...]  # GB/T 4754 divisions
    carrier_kinds: tuple[str, ...]  # in order of preference
    clean_room_grades: tuple[str, ...]
    chain_codes: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector(
        "集成电路与电子信息",
        "电子信息",
        ("集成电路", "半导体", "芯片", "电子", "光电", "显示", "元器件", "通信", "传感", "信息产业"),
        ("27", "73"),
        ("39",),
        ("standard_factory", "lab", "office", "incubator"),
        ("ISO 5", "ISO 6", "ISO 7"),
        (
            "semiconductor",
            "semiconductor-materials",
            "smart-sensor",
            "smart-terminal",
            "ultra-hd",
            "network-comm",
            "light-computing",
        ),
    ),
    Sector(
        "生物医药与医疗器械",
        "生物医药",
        ("生物", "医药", "制药", "医疗", "器械", "中药", "健康", "疫苗", "基因", "细胞"),
        ("37",),
        ("27", "358"),
        ("standard_factory", "lab", "incubator", "office"),
        ("ISO 7", "ISO 8", "GMP C", "GMP D"),
        ("bio-medicine", "medical-device", "healthcare", "cell-gene", "synthetic-bio"),
    ),
    Sector(
        "软件与数字经济",
        "数字经济",
        (
            "软件",
            "信息技术",
            "信息服务",
            "大数据",
            "云计算",
            "互联网",
            "数字",
            "电商",
            "人工智能",
            "服务外包",
            "文化创意",
            "金融",
            "总部",
            "平台经济",
            "区块链",
            "动漫",
            "传媒",
        ),
        ("71", "72", "48", "49"),
        ("63", "64", "65"),
        ("office", "incubator"),
        (),
        ("software", "blockchain", "digital-creative", "brain-science", "quantum"),
    ),
    Sector(
        "高端装备与智能制造",
        "智能装备",
        (
            "装备",
            "机械",
            "智能制造",
            "设备",
            "机电",
            "仪器",
            "仪表",
            "船舶",
            "航空",
            "航天",
            "轨道交通",
            "先进制造",
            "精密",
            "机器人",
            "激光",
            "模具",
            "军工",
        ),
        ("64", "65"),
        ("34", "35", "37", "40"),
        ("standard_factory", "land_parcel", "lab"),
        (),
        (
            "industrial-machine",
            "smart-robot",
            "precision-instrument",
            "laser-manufacturing",
            "aerospace",
        ),
    ),
    Sector(
        "汽车及零部件",
        "汽车",
        ("汽车", "零部件", "零配件", "摩托车", "交通运输设备", "整车", "车辆"),
        ("28",),
        ("36",),
        ("standard_factory", "land_parcel"),
        (),
        ("smart-vehicle",),
    ),
    Sector(
        "能源与电力装备",
        "新能源",
        ("新能源", "光伏", "电力", "能源", "储能", "锂电", "风电", "电池", "氢能", "电网", "煤炭", "热力"),
        ("63", "41", "74"),
        ("38", "44"),
        ("standard_factory", "land_parcel", "lab"),
        (),
        ("new-energy",),
    ),
    Sector(
        "新材料与化工",
        "新材料",
        ("新材料", "化工", "石化", "材料", "橡胶", "塑料", "化纤", "磷", "盐化", "氟", "硅", "炼化"),
        ("22", "75"),
        ("25", "26", "28", "29"),
        ("standard_factory", "land_parcel", "lab"),
        (),
        ("new-material", "semiconductor-materials"),
    ),
    Sector(
        "冶金与建材",
        "冶金建材",
        ("冶金", "钢铁", "有色", "建材", "金属", "铝", "不锈钢", "陶瓷", "石材", "水泥", "玻璃", "矿"),
        ("23", "24", "61", "62"),
        ("30", "31", "32", "33"),
        ("land_parcel", "standard_factory"),
        (),
        ("new-material",),
    ),
    Sector(
        "食品与农产品加工",
        "食品",
        (
            "食品",
            "农副",
            "农产品",
            "饮料",
            "酒",
            "乳",
            "农畜",
            "林产品",
            "粮油",
            "肉",
            "茶",
            "果蔬",
            "中药材",
        ),
        ("11", "34"),
        ("13", "14", "15"),
        ("standard_factory", "land_parcel"),
        ("ISO 8",),
        (),
    ),
    Sector(
        "纺织服装与轻工",
        "轻工纺织",
        (
            "纺织",
            "服装",
            "服饰",
            "鞋",
            "家具",
            "轻工",
            "造纸",
            "印刷",
            "包装",
            "皮革",
            "木",
            "家电",
            "五金",
            "玩具",
            "时尚",
            "家居",
        ),
        ("35", "36", "33", "77"),
        ("17", "18", "19", "20", "21", "22", "23", "24"),
        ("standard_factory",),
        (),
        ("modern-fashion",),
    ),
    Sector(
        "现代物流与商贸",
        "物流",
        ("物流", "仓储", "保税", "商贸", "贸易", "跨境", "口岸", "港口", "供应链", "会展"),
        ("42", "45"),
        ("51", "52", "54", "58", "59"),
        ("standard_factory", "office", "land_parcel"),
        (),
        (),
    ),
    Sector(
        "节能环保",
        "环保",
        ("节能", "环保", "再生资源", "循环", "资源综合利用", "固废", "水处理"),
        ("76",),
        ("77", "42"),
        ("standard_factory", "land_parcel"),
        (),
        ("energy-saving",),
    ),
)
BY_NAME = {sector.name: sector for sector in SECTORS}
DEFAULT_SECTOR = BY_NAME["高端装备与智能制造"]


def sectors_in(texts: list[str]) -> list[Sector]:
    """The sectors the texts mention, most mentioned first (ties in table order)."""
    counts = {
        sector.name: sum(any(k in text for k in sector.keywords) for text in texts) for sector in SECTORS
    }
    return [BY_NAME[name] for name, count in sorted(counts.items(), key=lambda item: -item[1]) if count]


def sector_of_company(sw_code: str | None, texts: list[str]) -> Sector | None:
    """A company's sector: by its 申万 code, else by what its products and industry name mention."""
    if sw_code:
        for sector in SECTORS:
            if sw_code[:2] in sector.sw_prefixes:
                return sector
    found = sectors_in(texts)
    return found[0] if found else None


def bigrams(texts: list[str]) -> set[str]:
    """Two-character pieces of the texts: a cheap overlap measure for Chinese industry names."""
    return {text[i : i + 2] for text in texts for i in range(len(text) - 1)}

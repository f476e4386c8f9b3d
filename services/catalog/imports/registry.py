"""The entities that can be imported and exported, and how their columns may be named in files.

An entity is its domain's CRUD `Resource` plus the column headers officers use for it. Everything
else is derived, so import, export and the API stay in step with the domain:
- the model, the Create schema (validation), `check_write` (who may write each row) and `validate`
  (the domain's own checks) come from the resource, as for `POST /api/v1/<entity>`;
- the natural keys used to find duplicates are the model's unique columns and constraints;
- each column's cell format follows its field's type in the Create schema (see cells.py).

To add an entity: append `EntitySpec(<domain>.endpoints.resource, aliases={...})` to `ENTITIES`.
"""

import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sqlalchemy import Column, Table, UniqueConstraint

from services.catalog.carriers.endpoints import resource as carriers
from services.catalog.companies.endpoints import resource as companies
from services.catalog.companies.endpoints import supply_link_resource as supply_links
from services.catalog.funds.endpoints import resource as funds
from services.catalog.imports.cells import SHARES, CellCodec, CellKind, cell_kind, element_type
from services.catalog.imports.labels import PROVINCE, enum_codec
from services.catalog.investments.endpoints import resource as investments
from services.catalog.kit.endpoints import Resource
from services.catalog.kit.ownership import ParkScopedRepository
from services.catalog.kit.schemas import Provenance
from services.catalog.leads.endpoints import resource as leads
from services.catalog.parks.endpoints import resource as parks
from services.catalog.policies.endpoints import resource as policies
from services.catalog.providers.endpoints import resource as providers
from services.catalog.tenancies.endpoints import resource as tenancies
from shared.errors import NotFound
from shared.principal import Role
from shared.schemas import PrimaryKey

# Columns an object has besides its Create fields: not read on import (and not reported as ignored),
# except `id`, which an upsert uses to find the stored row. Exports carry the id first.
SYSTEM_COLUMNS = ("id", "version", "created_at", "updated_at")
# A header may end with a unit, e.g. 注册资本(万元): the unit scales numbers, any other unit is dropped.
_UNIT = re.compile(r"^(.+?)\(([^()]*)\)$")
_UNIT_SCALE = {"元": 1.0, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8, "%": 0.01}
_HEADER_NOISE = str.maketrans({"（": "(", "）": ")", "＊": "", "*": "", " ": "", "\u3000": "", "\t": ""})

PROVENANCE_ALIASES = {
    "来源": "source",
    "数据来源": "source",
    "数据日期": "as_of",
    "截至日期": "as_of",
    "是否生成": "is_generated",
    "演示数据": "is_generated",
}


# Text fields up to this length (names, codes, places) are one line; longer ones (descriptions) may
# hold line breaks.
SINGLE_LINE_MAX_LENGTH = 300


@dataclass(frozen=True)
class FieldPlan:
    name: str
    kind: CellKind
    codec: CellCodec | None
    required: bool
    single_line: bool = False
    # The column header exports write: the field's first Chinese alias, with its unit (注册资本(元)).
    header: str = ""


ID_FIELD = FieldPlan("id", CellKind.number, None, required=False, header="id")

# A company's newest financial figures (CompanyRead.latest_financials), each named by its path in the
# read schema, with its date and source: exports show them, the import reports them read-only (they
# come from the financials' own source, never from a file of companies).
LATEST_FINANCIALS = tuple(
    FieldPlan(f"latest_financials.{name}", kind, None, required=False, header=header)
    for name, kind, header in (
        ("as_of", CellKind.date, "财务数据日期"),
        ("source", CellKind.text, "财务数据来源"),
        ("total_assets_yuan", CellKind.number, "总资产(元)"),
        ("liquid_assets_yuan", CellKind.number, "流动资产(元)"),
        ("fixed_assets_yuan", CellKind.number, "固定资产(元)"),
        ("revenue_yoy_pct", CellKind.number, "营业收入同比增长率(%)"),
        ("profit_yoy_pct", CellKind.number, "净利润同比增长率(%)"),
        ("gross_margin_pct", CellKind.number, "毛利率(%)"),
        ("net_margin_pct", CellKind.number, "净利率(%)"),
        ("eps_yuan", CellKind.number, "每股收益(元)"),
        ("book_value_per_share_yuan", CellKind.number, "每股净资产(元)"),
        ("pe", CellKind.number, "市盈率"),
        ("pb", CellKind.number, "市净率"),
        ("shareholders", CellKind.number, "股东户数"),
        ("not_reported", CellKind.text_list, "财务数据未披露项"),
    )
)
# Units exports name in headers, by the field name's ending; the import reads them back (see _UNIT).
_HEADER_UNITS = {
    "_yuan_m2_month": "元/平方米/月",
    "_kn_m2": "kN/平方米",
    "_yuan": "元",
    "_m2": "平方米",
    "_ha": "公顷",
}


@dataclass(frozen=True)
class ColumnPlan:
    """How one column of a file feeds a field: `scale` from a unit in the header (万元 -> 10000)."""

    header: str
    field: FieldPlan
    scale: float = 1.0


def normalize_header(header: str) -> str:
    return header.translate(_HEADER_NOISE).strip().lower()


class EntitySpec:
    def __init__(
        self,
        resource: Resource,
        *,
        aliases: Mapping[str, str],
        codecs: Mapping[str, CellCodec] | None = None,
        private_fields: frozenset[str] = frozenset(),
        lookup_keys: tuple[tuple[str, ...], ...] = (),
        read_only: tuple[FieldPlan, ...] = (),
    ) -> None:
        self.resource = resource
        # Columns exports add after the fields from what the API shows (a dotted path in the read
        # schema); the import does not read them and reports them as read-only.
        self.read_only = read_only
        self.name = resource.path.strip("/")
        self.model: Any = resource.repository.model
        self.table: Table = self.model.__table__
        self.create_schema = resource.create_schema
        self.private_fields = private_fields
        codecs = (
            {"province": PROVINCE, **(codecs or {})}
            if "province" in self.create_schema.model_fields
            else codecs or {}
        )
        first_alias: dict[str, str] = {}
        for alias, name in {**PROVENANCE_ALIASES, **aliases}.items():
            first_alias.setdefault(name, alias)
        self.fields = {
            name: _field_plan(name, info, codecs.get(name), first_alias.get(name))
            for name, info in self.create_schema.model_fields.items()
        }
        stray = set(self.fields) - set(self.table.columns.keys())
        unknown = (set(aliases.values()) | set(codecs) | private_fields) - set(self.fields)
        if stray or unknown:
            raise ValueError(
                f"{self.name}: fields {sorted(stray | unknown)} are not columns of the Create schema/model"
            )
        self._headers = {normalize_header(name): name for name in self.fields}
        for alias, field in {**PROVENANCE_ALIASES, **aliases}.items():
            if field in self.fields:
                self._headers.setdefault(normalize_header(alias), field)
        # Admins import; so do officers where rows belong to a park (only their parks': checked row by
        # row by the repository, and a refused row names this field).
        park_scoped = issubclass(resource.repository, ParkScopedRepository)
        self.importers = frozenset({Role.admin, Role.officer} if park_scoped else {Role.admin})
        self.scope_field = "park_id" if park_scoped else None
        # The model's unique columns, then keys that name one object without being unique in the
        # database (a company's name + province): both find the stored row a file row means.
        self.natural_keys = [*_natural_keys(self.table), *lookup_keys]
        # An upsert finds the stored row by id or by a natural key.
        self.upsert_keys: list[tuple[str, ...]] = [(ID_FIELD.name,), *self.natural_keys]
        key_fields = {name for key in self.natural_keys for name in key}
        self._key_adapters = {
            name: _field_adapter(info)
            for name, info in self.create_schema.model_fields.items()
            if name in key_fields
        }
        self._key_adapters[ID_FIELD.name] = TypeAdapter(PrimaryKey)
        # Exports show beside each reference the name of the row it names (企业id -> 企业名称), for
        # people; the import knows these columns and does not read them.
        own_headers = {normalize_header(plan.header) for plan in self.fields.values()} | set(self._headers)
        self.reference_names: dict[str, tuple[Column[Any], FieldPlan]] = {}
        for column in self.table.columns:
            target = next(iter(column.foreign_keys)).column.table if column.foreign_keys else None
            if column.key not in self.fields or target is None or "name" not in target.c:
                continue
            header = self.fields[column.key].header.removesuffix("id") + "名称"
            if normalize_header(header) not in own_headers:
                plan = FieldPlan(f"{column.key}.name", CellKind.text, None, required=False, header=header)
                self.reference_names[column.key] = (target.c.name, plan)
        self.reference_headers = {normalize_header(plan.header) for _, plan in self.reference_names.values()}
        self.read_only_headers = {normalize_header(plan.header) for plan in read_only}
        self.read_only_headers |= {_UNIT.sub(r"\1", header) for header in self.read_only_headers}

    def is_read_only(self, header: str) -> bool:
        """An export's read-only column, with or without its unit."""
        key = normalize_header(header)
        return key in self.read_only_headers or _UNIT.sub(r"\1", key) in self.read_only_headers

    def key_of(self, raw: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...] | None:
        """A key (the id or a natural key) from a row's cells, each part validated as its field would be
        (None if a part is missing or invalid); a missing field with a default takes the default."""
        parts = []
        for name in key:
            if name in raw:
                try:
                    parts.append(self._key_adapters[name].validate_python(raw[name]))
                except ValidationError:
                    return None
            elif name in self.fields:
                parts.append(self.create_schema.model_fields[name].get_default(call_default_factory=True))
            else:
                return None
        return None if any(part is None or part is PydanticUndefined for part in parts) else tuple(parts)

    def stored_values(self, obj: Any) -> dict[str, Any]:
        """The Create fields of a stored object, for validating an upserted row as a whole."""
        return {name: getattr(obj, name) for name in self.fields}

    def column(self, header: str) -> ColumnPlan | None:
        """The field a column header means (a field name or an alias, any case, with or without a unit)."""
        key = normalize_header(header)
        if key in self._headers:
            return ColumnPlan(header, self.fields[self._headers[key]])
        unit = _UNIT.match(key)
        if unit and unit.group(1) in self._headers:
            plan = self.fields[self._headers[unit.group(1)]]
            scale = _UNIT_SCALE.get(unit.group(2), 1.0) if plan.kind is CellKind.number else 1.0
            return ColumnPlan(header, plan, scale)
        return None

    def labels(self, field: str) -> list[str]:
        """The headers a field may have, its own name first (for error messages)."""
        return [field, *(alias for alias, name in self._headers.items() if name == field and alias != field)]

    def export_fields(self, reads_private: bool) -> list[str]:
        """Natural keys first, provenance last; private fields only for callers who read private data."""
        keys = [key[0] for key in self.natural_keys if len(key) == 1]
        rest = [name for name in self.fields if name not in keys]
        ordered = keys + sorted(rest, key=lambda name: name in Provenance.model_fields)
        return [name for name in ordered if reads_private or name not in self.private_fields]

    def export_columns(self, reads_private: bool) -> list[FieldPlan]:
        """The id, then the fields, each reference followed by the name of what it names, then the
        read-only columns."""
        columns = [ID_FIELD]
        for name in self.export_fields(reads_private):
            columns.append(self.fields[name])
            if name in self.reference_names:
                columns.append(self.reference_names[name][1])
        return [*columns, *self.read_only]


def _field_plan(name: str, info: FieldInfo, codec: CellCodec | None, alias: str | None) -> FieldPlan:
    """How a field's cells read and write: its own codec, else its choices' Chinese labels, else its type."""
    kind = cell_kind(info.annotation)
    held, many = element_type(info.annotation)
    if codec is None and isinstance(held, type) and issubclass(held, Enum):
        codec = enum_codec(held, many)
    length = _max_length(info.annotation, info.metadata)
    single_line = kind is CellKind.text and length is not None and length <= SINGLE_LINE_MAX_LENGTH
    header = alias or name
    unit = next((unit for ending, unit in _HEADER_UNITS.items() if name.endswith(ending)), None)
    if alias and unit and kind is CellKind.number:
        header = f"{alias}({unit})"
    return FieldPlan(name, kind, codec, info.is_required(), single_line, header)


def _max_length(annotation: Any, metadata: list[Any]) -> int | None:
    """The max_length a field's constraints set, wherever it sits (Field(...), Annotated, X | None)."""
    for item in metadata:
        if isinstance(getattr(item, "max_length", None), int):
            return int(item.max_length)
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return _max_length(inner, extra)
    if origin in (Union, types.UnionType):
        lengths = [_max_length(arg, []) for arg in get_args(annotation) if arg is not type(None)]
        return max((n for n in lengths if n is not None), default=None) if all(lengths) else None
    return None


def _field_adapter(info: FieldInfo) -> TypeAdapter[Any]:
    """Validates one value as the field does (its type and its constraints)."""
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _natural_keys(table: Table) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [(column.key,) for column in table.columns if column.unique]
    keys += [
        tuple(column.key for column in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    return list(dict.fromkeys(keys))


ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        EntitySpec(
            parks,
            aliases={
                "园区编码": "code",
                "编码": "code",
                "代码": "code",
                "开发区代码": "code",
                "园区名称": "name",
                "名称": "name",
                "开发区名称": "name",
                "别名": "aliases",
                "类型": "zone_type",
                "园区类型": "zone_type",
                "开发区类型": "zone_type",
                "批准级别": "approval_level",
                "级别": "approval_level",
                "省份": "province",
                "省": "province",
                "城市": "city",
                "市": "city",
                "批准时间": "approved_on",
                "批准日期": "approved_on",
                "核准面积": "approved_area_ha",
                "批准面积": "approved_area_ha",
                "主导产业": "leading_industries",
                "简介": "description",
                "描述": "description",
                "上级园区": "parent_id",
                "虚拟园区": "is_virtual",
                "是否虚拟园区": "is_virtual",
                "经度": "longitude",
                "纬度": "latitude",
                "坐标质量": "coordinate_quality",
                "数据说明": "data_notes",
            },
        ),
        EntitySpec(
            companies,
            aliases={
                "企业名称": "name",
                "名称": "name",
                "公司名称": "name",
                "公司全称": "name",
                "简称": "short_name",
                "企业简称": "short_name",
                "股票简称": "short_name",
                "股票代码": "stock_code",
                "证券代码": "stock_code",
                "交易所": "exchange",
                "上市地": "exchange",
                "统一社会信用代码": "uscc",
                "信用代码": "uscc",
                "省份": "province",
                "省": "province",
                "所在省份": "province",
                "城市": "city",
                "市": "city",
                "所在城市": "city",
                "行业代码": "industry_codes",
                "国民经济行业代码": "industry_codes",
                "申万行业代码": "sw_industry_code",
                "申万行业": "sw_industry_name",
                "申万行业名称": "sw_industry_name",
                "主营产品": "products",
                "主要产品": "products",
                "产品": "products",
                "注册资本": "registered_capital_yuan",
                "营收规模": "revenue_band",
                "营业收入规模": "revenue_band",
                "员工人数": "headcount",
                "人数": "headcount",
                "职工人数": "headcount",
                "成立年份": "founded_year",
                "成立日期": "founded_on",
                "成立时间": "founded_on",
                "网址": "website",
                "公司网址": "website",
                "官网": "website",
                "注册地址": "registered_address",
                "注册地址来源": "registered_address_source",
                "办公地址": "office_address",
                "办公地址经度": "office_lng_bd09",
                "办公地址纬度": "office_lat_bd09",
                "工商信息来源": "registry_source",
                "工商信息日期": "registry_as_of",
                "数据说明": "data_notes",
                "融资阶段": "funding_stage",
                "融资轮次": "funding_stage",
                "资质": "qualifications",
                "企业资质": "qualifications",
                "企业性质": "ownership",
                "所有制": "ownership",
                "简介": "description",
                "企业简介": "description",
                "描述": "description",
                "需求": "needs",
                "企业需求": "needs",
            },
            codecs={"products": SHARES},
            private_fields=frozenset({"needs"}),
            lookup_keys=(("name", "province"),),
            read_only=LATEST_FINANCIALS,
        ),
        EntitySpec(
            supply_links,
            aliases={
                "供应商id": "supplier_id",
                "供应商": "supplier_id",
                "采购方id": "buyer_id",
                "采购方": "buyer_id",
                "产品": "product",
                "关系": "relationship_type",
                "置信度": "confidence",
                "备注": "notes",
            },
        ),
        EntitySpec(
            carriers,
            aliases={
                "园区id": "park_id",
                "园区": "park_id",
                "载体名称": "name",
                "名称": "name",
                "类型": "kind",
                "载体类型": "kind",
                "总面积": "total_area_m2",
                "建筑面积": "total_area_m2",
                "可租面积": "available_area_m2",
                "可用面积": "available_area_m2",
                "租金": "rent_yuan_m2_month",
                "最短租期": "min_lease_months",
                "楼面荷载": "floor_load_kn_m2",
                "承重": "floor_load_kn_m2",
                "电力容量": "power_capacity_kva",
                "洁净等级": "clean_room_grade",
                "可入驻日期": "available_from",
                "配套": "amenities",
                "配套设施": "amenities",
                "简介": "description",
                "描述": "description",
            },
        ),
        EntitySpec(
            tenancies,
            aliases={
                "企业id": "company_id",
                "企业": "company_id",
                "园区id": "park_id",
                "园区": "park_id",
                "载体id": "carrier_id",
                "载体": "carrier_id",
                "入驻方式": "kind",
                "类型": "kind",
                "面积": "area_m2",
                "入驻面积": "area_m2",
                "入驻日期": "since",
                "入驻时间": "since",
                "状态": "status",
            },
        ),
        EntitySpec(
            funds,
            aliases={
                "基金名称": "name",
                "名称": "name",
                "管理人": "manager",
                "基金管理人": "manager",
                "规模": "size_yuan",
                "基金规模": "size_yuan",
                "关注行业": "focus_industries",
                "投资领域": "focus_industries",
                "关注环节": "focus_node_ids",
                "投资阶段": "stages",
                "单笔最低": "ticket_min_yuan",
                "单笔最高": "ticket_max_yuan",
                "投资地域": "regions",
                "地域": "regions",
                "投资逻辑": "thesis",
                "园区id": "park_id",
                "园区": "park_id",
            },
        ),
        EntitySpec(
            investments,
            aliases={
                "基金id": "fund_id",
                "基金": "fund_id",
                "企业id": "company_id",
                "企业": "company_id",
                "被投企业": "company_id",
                "轮次": "round",
                "投资轮次": "round",
                "金额": "amount_yuan",
                "投资金额": "amount_yuan",
                "持股比例(%)": "share_pct",
                "持股比例": "share_pct",
                "投资日期": "invested_on",
                "投资时间": "invested_on",
                "状态": "status",
                "投资状态": "status",
                "备注": "note",
            },
        ),
        EntitySpec(
            providers,
            aliases={
                "机构名称": "name",
                "名称": "name",
                "类别": "category",
                "服务类别": "category",
                "服务地域": "regions",
                "地域": "regions",
                "服务行业": "industries",
                "行业": "industries",
                "服务内容": "services",
                "服务项目": "services",
                "简介": "description",
                "描述": "description",
                "园区id": "park_id",
                "园区": "park_id",
            },
        ),
        EntitySpec(
            policies,
            aliases={
                "标题": "title",
                "政策名称": "title",
                "范围": "scope",
                "层级": "scope",
                "省份": "province",
                "省": "province",
                "城市": "city",
                "市": "city",
                "园区id": "park_id",
                "园区": "park_id",
                "发布机构": "issuer",
                "发文机关": "issuer",
                "类别": "category",
                "政策类别": "category",
                "目标产业": "target_industries",
                "适用产业": "target_industries",
                "目标环节": "target_node_ids",
                "申报条件": "conditions",
                "条件": "conditions",
                "扶持内容": "benefit",
                "优惠": "benefit",
                "生效日期": "valid_from",
                "开始日期": "valid_from",
                "截止日期": "valid_to",
                "失效日期": "valid_to",
                "全文": "full_text",
                "政策原文": "full_text",
                "链接": "source_url",
                "原文链接": "source_url",
            },
        ),
    )
}


# Exported, not imported: a lead's history (its events) is written by the leads domain, one by one.
EXPORTS: dict[str, EntitySpec] = {
    **ENTITIES,
    "leads": EntitySpec(
        leads,
        aliases={
            "园区id": "park_id",
            "园区": "park_id",
            "企业id": "company_id",
            "企业": "company_id",
            "阶段": "stage",
            "线索阶段": "stage",
            "流失原因": "lost_reason",
            "负责人": "owner",
            "备注": "notes",
            "下次联系日期": "next_contact_on",
            "预计签约日期": "expected_signing_on",
        },
    ),
}


def get_spec(entity: str, registry: Mapping[str, EntitySpec] = ENTITIES) -> EntitySpec:
    """The entity's spec among those that can be imported (or, given EXPORTS, exported)."""
    spec = registry.get(entity)
    if spec is None:
        what = "imported" if registry is ENTITIES else "exported"
        raise NotFound(
            f"'{entity}' cannot be {what}; use one of: {', '.join(registry)}",
            details=[{"field": "entity", "reason": "unknown entity"}],
        )
    return spec

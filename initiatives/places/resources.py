"""django-import-export resources: the place tree to and from CSV / XLSX.

Columns: 名称, 层级 (省 市 区 县 街道 镇 乡 社区 村 网格, or the English value), 区划代码
(12 digits, may be empty), 上级 (the parent's 12-digit code, or its name path from the top:
``山东省/淄博市/张店区``; empty for a top-level place). Exported text that a spreadsheet
would take for a formula carries a leading apostrophe, which an import removes again. Parents must come before their
children in the file. A row is matched to an existing place by its code, else by its
parent and name, so importing the same file twice changes nothing. Every problem is
reported per row in Chinese, and a file with any bad row saves nothing."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from portal.cells import neutralise, restore
from portal.i18n import join_messages, join_names, labelled
from portal.text import unique_slug

from .models import Region, RegionKind
from .tree import check_kind, check_not_own_subtree, region_move

CODE_RE = re.compile(r"^\d{12}$")
COLUMNS = {"name": "名称", "kind": "层级", "code": "区划代码", "parent": "上级"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into a spreadsheet as a number
    # A file the portal exported carries formula-like text behind an apostrophe.
    return restore(str(value).strip())


class NameWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("请填写层级。"))
        for kind_value, label in RegionKind.choices:
            if text in (kind_value, str(label)):
                return kind_value
        allowed = join_names(RegionKind.labels)
        raise ValueError(
            _("层级“%(kind)s”无效，应为：%(allowed)s。") % {"kind": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(RegionKind(value).label) if value else ""


class CodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        if not CODE_RE.match(text):
            raise ValueError(_("区划代码“%(code)s”应为 12 位数字。") % {"code": text})
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ParentWidget(widgets.Widget):
    """The parent by its 12-digit code or by its name path from the top of the tree."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        if text.isdigit():
            if not CODE_RE.match(text):
                raise ValueError(
                    _("上级“%(parent)s”不是 12 位区划代码，也不是名称路径。") % {"parent": text}
                )
            region = Region.objects.filter(code=text).first()
            if region is None:
                raise ValueError(_("找不到区划代码为“%(code)s”的上级。") % {"code": text})
            return region
        names = [part.strip() for part in text.split("/") if part.strip()]
        region = None
        for depth, name in enumerate(names):
            found = Region.objects.filter(parent=region, name=name).first()
            if found is None:
                if region is None:
                    raise ValueError(
                        _("找不到上级“%(parent)s”：顶层没有“%(name)s”。")
                        % {"parent": text, "name": name}
                    )
                raise ValueError(
                    _("找不到上级“%(parent)s”：“%(above)s”下没有“%(name)s”。")
                    % {"parent": text, "above": "/".join(names[:depth]), "name": name}
                )
            region = found
        return region

    def render(self, value, obj=None, **kwargs):
        return value or ""


class RegionResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name=COLUMNS["name"], widget=NameWidget())
    kind = fields.Field(attribute="kind", column_name=COLUMNS["kind"], widget=KindWidget())
    code = fields.Field(attribute="code", column_name=COLUMNS["code"], widget=CodeWidget())
    parent = fields.Field(attribute="parent", column_name=COLUMNS["parent"], widget=ParentWidget())

    class Meta:
        model = Region
        fields = ("name", "kind", "code", "parent")
        export_order = ("name", "kind", "code", "parent")
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen_names: dict = {}
        self._seen_codes: dict = {}
        self._row_number = 0
        self._parent_refs: dict | None = None

    # Export: every text cell made inert against formula injection (portal.cells), the
    # parent as its code or its name path; the tree is read once.
    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def get_export_queryset(self, request=None, **kwargs):
        return Region.objects.order_by("path")

    def dehydrate_parent(self, region):
        if region.parent_id is None:
            return ""
        if self._parent_refs is None:
            rows = {
                pk: (name, parent_id, code)
                for pk, name, parent_id, code in Region.objects.values_list(
                    "pk", "name", "parent_id", "code"
                )
            }
            self._parent_refs = {}
            for pk, (_name, _parent, code) in rows.items():
                if code:
                    self._parent_refs[pk] = code
                    continue
                chain, cursor = [], pk
                while cursor is not None:
                    chain.append(rows[cursor][0])
                    cursor = rows[cursor][1]
                self._parent_refs[pk] = "/".join(reversed(chain))
        return self._parent_refs.get(region.parent_id, "")

    # Import.
    def before_import(self, dataset, **kwargs):
        missing = [c for c in (COLUMNS["name"], COLUMNS["kind"]) if c not in dataset.headers]
        if missing:
            raise ValidationError(_("表头缺少列：%(columns)s。") % {"columns": join_names(missing)})

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", self._row_number + 1)

    def get_instance(self, instance_loader, row):
        try:
            code = self.fields["code"].widget.clean(row.get(COLUMNS["code"]))
            parent = self.fields["parent"].widget.clean(row.get(COLUMNS["parent"]))
        except ValueError:
            return None  # import_instance reports the problem on the row
        name = _text(row.get(COLUMNS["name"]))
        if code:
            found = Region.objects.filter(code=code).first()
            if found is not None:
                return found
            return Region.objects.filter(parent=parent, name=name, code__isnull=True).first()
        return Region.objects.filter(parent=parent, name=name).first() if name else None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        instance.name = (instance.name or "").strip()
        if not instance.name:
            errors.setdefault("name", [_("请填写名称。")])
        if "kind" not in errors and "parent" not in errors:
            try:
                check_kind(kind=instance.kind, parent=instance.parent)
            except ValidationError as exc:
                errors.setdefault("kind", exc.message_dict["kind"])
        if "parent" not in errors and instance.pk:
            try:
                check_not_own_subtree(path=instance.path, parent=instance.parent)
            except ValidationError as exc:
                errors["parent"] = exc.message_dict["parent"]
        if "name" not in errors and "parent" not in errors:
            self._check_duplicates(instance, errors)
        if not instance.slug and instance.name:
            instance.slug = unique_slug(instance.name, model=Region)
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as exc:
            raise ValidationError(
                {COLUMNS.get(key, key): value for key, value in exc.message_dict.items()}
            )

    def _earlier_row(self, instance):
        """The number of an earlier row of this file with the same name under the same parent
        or the same code, or None."""
        for seen, key in (
            (self._seen_names, (instance.parent_id, instance.name)),
            (self._seen_codes, instance.code),
        ):
            earlier = seen.get(key) if key else None
            if earlier is not None and earlier != self._row_number:
                return earlier
        return None

    def _remember(self, instance) -> None:
        self._seen_names[(instance.parent_id, instance.name)] = self._row_number
        if instance.code:
            self._seen_codes[instance.code] = self._row_number

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An unchanged row is skipped, unless it repeats an earlier row of the same file: a
        # repeated row must be reported, not silently merged into the first.
        if not import_validation_errors and self._earlier_row(instance) is not None:
            return False
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if skip:
            self._remember(instance)
        return skip

    def _check_duplicates(self, instance, errors) -> None:
        parent_label = instance.parent.name if instance.parent_id else _("顶层")
        key = (instance.parent_id, instance.name)
        earlier = self._seen_names.get(key)
        if earlier is not None and earlier != self._row_number:
            errors["name"] = [
                _("与第 %(row)s 行重复：“%(parent)s”下已有名为“%(name)s”的区划。")
                % {"row": earlier, "parent": parent_label, "name": instance.name}
            ]
            return
        if instance.code:
            earlier_code = self._seen_codes.get(instance.code)
            if earlier_code is not None and earlier_code != self._row_number:
                errors["code"] = [
                    _("与第 %(row)s 行重复：区划代码“%(code)s”已被使用。")
                    % {"row": earlier_code, "code": instance.code}
                ]
                return
        clash = (
            Region.objects.filter(parent=instance.parent, name=instance.name)
            .exclude(pk=instance.pk)
            .first()
        )
        if clash is not None:
            errors["name"] = [
                _("“%(parent)s”下已有名为“%(name)s”的区划（区划代码：%(code)s）。")
                % {"parent": parent_label, "name": instance.name, "code": clash.code or _("无")}
            ]
            return
        self._remember(instance)

    def do_instance_save(self, instance, is_create):
        # A row that names another parent moves the place with its subtree.
        if is_create:
            instance.save()
        else:
            region_move(region=instance, parent=instance.parent)


def import_report(result) -> list[str]:
    """One Chinese line per problem: ``第 3 行：上级：找不到……``. Rows are counted from
    the first data row, as the admin's import page counts them."""

    def message(exc) -> str:
        return join_messages(exc.messages) if isinstance(exc, ValidationError) else str(exc)

    lines = [message(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        for error in errors:
            lines.append(
                _("第 %(row)s 行：%(error)s") % {"row": number, "error": message(error.error)}
            )
    for invalid in result.invalid_rows:
        parts = []
        for key, messages in invalid.error_dict.items():
            text = join_messages(messages)
            parts.append(text if key == NON_FIELD_ERRORS else labelled(key, text))
        lines.append(
            _("第 %(row)s 行：%(error)s") % {"row": invalid.number, "error": join_messages(parts)}
        )
    return lines

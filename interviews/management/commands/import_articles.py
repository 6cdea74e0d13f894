"""``manage.py import_articles FILE... [--dry-run] [--json] [--user NAME]``

Each file is imported on its own (one transaction per file): a bad file gets its
message and the others still go in. The exit status is non-zero only when every file
failed; a text that was imported before is reported as such and is not a failure.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from interviews.importer.errors import ImportRejected
from interviews.imports.services import Outcome, import_file, parse_upload, read_limited


class Command(BaseCommand):
    help = _("把原始稿件（.txt / .html）导入为待核对的草稿。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只解析并显示结果，不写入数据库。")
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help=_("每个文件输出一行 JSON。")
        )
        parser.add_argument("--user", help=_("记为导入人的用户名。"))

    def handle(self, *args, files, dry_run, as_json, user, **options):
        by = None
        if user and not dry_run:
            try:
                by = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("找不到用户“%(user)s”。") % {"user": user}) from None
        failures = 0
        for name in files:
            ok = self._one(Path(name), dry_run=dry_run, as_json=as_json, by=by)
            failures += 0 if ok else 1
        if failures == len(files):
            raise CommandError(_("全部 %(n)s 个文件均未能导入。") % {"n": len(files)})

    def _read(self, path: Path) -> bytes:
        try:
            with path.open("rb") as fileobj:
                return read_limited(fileobj)
        except FileNotFoundError:
            raise ImportRejected(_("找不到文件")) from None
        except IsADirectoryError:
            raise ImportRejected(_("这是一个目录，不是文件")) from None
        except OSError as exc:
            raise ImportRejected(_("无法读取文件（%(error)s）") % {"error": exc.strerror}) from None

    def _emit(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))

    def _one(self, path: Path, *, dry_run: bool, as_json: bool, by) -> bool:
        try:
            data = self._read(path)
        except ImportRejected as exc:
            message = _("%(name)s：%(reason)s") % {"name": path.name, "reason": exc.message}
            if as_json:
                self._emit({"file": str(path), "status": Outcome.REJECTED, "error": message})
            else:
                self.stderr.write(message)
            return False
        if dry_run:
            return self._dry_run(path, data, as_json=as_json)
        outcome = import_file(data=data, filename=path.name, by=by)
        if as_json:
            record = outcome.record
            payload = {
                "file": str(path),
                "status": outcome.status,
                "message": outcome.message,
                "import": record.pk if record else None,
                "article": record.article_id if record else None,
            }
            if outcome.status == Outcome.REJECTED:
                payload["error"] = outcome.message
            self._emit(payload)
        elif outcome.status == Outcome.REJECTED:
            self.stderr.write(outcome.message)
        elif outcome.status == Outcome.DUPLICATE:
            self.stdout.write(self.style.WARNING(outcome.message))
        else:
            self.stdout.write(self.style.SUCCESS(outcome.message))
        return outcome.ok

    def _dry_run(self, path: Path, data: bytes, *, as_json: bool) -> bool:
        try:
            parsed = parse_upload(data, path.name)
        except ImportRejected as exc:
            message = _("%(name)s：%(reason)s") % {"name": path.name, "reason": exc.message}
            if as_json:
                self._emit({"file": str(path), "status": Outcome.REJECTED, "error": message})
            else:
                self.stderr.write(message)
            return False
        if as_json:
            self._emit({**parsed.to_json(), "file": str(path)})
        else:
            self.stdout.write(
                _(
                    "%(name)s：可导入（标题《%(headline)s》，%(blocks)s 个正文块，%(changes)s 处清理）"
                )
                % {
                    "name": path.name,
                    "headline": parsed.headline or _("（无标题）"),
                    "blocks": len(parsed.body_blocks),
                    "changes": len(parsed.changes),
                }
            )
        return True

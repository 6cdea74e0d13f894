"""Create the search's RUM index after ``postgresql-15-rum`` was installed on a database
that was migrated without it (migration 0004 skips the index where the extension is
missing)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from interviews.search.rum import create_rum_index


class Command(BaseCommand):
    help = "Create the RUM index of the article search (PostgreSQL with the rum extension)."

    def handle(self, *args, **options):
        if not create_rum_index(connection):
            raise CommandError(
                _("数据库没有 rum 扩展：请先安装 postgresql-15-rum（仅 PostgreSQL）。")
            )
        self.stdout.write(_("已建立搜索的 RUM 索引。"))

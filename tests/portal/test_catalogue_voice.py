"""Django's own messages keep Django's Chinese wording: a third-party app earlier in
INSTALLED_APPS (django-rest-framework) ships the same msgids worded differently, and an
app's catalogue wins over Django's. The project's catalogue (LOCALE_PATHS, first of all)
pins Django's wording for every such msgid."""

import gettext
from pathlib import Path

import django
from django.apps import apps
from django.utils import translation


def catalogue(folder: Path) -> dict:
    path = folder / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_django_messages_read_as_django_words_them():
    own = catalogue(Path(django.__file__).parent / "conf" / "locale")
    clashes = {}
    for config in apps.get_app_configs():
        theirs = catalogue(Path(config.path) / "locale")
        for msgid, text in theirs.items():
            if isinstance(msgid, str) and msgid and msgid in own and own[msgid] != text:
                clashes[msgid] = own[msgid]
    assert "This field is required." in clashes  # the check sees the clash it guards
    with translation.override("zh-hans"):
        wrong = {
            m: translation.gettext(m) for m, w in clashes.items() if translation.gettext(m) != w
        }
    assert wrong == {}

"""Each purpose has its own jieba tokenizer: search's domain words never reach jieba's
global dictionary, so slugs and the importer's place names do not depend on what ran
before them in the process."""

import jieba
import pytest

from interviews.importer.places import _pos_tokenizer, cities_mentioned
from interviews.public.search import search
from interviews.search.analysis import DOMAIN_WORDS, query_words, segment_for_index
from portal.text import pinyin_slug, unique_slug
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_search_first_then_slugs_as_ever(make_article):
    make_article("红色管家进小区", status="published", blocks=[("answer", "红色管家和红色物业。")])
    assert [str(r.title) for r in search("红色管家")] == ["<mark>红色管家</mark>进小区"]
    # Search keeps its words whole...
    assert query_words("红色管家") == [["红色管家"]]
    assert "红色物业" in segment_for_index("推行红色物业")
    # ...and slugs are cut by the dictionary as shipped, whatever ran before.
    assert pinyin_slug("红色管家") == "hongse-guanjia"
    assert pinyin_slug("党建引领") == "dangjian-yinling"
    PersonFactory(slug="hongse-guanjia")
    assert unique_slug("红色管家", model=PersonFactory._meta.model) == "hongse-guanjia-2"


def test_a_search_first_then_the_importer_cuts_place_names_as_ever():
    segment_for_index("淮南市红色物业工作推进会，淄博市委党工委书记")
    words = [pair.word for pair in _pos_tokenizer().cut("淮南市红色物业，青岛市网格员")]
    assert words == ["淮南市", "红色", "物业", "，", "青岛市", "网格", "员"]
    assert cities_mentioned("淮南市红色物业工作推进会，淄博市委党工委书记") == {
        "淮南市": 1,
        "淄博市": 1,
    }


def test_jiebas_global_dictionary_is_never_touched():
    segment_for_index("红色管家")
    pinyin_slug("红色管家")
    jieba.dt.check_initialized()
    assert not any(word in jieba.dt.FREQ for word in ("红色管家", "网格员", "党工委书记"))
    assert set(DOMAIN_WORDS) >= {"红色管家", "网格员", "党工委书记"}

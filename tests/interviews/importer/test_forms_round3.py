"""Issue 13, third round: general rules for what heldout2 missed and for page forms the
corpus does not show yet. Each rule is tested on made-up lines of our own (places and
people invented unless a test is about the gazetteer), written apart from the corpus."""

import pytest

from interviews.importer.figures import extract_figures

# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "population"),
    [
        ("枣林镇人口3.1万，多数人家种枣。", 31000),  # 万 without 人
        ("全乡人口1.2万余，青壮年外出务工的多。", 12000),
        ("辖区人口约为4.6万人，流动人口占三成。", 46000),
        ("辖区总人口逾2万人。", 20000),
        ("全镇有1.8万人口，散居在十几条沟里。", 18000),  # the number before the word
        ("社区人口5200余人。", 5200),
    ],
)
def test_population_in_its_wordings(sentence, population):
    assert extract_figures(sentence).values.get("population") == population


@pytest.mark.parametrize(
    "sentence",
    [
        "辖区人口2.4万户，户均两亩茶园。",  # households, not people
        "去年全镇接待游客9万多人次。",
        "镇里每年有2万人外出打工。",  # people doing something, no 人口
    ],
)
def test_counts_that_are_not_the_population(sentence):
    assert "population" not in extract_figures(sentence).values


def test_party_members_after_the_owner_and_a_filler_word():
    assert extract_figures("全乡目前有党员860名，党员中四成是致富带头人。").values == {
        "party_members": 860
    }
    assert extract_figures("全镇共有党员1300余名。").values == {"party_members": 1300}
    # members doing something stay out
    assert extract_figures("全镇有320名党员认领了公益岗位。").values == {}

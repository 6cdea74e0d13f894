"""The unit picker: a text field that reads a name, a code or a suggestion's text, and
says what to type when it cannot tell; suggestions come from a small JSON endpoint."""

import pytest
from django import forms
from django.urls import reverse

from initiatives.models import RegionKind
from initiatives.places.forms import UnitChoiceField
from tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    unit = UnitChoiceField()


@pytest.fixture
def units():
    zibo = RegionFactory(name="淄博市", kind=RegionKind.CITY)
    zhangdian = RegionFactory(name="张店区", kind=RegionKind.DISTRICT, parent=zibo)
    heping = UnitFactory(name="和平街道", parent=zhangdian, code="370303004000")
    other = UnitFactory(name="和平街道", code="210902003000")
    beijie = UnitFactory(name="北街街道", parent=None)
    return {"heping": heping, "other": other, "beijie": beijie}


def picked(text):
    form = PickForm({"unit": text})
    return form.cleaned_data["unit"] if form.is_valid() else form.errors["unit"][0]


def test_the_field_reads_names_codes_and_suggestions(units):
    heping, beijie = units["heping"], units["beijie"]
    assert picked("370303004000") == heping
    assert picked("淄博市 张店区 和平街道 · 370303004000") == heping
    assert picked("北街街道") == beijie  # one unit bears the name
    assert picked(f"北街街道 · #{beijie.pk}") == beijie
    assert picked("和平街道") == "有多个单位叫“和平街道”：请从列表中选择，或填写区划代码。"
    assert picked("青云山街道") == (
        "没有找到单位“青云山街道”：请从列表中选择，或填写单位全称或区划代码。"
    )
    assert picked("淄博市") == "没有找到单位“淄博市”：请从列表中选择，或填写单位全称或区划代码。"


def test_the_widget_is_a_text_field_with_an_empty_list_and_the_chosen_unit(units):
    form = PickForm(initial={"unit": units["heping"]})
    html = str(form["unit"])
    assert "<select" not in html and 'type="text"' in html
    assert 'list="id_unit-list"' in html and '<datalist id="id_unit-list"></datalist>' in html
    assert 'value="淄博市 张店区 和平街道 · 370303004000"' in html
    assert f'data-unit-id="{units["heping"].pk}"' in html


def test_suggestions_name_the_place_above_and_skip_withdrawn_units(client, units):
    units["other"].withdrawn = True
    units["other"].save(update_fields=["withdrawn"])
    response = client.get(reverse("initiatives:unit_autocomplete"), {"q": "和平"})
    assert response.json() == {
        "results": [{"id": units["heping"].pk, "label": "淄博市 张店区 和平街道 · 370303004000"}]
    }
    assert client.get(reverse("initiatives:unit_autocomplete")).json() == {"results": []}
    assert client.post(reverse("initiatives:unit_autocomplete")).status_code == 405

from __future__ import annotations

from demo.region import load_region
from demo.support import load_support
from members.models import Member
from support.models import Measure
from support.queries import measures_for_member


def test_the_demo_catalogue_loads_twice_and_fits_arina(db: None) -> None:
    load_region()
    first = load_support()
    assert load_support() == first == {"measures": 6}
    shelf = Measure.objects.get(external_id="demo-shelf-kirovsk")
    assert shelf.provider_member is not None
    assert shelf.provider_member.external_id == "arina-solovyova"
    premises = Measure.objects.get(external_id="demo-premises-monchegorsk")
    assert premises.provider_kind == "administration"
    assert premises.town_keys == " monchegorsk "
    arina = Member.objects.get(external_id="arina-solovyova")
    for_me = measures_for_member(arina)
    eligible = {fit.measure.external_id for fit in for_me.eligible}
    assert {"demo-shelf-kirovsk", "demo-grant-creative-weekend"} <= eligible
    others = {fit.measure.external_id: fit for fit in for_me.others}
    assert others["demo-premises-monchegorsk"].verdict.failing[0].code == "towns"

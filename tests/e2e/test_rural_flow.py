"""End to end on a phone (issue #19, 390×844): a commissioner logs a training with a photo in
the portal — and a draft typed while the connection is lost comes back; staff see the key
village covered and the points sheet change; the regenerated report's §一(六) counts it."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from PIL import Image

from kechuang.accounts.choices import RegionLevel
from kechuang.core.models import Attachment
from kechuang.rural import services
from kechuang.rural.models import Training

from ..factories import RegionFactory
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_logs_a_training_on_a_phone(page, personas, regions, password, tmp_path):
    year = timezone.localdate().year
    today = timezone.localdate()
    village = RegionFactory(
        code=f"{regions.town_a.code}001",
        name="东村",
        level=RegionLevel.VILLAGE,
        parent=regions.town_a,
    )
    me = services.commissioner_create(
        actor=None,
        name="张农科",
        unit="县农业农村局",
        region=regions.county_a,
        user=personas.commissioner,
    )
    services.notice_issue(
        actor=None,
        title="关于调整甲县精准扶贫科技特派员名单的通知",
        issued_on=date(year, 1, 5),
        region=regions.county_a,
        added=[me],
    )
    me.refresh_from_db()
    services.assignment_create(actor=None, year=year, commissioner=me, area=regions.town_a)
    services.assignment_create(actor=None, year=year, commissioner=me, area=village)
    services.key_village_create(actor=None, village=village)
    services.rule_create(
        actor=None, year=year, item="participants", points=Decimal("0.1"), region=regions.county_a
    )
    photo = tmp_path / "现场.png"
    Image.new("RGB", (64, 48), (20, 140, 60)).save(photo)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "p-commissioner", password)
    page.goto(page.base_url + "/rural/mine/")
    assert "甲一镇" in page.get_by_test_id("portal-areas").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.get_by_test_id("log-training").click()
    page.wait_for_url("**/rural/trainings/add/")
    page.get_by_label("培训乡镇（街道）").select_option(label="甲一镇")
    page.get_by_label("培训主题").fill("设施蔬菜栽培技术")
    page.get_by_label("种养殖户（人次）").fill("35")
    # the connection drops as the commissioner saves: the typed training is kept
    page.context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - the browser's own network error
        page.get_by_role("button", name="保存").click()
        page.wait_for_url("**/rural/mine/", timeout=3000)
    page.context.set_offline(False)
    page.goto(page.base_url + "/rural/trainings/add/")
    assert page.get_by_test_id("draft-notice").is_visible()
    assert page.get_by_label("培训主题").input_value() == "设施蔬菜栽培技术"
    assert page.get_by_label("种养殖户（人次）").input_value() == "35"
    # a negative count is refused with the field named; then saved with a camera photo
    page.get_by_label("贫困劳动力（人次）").fill("-2")
    page.get_by_role("button", name="保存").click()
    assert "贫困劳动力（人次）不能为负数（填写的是-2）" in page.content()
    assert Training.objects.count() == 0
    page.get_by_label("贫困劳动力（人次）").fill("12")
    page.get_by_label("发放资料（份）").fill("80")
    page.get_by_label("现场照片").set_input_files(str(photo))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/rural/mine/")
    assert "设施蔬菜栽培技术（47人次）" in page.get_by_test_id("portal-trainings").inner_text()
    assert page.get_by_test_id("portal-points").inner_text().startswith("4.70")
    training = Training.objects.get()
    assert (training.commissioner, training.participants) == (me, 47)
    assert Attachment.objects.get().uploaded_by == personas.commissioner
    page.goto(page.base_url + "/rural/trainings/add/")  # the post landed: no stale draft
    assert not page.get_by_test_id("draft-notice").is_visible()
    page.context.clear_cookies()

    login(page, "p-staff-a", password)
    page.goto(page.base_url + f"/rural/coverage/?year={year}")
    assert "张农科" in page.get_by_test_id("coverage").inner_text()
    page.goto(page.base_url + f"/rural/points/?year={year}")
    assert page.get_by_test_id("points-total").first.inner_text() == "4.70"
    page.goto(page.base_url + f"/rural/points/{me.pk}/?year={year}")
    assert "设施蔬菜栽培技术（47人次）" in page.get_by_test_id("sheet-sources").inner_text()

    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill(str(year))
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "大力实施乡村振兴战略" in text
    assert (
        f"{today.month}月，分别在甲一镇举办了科技知识培训活动1场，发放各类科技宣传资料80份，"
        "培训贫困劳动力、种养殖户等47人次" in text
    )

"""Three past years of cultivation work for the demo: batches, trainings, pipelines, registrations.

Consistent with the registry the generator has already built: every HTE certificate gets the
pipeline that led to it (pool → … → recognised on its issue date, with its number), each year some
applicants were not recognised, every tech-SME qualification of last year has its registration
with the same number, and this year's work is under way (mobilised, self-evaluated, updates done
or overdue). Events are bulk-created (the certificates already exist, so the service that would
create them again is not called).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kechuang.accounts.models import Region

BATCH_MONTHS = (6, 7, 8)  # the province's usual calendar: June, July, August
NOT_RECOGNISED_REASONS = [
    "研发费用占比未达到要求",
    "高新技术产品（服务）收入占比不足60%",
    "知识产权与主要产品关联度不足",
    "创新能力评价得分不足70分",
]


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def batches_for(year: int) -> list[Any]:
    from kechuang.core.models import Batch

    result = []
    for number, month in enumerate(BATCH_MONTHS, 1):
        batch, _ = Batch.objects.get_or_create(
            kind="techsme",
            year=year,
            number=number,
            defaults={
                "opens_on": date(year, month, 1),
                "closes_on": _month_end(year, month),
                "publicise_by": date(year, 10, 15),
                "note": "演示数据",
            },
        )
        result.append(batch)
    return result


def hte_batches_for(year: int) -> None:
    from kechuang.core.models import Batch

    for number in (1, 2):
        Batch.objects.get_or_create(
            kind="hte",
            year=year,
            number=number,
            defaults={
                "closes_on": date(year, 6 + number, 25),
                "publicise_by": date(year, 9 + number, 10),
                "note": "演示数据",
            },
        )


def _sme_history(registrations: list[Any]) -> list[Any]:
    """The dated states that led each registration to where it stands."""
    from kechuang.cultivation.techsme.models import SmeEvent, SmeStatus

    path = [SmeStatus.MOBILISED, SmeStatus.SELF_EVALUATED, SmeStatus.PUBLICISED]
    events = []
    for item in registrations:
        batch = item.batch
        steps = {
            SmeStatus.MOBILISED: batch.opens_on,
            SmeStatus.SELF_EVALUATED: batch.opens_on + timedelta(days=10),
            SmeStatus.PUBLICISED: batch.closes_on + timedelta(days=15),
        }
        for state in path:
            on = min(steps[state], item.status_on)
            if state == item.status:
                break
            events.append(SmeEvent(registration=item, state=state, occurred_on=on, note="演示数据"))
        events.append(
            SmeEvent(
                registration=item,
                state=item.status,
                occurred_on=item.status_on,
                registration_number=item.registration_number,
                note="演示数据",
            )
        )
    return events


def build_history(rng: random.Random, counties: list[Region], log: Any) -> None:
    from kechuang.cultivation.hte.models import Activity, ActivityKind, PipelineEvent, Stage
    from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
    from kechuang.dataio.engine import create_audited
    from kechuang.enterprises.models import Enterprise, Qualification

    today = date.today()
    last = today.year - 1
    years = [last - 2, last - 1, last]
    calendars = {y: batches_for(y) for y in [*years, today.year]}
    for year in [*years, today.year]:
        hte_batches_for(year)
    totals = {"events": 0, "activities": 0, "registrations": 0}
    for county in counties:
        if Activity.objects.filter(region=county).exists():
            continue  # idempotent: this county already has its history
        enterprises = list(Enterprise.objects.filter(region__parent=county).order_by("pk"))
        certificates = {
            q.enterprise_id: q
            for q in Qualification.objects.filter(
                enterprise__region__parent=county, kind="hte", issued_on__year__in=years
            )
        }
        holders = {
            q.enterprise_id
            for q in Qualification.objects.filter(enterprise__region__parent=county, kind="hte")
        }
        events: list[PipelineEvent] = []
        for year in years:
            recognised = [
                e
                for e in enterprises
                if e.pk in certificates and certificates[e.pk].issued_on.year == year
            ]
            others = [e for e in enterprises if e.pk not in holders]
            failed = rng.sample(others, min(len(others), max(1, len(recognised) // 3)))
            applicants = recognised + failed
            if not applicants:
                continue
            training = Activity.objects.create(
                kind=ActivityKind.TRAINING,
                title=f"{year}年高新技术企业认定政策培训会",
                held_on=date(year, 4, rng.randint(10, 25)),
                place="县科技局会议室",
                organisers="县科技局、县财政局、县税务局",
                region=county,
            )
            training.enterprises.set(applicants)
            totals["activities"] += 1
            for enterprise in applicants:
                cert = certificates.get(enterprise.pk)
                batch = rng.choice([1, 2])
                steps: list[tuple[str, date, dict[str, Any]]] = [
                    (Stage.POOL, date(year, 3, rng.randint(1, 28)), {}),
                    (Stage.TRAINED, training.held_on, {"activity": training}),
                    (
                        Stage.GUIDED,
                        date(year, 5, rng.randint(1, 28)),
                        {"participants": "县科技局、县财政局、县税务局"},
                    ),
                    (Stage.VERIFIED, date(year, 6, rng.randint(1, 28)), {}),
                    (Stage.APPLIED, date(year, 6 + batch, rng.randint(1, 20)), {"batch": batch}),
                    (Stage.PUBLICISED, date(year, 9 + batch, rng.randint(1, 9)), {}),
                ]
                if cert is not None and cert.issued_on is not None:
                    publicised = steps[-1][1]
                    if cert.issued_on <= publicised:
                        steps[-1] = (Stage.PUBLICISED, cert.issued_on - timedelta(days=20), {})
                    if cert.issued_on < date(year, 9, 1):
                        # Issued early in the year (a certificate dated to expire soon after
                        # the day the demo is made): its steps fall before the issue date.
                        steps = _compressed(steps, date(year, 1, 1), cert.issued_on)
                    steps.append(
                        (
                            Stage.RECOGNISED,
                            cert.issued_on,
                            {
                                "certificate_number": cert.number,
                                "certificate_issued_on": cert.issued_on,
                            },
                        )
                    )
                else:
                    steps.append(
                        (
                            Stage.NOT_RECOGNISED,
                            date(year, 12, rng.randint(1, 20)),
                            {"reason": rng.choice(NOT_RECOGNISED_REASONS)},
                        )
                    )
                events.extend(
                    PipelineEvent(
                        enterprise=enterprise, year=year, stage=stage, occurred_on=on, **extra
                    )
                    for stage, on, extra in steps
                )
        events.extend(_this_year(rng, county, enterprises, holders, today, totals))
        create_audited(events, None, cid="demo-seed")
        totals["events"] += len(events)

        registrations: list[SmeRegistration] = []
        sme = Qualification.objects.filter(
            enterprise__region__parent=county, kind="tech_sme", year=last
        )
        for q in sme:
            batch = rng.choice(calendars[last])
            registrations.append(
                SmeRegistration(
                    enterprise_id=q.enterprise_id,
                    year=last,
                    batch=batch,
                    status=SmeStatus.REGISTERED,
                    status_on=batch.closes_on + timedelta(days=rng.randint(30, 60)),
                    registration_number=q.number,
                    updated_on=(
                        date(today.year, 3, rng.randint(1, 28)) if rng.random() < 0.8 else None
                    ),
                )
            )
        registered = {r.enterprise_id for r in registrations}
        candidates = [e for e in enterprises if e.pk not in registered]
        for enterprise in rng.sample(candidates, min(len(candidates), 12)):
            batch = rng.choice(calendars[today.year])
            status = rng.choice([SmeStatus.MOBILISED, SmeStatus.SELF_EVALUATED])
            registrations.append(
                SmeRegistration(
                    enterprise=enterprise,
                    year=today.year,
                    batch=batch,
                    status=status,
                    status_on=batch.opens_on + timedelta(days=rng.randint(0, 20)),
                )
            )
        created = create_audited(registrations, None, cid="demo-seed")
        create_audited(_sme_history(created), None, cid="demo-seed")
        totals["registrations"] += len(registrations)
    log(
        f"培育历史：{years[0]}—{today.year}年 {totals['activities']} 场培训（{today.year}年在办）、"
        f"{totals['events']} 条认定环节记录，{totals['registrations']} 条科小入库记录"
    )


def _compressed(steps: list[Any], start: date, end: date) -> list[Any]:
    """The same steps in order, spread evenly from ``start`` to the day before ``end``."""
    span = max((end - start).days - 1, 0)
    return [
        (stage, start + timedelta(days=span * i // len(steps)), extra)
        for i, (stage, _on, extra) in enumerate(steps)
    ]


def _this_year(
    rng: random.Random,
    county: Region,
    enterprises: list[Any],
    holders: set[int],
    today: date,
    totals: dict[str, int],
) -> list[Any]:
    """This year's cohort, still under way on the day the demo is generated (issue #14): a
    training held, enterprises spread over the steps up to publicity, every date before today
    (the steps fall evenly between 1 January and today, so a January demo has them too)."""
    from kechuang.cultivation.hte.models import Activity, ActivityKind, PipelineEvent, Stage

    others = [e for e in enterprises if e.pk not in holders]
    cohort = rng.sample(others, min(len(others), 15))
    if not cohort:
        return []
    steps = [Stage.POOL, Stage.TRAINED, Stage.GUIDED, Stage.VERIFIED, Stage.APPLIED]
    steps.append(Stage.PUBLICISED)
    start = date(today.year, 1, 1)
    span = max((today - start).days, len(steps))

    def day(index: int) -> date:
        return min(today, start + timedelta(days=span * (index + 1) // (len(steps) + 1)))

    training = Activity.objects.create(
        kind=ActivityKind.TRAINING,
        title=f"{today.year}年高新技术企业认定政策培训会",
        held_on=day(1),
        place="县科技局会议室",
        organisers="县科技局、县财政局、县税务局",
        region=county,
    )
    training.enterprises.set(cohort)
    totals["activities"] += 1
    from kechuang.core.models import Batch

    batches = list(Batch.objects.filter(kind="hte", year=today.year).order_by("number"))
    applied_at = steps.index(Stage.APPLIED)
    # The calendar decides who may still be on the way: once every batch has closed, all but
    # two dropouts have applied; once a batch's publicity date has passed, its applicants are
    # publicised — so the demo's board flags only what a real one would (issue #14).
    closed = bool(batches) and all(b.closes_on < today for b in batches)
    dropouts = 2
    events = []
    for enterprise in cohort:
        reached = rng.choice([1, 2, 3, 4, 4, 5, 5])  # how far each has come
        if closed and reached < applied_at:
            if dropouts:
                dropouts -= 1
            else:
                reached = applied_at
        batch = next((b for b in batches if b.closes_on >= day(applied_at)), None)
        batch = batch or (batches[-1] if batches else None)
        if reached == applied_at and batch and batch.publicise_by and batch.publicise_by < today:
            reached = applied_at + 1
        for index, stage in enumerate(steps[: reached + 1]):
            extra: dict[str, Any] = {}
            on = day(index)
            if stage == Stage.TRAINED:
                extra = {"activity": training}
            elif stage == Stage.GUIDED:
                extra = {"participants": "县科技局、县财政局、县税务局"}
            elif stage == Stage.APPLIED:
                extra = {"batch": batch.number if batch else 1}
                if batch is not None:
                    on = min(on, batch.closes_on)
            elif stage == Stage.PUBLICISED and batch is not None and batch.publicise_by:
                on = max(min(on, batch.publicise_by), min(day(applied_at), batch.closes_on))
            events.append(
                PipelineEvent(
                    enterprise=enterprise,
                    year=today.year,
                    stage=stage,
                    occurred_on=on,
                    **extra,
                )
            )
    return events


def build_targets(counties: list[Region], log: Any) -> None:
    """This year's and next year's targets for the demo county (the report's plan reads them)."""
    from kechuang.accounts.models import User
    from kechuang.targets.models import Target
    from kechuang.targets.services import target_set

    staff = User.objects.filter(username="demo-staff").first()
    if staff is None or Target.objects.exists():
        return
    year = date.today().year
    for y, values in ((year, (35, 280, 50)), (year + 1, (40, 300, 60))):
        for metric, value in zip(
            ("hte_recognised", "tech_sme_registered", "hte_trained"), values, strict=True
        ):
            target_set(actor=staff, year=y, metric=metric, value=value)
        # plan §三(四): high-level talents introduced (projects.IntroducedTalent)
        target_set(actor=staff, year=y, metric="talent_introduced", value=values[0] // 5)
    log(f"年度目标：{year}、{year + 1}年")

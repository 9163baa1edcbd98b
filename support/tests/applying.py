"""What the applicant's tests share: a measure with a form of every kind, and files."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import User
from support.models import Application, FieldKind, FormField, Measure
from support.services import check_save_draft, check_submit_application
from support.tests.factories import make_measure

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def with_form(measure: Measure) -> dict[str, FormField]:
    """Give the measure a question of every kind; return them by kind."""
    rows = [
        ("text", "Название проекта", FieldKind.TEXT, True, ""),
        ("about", "Опишите проект", FieldKind.LONG_TEXT, False, ""),
        ("jobs", "Сколько рабочих мест создадите", FieldKind.NUMBER, False, ""),
        ("stage", "Стадия проекта", FieldKind.CHOICE, True, "Идея\nЗапуск\nРост"),
        ("plan", "Бизнес-план", FieldKind.FILE, True, ""),
    ]
    return {
        key: FormField.objects.create(
            measure=measure,
            label=label,
            kind=kind,
            required=required,
            options=options,
            position=number,
        )
        for number, (key, label, kind, required, options) in enumerate(rows)
    }


def measure_with_form(**fields: Any) -> tuple[Measure, dict[str, FormField]]:
    measure = make_measure(**fields)
    return measure, with_form(measure)


def full_answers(form: dict[str, FormField]) -> dict[str, str]:
    return {str(form["text"].pk): "Гончарная студия", str(form["stage"].pk): "Запуск"}


def sent_application(user: User, measure: Measure, form: dict[str, FormField]) -> Application:
    draft = check_save_draft(user, measure, full_answers(form), {form["plan"].pk: pdf()})
    return check_submit_application(user, draft)

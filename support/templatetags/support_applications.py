"""An application's status as a badge in words, on every page that lists applications."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from support.application_queries import STATUS_COLOURS, status_label
from support.models import ApplicationStatus

register = template.Library()


@register.filter
def application_status(status: str) -> str:
    return status_label(status)


@register.simple_tag
def status_badge(status: str) -> SafeString:
    colour = STATUS_COLOURS[ApplicationStatus(status)]
    return format_html(
        '<span class="badge {}" data-test="status" data-status="{}">{}</span>',
        colour,
        status,
        status_label(status),
    )

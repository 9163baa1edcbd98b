"""How allauth speaks for the cluster: the cluster's own name in its e-mails, and the page a
person was heading to kept through the confirmation link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from core.queries import cluster_settings


@dataclass(frozen=True)
class ClusterSite:
    """Stands in for `current_site` in allauth's e-mails, which otherwise greet from the host
    name ("Вас приветствует 127.0.0.1:8300!")."""

    name: str
    domain: str


class ClusterAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no types
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = context.get("request") or self.request
        site = ClusterSite(cluster_settings().name, get_current_site(request).domain)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        """Return the confirmation link, carrying the page the person signed up for.

        allauth keeps `next` in the session only, so a link opened from the mail app, in
        another browser or after the session ended, lost it (the join form, most often).
        The confirmation page honours `?next=` itself."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        wanted = _wanted_page(request)
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: wanted})}" if wanted else url


def _wanted_page(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from core.models import ApiToken, ClusterSettings, Page

if TYPE_CHECKING:
    from members.models import User


def cluster_settings() -> ClusterSettings:
    """Return the cluster's settings, or unsaved defaults before an agency has set them."""
    settings = ClusterSettings.objects.first()
    if settings is None:
        settings = ClusterSettings(
            name_ru="Креативный кластер",
            name_en="Creative cluster",
            region_ru="Мурманская область",
            region_en="Murmansk region",
        )
    return settings


def page_by_slug(slug: str) -> Page:
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        raise Http404
    return page


def user_for_api_key(key: str) -> User | None:
    """Return the active account behind an API key, recording when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def access_api_token_for_user(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token

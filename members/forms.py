from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inn import InvalidInn, check_inn
from core.models import Industry, Town
from core.widgets import industry_checkboxes
from members.models import ORGANISATION_FORMS, Application, LegalForm, Member, Role, User
from members.services import ApplicationData, InnTakenError, check_inn_free

INN_MESSAGES = {
    "digits": _("An INN consists of digits only."),
    "length": _("An INN has 10 digits (organisations) or 12 digits (individuals)."),
    "checksum": _("This INN is not valid: its check digits do not match. Please check for a typo."),
}


def clean_inn_for_legal_form(inn: str, legal_form: str) -> str:
    """Return the normalised ИНН; raise ValidationError with a message people can act on."""
    inn = (inn or "").replace(" ", "").strip()
    if not inn:
        if legal_form and legal_form != LegalForm.NONE:
            raise forms.ValidationError(_("Enter the INN of your business."), code="required")
        return ""
    try:
        inn = check_inn(inn)
    except InvalidInn as error:
        raise forms.ValidationError(INN_MESSAGES[str(error)], code="invalid") from error
    if legal_form in ORGANISATION_FORMS and len(inn) != 10:
        raise forms.ValidationError(
            _("An organisation's INN has 10 digits."), code="invalid_length"
        )
    if legal_form in (LegalForm.IP, LegalForm.SELF_EMPLOYED) and len(inn) != 12:
        raise forms.ValidationError(
            _("An individual's INN (sole proprietor, self-employed) has 12 digits."),
            code="invalid_length",
        )
    return inn


class ApplicationForm(forms.ModelForm[Application]):
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        label=_("Creative industries"),
        widget=industry_checkboxes(),
        help_text=_("Choose one or more."),
    )
    consent_personal_data = forms.BooleanField(
        required=True,
        label=_("I agree to the processing of my personal data for reviewing this application."),
        error_messages={"required": _("Without this consent we cannot review the application.")},
    )
    # The visibility model people agree to (docs/adr/0008-who-sees-a-member.md): a change of
    # meaning here needs a new CONSENT_TEXT_VERSION.
    consent_public_profile = forms.BooleanField(
        required=False,
        label=_(
            "Show my profile to everyone once I am accepted: in the directory, in other "
            "members' partner suggestions, to project producers looking for a team and to "
            "clients' orders looking for a maker."
        ),
        help_text=_(
            "Without this consent only the curators see your profile: nobody else finds you, "
            "invites you to a team or has you suggested, and orders are not sent to you "
            "automatically. You still see public profiles and your own suggestions. You can "
            "change this later in your profile. A person's INN (self-employed, sole "
            "proprietor) is never shown to other members: only to you and the curators."
        ),
    )

    class Meta:
        model = Application
        fields = [
            "role",
            "kind",
            "full_name",
            "organisation",
            "legal_form",
            "inn",
            "town",
            "industries",
            "about",
            "wants",
            "jobs",
            "link_vk",
            "link_telegram",
            "link_site",
            "consent_public_profile",
        ]
        widgets = {
            "role": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 4}),
            "wants": forms.Textarea(attrs={"rows": 3}),
            "inn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "inn": _("10 digits for an organisation, 12 for a sole proprietor or self-employed."),
            "about": _("What you make or do, for whom, where."),
            "wants": _("Partners, orders, premises, training, support…"),
        }

    def __init__(self, *args: Any, applicant: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        town = cast(forms.ModelChoiceField[Town], self.fields["town"])
        town.queryset = Town.objects.all()
        town.empty_label = _("— choose your town —")
        self.fields["consent_personal_data"].initial = False
        self.fields["consent_public_profile"].initial = False
        self.order_fields([*self.Meta.fields, "consent_personal_data"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "inn" in cleaned or "inn" not in self.errors:
            try:
                cleaned["inn"] = clean_inn_for_legal_form(
                    cleaned.get("inn", ""), cleaned.get("legal_form", "")
                )
            except forms.ValidationError as error:
                self.add_error("inn", error)
        if self.applicant is not None and cleaned.get("inn") and "inn" not in self.errors:
            try:
                check_inn_free(self.applicant, cleaned["inn"])
            except InnTakenError as error:
                self.add_error("inn", forms.ValidationError(str(error), code="inn_taken"))
        if cleaned.get("kind") == "organisation" and not cleaned.get("organisation"):
            self.add_error("organisation", _("Enter the organisation's name."))
        return cleaned

    def to_data(self) -> ApplicationData:
        c = self.cleaned_data
        return ApplicationData(
            role=c["role"],
            kind=c["kind"],
            full_name=c["full_name"],
            legal_form=c["legal_form"],
            town=c["town"],
            about=c["about"],
            wants=c["wants"],
            industries=list(c["industries"]),
            organisation=c.get("organisation", ""),
            inn=c.get("inn", ""),
            jobs=c.get("jobs") or 1,
            link_vk=c.get("link_vk", ""),
            link_telegram=c.get("link_telegram", ""),
            link_site=c.get("link_site", ""),
            consent_public_profile=bool(c.get("consent_public_profile")),
        )


class DecisionForm(forms.Form):
    DECISIONS = [
        ("accept", _("Accept")),
        ("ask_info", _("Ask for more information")),
        ("decline", _("Decline")),
    ]
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") in ("ask_info", "decline")
            and not cleaned.get("message", "").strip()
        ):
            self.add_error(
                "message",
                _("Write what is missing or why you decline: the applicant reads it."),
            )
        return cleaned


def validate_avatar(image: UploadedFile[bytes] | None) -> None:
    if image and image.size and image.size > settings.AVATAR_MAX_BYTES:
        raise forms.ValidationError(
            _("The image is too large: at most %(mb)s MB.")
            % {"mb": settings.AVATAR_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )


class ProfileForm(forms.ModelForm[Member]):
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        label=_("Creative industries"),
        widget=industry_checkboxes(),
    )

    class Meta:
        model = Member
        fields = [
            "display_name",
            "organisation",
            "town",
            "industries",
            "about",
            "wants",
            "jobs",
            "registered_on",
            "link_vk",
            "link_telegram",
            "link_site",
            "avatar",
            "public_profile",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4}),
            "wants": forms.Textarea(attrs={"rows": 3}),
            "avatar": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "registered_on": _(
                "When your sole proprietorship, company or self-employment was registered: "
                "some support measures depend on the age of the business."
            ),
            "jobs": _(
                "Everyone who works in the business, you included. Changes are kept as history."
            ),
            "public_profile": _(
                "Anyone can see a public profile, and it is suggested to other members, "
                "producers and clients' orders; otherwise only curators see it and nobody "
                "else finds you."
            ),
        }

    def clean_avatar(self) -> Any:
        avatar = self.cleaned_data.get("avatar")
        validate_avatar(avatar if isinstance(avatar, UploadedFile) else None)
        return avatar

    def clean_registered_on(self) -> date | None:
        registered_on: date | None = self.cleaned_data.get("registered_on")
        if registered_on is not None and registered_on > timezone.localdate():
            raise forms.ValidationError(
                _("The registration date cannot be in the future."), code="future"
            )
        return registered_on


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    town = forms.ModelChoiceField(
        queryset=Town.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Town"),
        empty_label=_("All towns"),
    )
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Industry"),
        empty_label=_("All industries"),
    )
    role = forms.ChoiceField(
        required=False,
        label=_("Role"),
        choices=[("", _("All roles"))]
        + [(r.value, r.label) for r in (Role.RESIDENT, Role.PRODUCER, Role.PARTNER)],
    )
    legal_form = forms.ChoiceField(
        required=False, label=_("Legal form"), choices=[("", _("All forms")), *LegalForm.choices]
    )

    def select_fields(self) -> list[tuple[Any, list[tuple[Any, str]]]]:
        """Return each select with its options as a list, read once (the page loops over it)."""
        names = ("town", "industry", "role", "legal_form")
        return [
            (self[name], list(iter(cast(Iterable[tuple[Any, str]], self.fields[name].choices))))  # type: ignore[attr-defined]
            for name in names
        ]

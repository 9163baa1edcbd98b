from django.forms.renderers import TemplatesSetting


class ClusterFormRenderer(TemplatesSetting):
    """Render every form (ours and allauth's) with the cluster's design."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

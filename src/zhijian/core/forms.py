"""Identifier validators for models and forms, sharing the bilingual messages of core.identifiers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from zhijian.core import identifiers
from zhijian.core.identifiers import IdentifierError


@deconstructible
class IdentifierValidator:
    """Model-field validator by the name of a core.identifiers function (serialisable in migrations)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, value: str) -> None:
        if not value:
            return
        try:
            getattr(identifiers, self.name)(value)
        except IdentifierError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdentifierValidator) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


class IdentifierFormField(forms.CharField):
    """A form field that normalises (e.g. full-width to half-width) and validates an identifier."""

    def __init__(self, *args, validator=None, **kwargs):
        self.identifier_validator = validator
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and self.identifier_validator:
            try:
                return self.identifier_validator(value)
            except IdentifierError as exc:
                raise ValidationError(str(exc), code="invalid") from exc
        return value


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget Bootstrap's small control classes."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        widget.attrs.setdefault("class", css)
    return form


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

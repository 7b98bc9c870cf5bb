"""The printable certificate (条例 Art. 28 content): WeasyPrint with Debian's Noto CJK fonts and a
QR code (segno) that opens the public verification page."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from zhijian.licensing.models import Licence


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def certificate_html(licence: Licence, verify_url: str) -> str:
    return render_to_string("licensing/certificate.html", {
        "licence": licence, "verify_url": verify_url, "qr": qr_svg(verify_url),
        "today": timezone.localdate(), "status_on": licence.effective_status(timezone.localdate()),
    })


def certificate_document(licence: Licence, verify_url: str) -> Any:
    """The rendered WeasyPrint document (pages and their text boxes), before writing the PDF."""
    from weasyprint import HTML

    return HTML(string=certificate_html(licence, verify_url), base_url="/").render()


def certificate_pdf(licence: Licence, verify_url: str) -> bytes:
    return certificate_document(licence, verify_url).write_pdf()


def document_text(document: Any) -> str:
    """The text laid out on the document's pages (WeasyPrint's own layout boxes)."""
    out: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            out.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "".join(out)

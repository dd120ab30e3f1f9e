"""Forms of makers' product management: the product form, the image upload and the per-image actions."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from catalog.products import services
from catalog.products.categories import CATEGORY_LABELS, UNIT_LABELS
from catalog.products.images import MAX_IMAGES_PER_PRODUCT
from i18n.forms import Form, VocabularyField
from i18n.locales import LOCALE_NAMES
from market.uploads.images import MAX_PIXELS, max_image_bytes

TIER_ROWS = 4


def one_newline(text: str | None) -> str | None:
    """A text with each line break as one character (browsers send two), so the limit counts what people see."""
    return text.replace("\r\n", "\n") if text else text


class WholeNumberField(IntegerField):
    """An integer that may be typed with thousands separators or a won sign ("250,000", "₩ 250 000")."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [str(v).replace(",", "").replace("₩", "").replace("_", "").replace(" ", "").strip()
                         for v in valuelist]
        super().process_formdata(valuelist)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TierForm(Form):
    """One quantity price: from this quantity on, this unit price."""

    class Meta:
        csrf = False

    min_qty = WholeNumberField(_l("From quantity"), validators=[Optional(), NumberRange(min=1)])
    price_krw = WholeNumberField(_l("Unit price (won)"), validators=[Optional(), NumberRange(min=1)])


class ProductForm(Form):
    """A product's details; its texts are in the maker's source language."""

    category = SelectField(_l("Category"), validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=services.MAX_TITLE)])
    # No maxlength attribute: a browser would cut a pasted text silently at the limit. The counter
    # (static/js/counter.js) shows the length as the maker types, and a longer text comes back marked.
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=services.MAX_DESCRIPTION)],
                                filters=[one_newline], render_kw={"maxlength": False, "data-maxchars": services.MAX_DESCRIPTION})
    price_krw = WholeNumberField(_l("Unit price (won)"),
                                 validators=[Optional(), NumberRange(min=1, max=services.MAX_PRICE_KRW)],
                                 description=_l("Whole won per unit, e.g. 250000. Needed to publish; buyers "
                                                "see it in their currency."))
    srp_krw = WholeNumberField(_l("Suggested retail price (won)"),
                               validators=[Optional(), NumberRange(min=1, max=services.MAX_PRICE_KRW)],
                               description=_l("Optional: the shelf price you suggest to shops, shown on line sheets."))
    moq = WholeNumberField(_l("Minimum order quantity"), default=1,
                           validators=[InputRequired(), NumberRange(min=1, max=services.MAX_QUANTITY)])
    unit = SelectField(_l("Unit"), validators=[InputRequired()])
    tiers = FieldList(FormField(TierForm), min_entries=TIER_ROWS, max_entries=TIER_ROWS)
    lead_time_days = WholeNumberField(_l("Lead time (days)"), default=14,
                                      validators=[InputRequired(),
                                                  NumberRange(min=0, max=services.MAX_LEAD_TIME_DAYS)])
    hs_code = StringField(_l("HS code"), validators=[Optional(), Length(max=20)],
                          description=_l("6 to 10 digits, e.g. 640399."))
    materials = VocabularyField(_l("Materials"), vocabulary="materials", max_values=services.MAX_MATERIALS,
                                description=_l("Tick them in the list: buyers read them in their own language. "
                                               "Write the others under “Other”."))
    length_mm = WholeNumberField(_l("Length (mm)"), validators=[Optional(), NumberRange(min=1)])
    width_mm = WholeNumberField(_l("Width (mm)"), validators=[Optional(), NumberRange(min=1)])
    height_mm = WholeNumberField(_l("Height (mm)"), validators=[Optional(), NumberRange(min=1)])
    weight_g = WholeNumberField(_l("Weight (g)"), validators=[Optional(), NumberRange(min=1)])
    incoterms = CheckboxesField(_l("Incoterms offered"), choices=[SelectChoice(t, t) for t in services.INCOTERMS],
                                validators=[Optional()])

    def __init__(self, *args, source_locale: str = "ko", **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(code, label) for code, label in CATEGORY_LABELS.items()]
        self.unit.choices = [SelectChoice(code, label) for code, label in UNIT_LABELS.items()]
        language = LOCALE_NAMES.get(source_locale, source_locale)
        self.title.label.text = _("Title (%(language)s)", language=language)
        self.description.label.text = _("Description (%(language)s)", language=language)
        self.description.description = _("What it is, how it is made and what buyers can choose. Needed to "
                                         "publish. At most %(n)s characters.",
                                         n=format_decimal(services.MAX_DESCRIPTION))
        # Messages from the service for groups of inputs (quantity prices, dimensions) that have no single field.
        self.group_errors: dict[str, str] = {}

    def fill(self, product: services.Product, title: str, description: str) -> None:
        """Show a stored product (used for GET; a POST keeps what was typed)."""
        for name in ("category", "price_krw", "moq", "unit", "lead_time_days", "hs_code", "weight_g"):
            getattr(self, name).data = getattr(product, name)
        self.price_krw.data = product.price_krw or None
        self.srp_krw.data = product.srp_krw
        self.title.data, self.description.data = title, description
        self.materials.data = list(product.materials or [])
        self.incoterms.data = list(product.incoterms or [])
        dimensions = list(product.dimensions_mm or []) + [None, None, None]
        self.length_mm.data, self.width_mm.data, self.height_mm.data = dimensions[:3]
        for entry, tier in zip(self.tiers.entries, product.quantity_tiers or [], strict=False):
            entry.form.min_qty.data, entry.form.price_krw.data = tier["min_qty"], tier["price_krw"]

    def to_input(self) -> services.ProductInput:
        """The typed values for the service, which validates them."""
        return services.ProductInput(
            category=self.category.data or "", title=self.title.data or "", description=self.description.data or "",
            price_krw=self.price_krw.data, srp_krw=self.srp_krw.data, moq=self.moq.data, unit=self.unit.data or "",
            quantity_tiers=[(e.form.min_qty.data, e.form.price_krw.data) for e in self.tiers.entries],
            lead_time_days=self.lead_time_days.data, hs_code=self.hs_code.data, materials=list(self.materials.data or []),
            dimensions_mm=(self.length_mm.data, self.width_mm.data, self.height_mm.data),
            weight_g=self.weight_g.data, incoterms=list(self.incoterms.data or []))

    def refuse(self, refusal) -> None:
        """Show a service's refusal next to the fields it names; quantity prices and dimensions are groups of
        inputs that get one message each."""
        for name, message in refusal.fields.items():
            if name in ("quantity_tiers", "dimensions_mm"):
                self.group_errors[name] = message
            else:
                self.add_error(name, message)
        if not refusal.fields:
            self.add_error(None, refusal.message)

    @property
    def has_errors(self) -> bool:
        """Whether anything on the form is refused."""
        return bool(self.errors or self.group_errors or self.form_errors)


class ImageUploadForm(Form):
    """Pictures to add to a product."""

    images = MultipleFileField(_l("Photos"), render_kw={"accept": "image/jpeg,image/png,image/webp"})
    alt_text = StringField(_l("Description for people who cannot see the photos (optional)"),
                           validators=[Optional(), Length(max=300)],
                           description=_l("If empty, the product's title is used."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.images.description = _(
            "JPEG, PNG or WEBP, up to %(mb)s MB and %(mp)d megapixels each; at most %(n)d images per product. "
            "Location and camera data are removed.", mb=f"{max_image_bytes() / (1024 * 1024):g}",
            mp=MAX_PIXELS // 1_000_000, n=MAX_IMAGES_PER_PRODUCT)


class ImageAltForm(Form):
    """An image's text alternative."""

    alt_text = StringField(_l("Text alternative"), validators=[Optional(), Length(max=300)])


class ImageMoveForm(Form):
    """Move an image one place earlier or later."""

    direction = SelectField(choices=[SelectChoice("up", "up"), SelectChoice("down", "down")], validators=[InputRequired()])


class ActionForm(Form):
    """A button-only form (publish, unpublish, delete): the CSRF token is the content."""

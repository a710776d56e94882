"""Submit a rendered form the way a browser would: every field with the value the page shows.

Edit tests start from what the page renders, not from a hand-made dict, so a value the page does not carry
back (a goal the formset drops, a selection that is not rendered) is caught as lost.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._textarea_value: list[str] = []
        self._select: str | None = None
        self._select_multiple = False
        self._select_chosen: list[str] = []
        self._select_first: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.found and (self.form_id is None or attrs.get("id") == self.form_id):
            if attrs.get("method", "get").lower() == "post":
                self.in_form = self.found = True
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._textarea_value = name, []
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_multiple = name, "multiple" in attrs
            self._select_chosen, self._select_first = [], None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._select_chosen.append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            # The HTML parser keeps the newline browsers drop right after <textarea>.
            value = "".join(self._textarea_value)
            self.data.append((self._textarea, value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = self._select_chosen
            if not chosen and not self._select_multiple and self._select_first is not None:
                chosen = [self._select_first]
            self.data.extend((self._select, value) for value in chosen)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea_value.append(data)


def form_data(html: str | bytes, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The values the first POST form on the page (or the form with `form_id`) would submit unchanged."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(form_id)
    parser.feed(html)
    assert parser.found, "no POST form on the page"
    data: dict[str, str | list[str]] = {}
    for name, value in parser.data:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data
